"""Invoices for the benchmarks: as the browser sends them (drafts) and as the PDF worker receives them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import BankAccount, InvoiceContent, InvoiceLine, Party, RenderRequest, Totals, VatSubtotal
from services.invoices.money import QUANTITY_SCALE, line_amount_minor, tax_minor, to_minor_units
from services.invoices.validation import MAX_DESCRIPTION, MAX_NOTES
from services.pdf.document import printed_invoice
from services.pdf.printed import PrintedInvoice

WORDS = ["design", "review", "implementation", "testing", "deployment", "support", "migration", "training", "analysis"]
SELLER = Party(name="Acme GmbH", street="Street 1", postcode="10115", city="Berlin", country="DE", vat_id="DE136695976",
               email="billing@acme.example")
BANK = BankAccount(iban="DE89370400440532013000", bic="COBADEFFXXX", bank_name="Commerzbank")
TAX_RATE_THOUSANDTHS = 20_000  # 20 %


def description(i: int, *, longest: bool = False) -> str:
    """Realistic: two lines in three are short, the third wraps; `longest`: the longest the form accepts."""
    if longest:
        text = " ".join(f"{WORDS[(i + k) % len(WORDS)]}-{i}" for k in range(200))
        return text[:MAX_DESCRIPTION].rstrip()
    if i % 3 == 0:
        return f"Item {i}: consulting work covering {WORDS[i % len(WORDS)]}, review and the deployment to production"
    return f"Item {i}: {WORDS[i % len(WORDS)]}"


def notes(*, longest: bool = False) -> str:
    if longest:
        return ("Payment within 30 days to the account below. " * 60)[:MAX_NOTES].rstrip()
    return "Payment within 30 days.\nThank you!"


def draft(line_count: int, *, longest: bool = False, client: str = "Zoë Müller") -> InvoiceDraft:
    lines = tuple(LineDraft(description=description(i, longest=longest), quantity=_quantity(i),
                            unit_price=_price(i)) for i in range(1, line_count + 1))
    return InvoiceDraft(client_name=client, client_email="zoe@example.com", issue_date="2026-11-24",
                        due_date="2026-12-24", currency="EUR", tax_rate="20", notes=notes(longest=longest),
                        lines=lines)


def content(line_count: int, *, longest: bool = False) -> InvoiceContent:
    """draft(line_count) as the server stores it, computed with the app's money rules; any size, even past the cap."""
    lines = []
    for i in range(1, line_count + 1):
        quantity, price = int(Decimal(_quantity(i)) * QUANTITY_SCALE), to_minor_units(Decimal(_price(i)), "EUR")
        lines.append(InvoiceLine(description(i, longest=longest), quantity, price, line_amount_minor(quantity, price),
                                 unit="HUR", vat_rate_thousandths=TAX_RATE_THOUSANDTHS))
    subtotal = sum(line.amount_minor for line in lines)
    tax = tax_minor(subtotal, TAX_RATE_THOUSANDTHS)
    breakdown = (VatSubtotal("S", TAX_RATE_THOUSANDTHS, taxable_minor=subtotal, tax_minor=tax),)
    return InvoiceContent(
        seller=SELLER, client=Party(name="Zoë Müller — Łódź", email="zoe@example.com"), issue_date=date(2026, 11, 24),
        due_date=date(2026, 12, 24), currency="EUR", tax_rate_thousandths=TAX_RATE_THOUSANDTHS, lines=tuple(lines),
        totals=Totals(subtotal_minor=subtotal, tax_minor=tax, total_minor=subtotal + tax, vat_breakdown=breakdown),
        notes=notes(longest=longest), language="de", seller_bank=BANK, payment_terms_days=30,
    )


def render_document(line_count: int, *, longest: bool = False, number: str = "INV-0001") -> PrintedInvoice:
    """What the PDF worker prints for draft(line_count): the app's own formatting of the typed invoice."""
    return printed_invoice(number, content(line_count, longest=longest))


def _quantity(i: int) -> str:
    return f"{i % 9 + 1}.5"


def _price(i: int) -> str:
    return f"{100 + i % 50}.00"


def render_request(line_count: int, number: str = "INV-0001") -> RenderRequest:
    """The PDF worker's input for draft(line_count)."""
    return RenderRequest(number=number, content=content(line_count))
