"""Invoices for the benchmarks: as the browser sends them (drafts) and as the PDF worker receives them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.money import format_money, format_quantity, format_tax_rate, line_amount_minor, tax_minor
from services.invoices.validation import MAX_DESCRIPTION, MAX_NOTES

WORDS = ["design", "review", "implementation", "testing", "deployment", "support", "migration", "training", "analysis"]
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


def render_document(line_count: int, *, longest: bool = False, number: str = "INV-0001") -> dict[str, Any]:
    """The display-ready dict services.pdf.document would hand the worker for draft(line_count)."""
    lines, subtotal = [], 0
    for i in range(1, line_count + 1):
        quantity, price = int(Decimal(_quantity(i)) * 1000), int(Decimal(_price(i)) * 100)
        amount = line_amount_minor(quantity, price)
        subtotal += amount
        lines.append({"description": description(i, longest=longest), "quantity": format_quantity(quantity),
                      "unit_price": format_money(price, "EUR"), "amount": format_money(amount, "EUR")})
    tax = tax_minor(subtotal, TAX_RATE_THOUSANDTHS)
    return {
        "number": number, "issue_date": "24 Nov 2026", "due_date": "24 Dec 2026", "currency": "EUR",
        "seller": {"name": "Acme GmbH", "address": "Street 1\n10115 Berlin"},
        "client": {"name": "Zoë Müller — Łódź", "email": "zoe@example.com"},
        "lines": lines, "subtotal": format_money(subtotal, "EUR"),
        "tax_rate": format_tax_rate(TAX_RATE_THOUSANDTHS), "tax": format_money(tax, "EUR"),
        "total": format_money(subtotal + tax, "EUR"), "notes": notes(longest=longest),
    }


def _quantity(i: int) -> str:
    return f"{i % 9 + 1}.5"


def _price(i: int) -> str:
    return f"{100 + i % 50}.00"


def stored_invoice(line_count: int) -> dict[str, Any]:
    """The stored fields of draft(line_count), as the PDF worker receives them (it formats them itself)."""
    from services.accounts.seller_profile import Seller
    from services.invoices.service import invoice_body
    from services.invoices.validation import validate_invoice

    return invoice_body(validate_invoice(draft(line_count)), Seller("Acme GmbH", "Street 1\n10115 Berlin"))
