"""What the PDF template prints: an invoice's content turned into display strings, inside the worker.

Runs inside the PDF worker (`render_request`), so formatting a long invoice never costs the web process's
event loop anything.
"""

from datetime import date

from services.clients.model import countries
from services.invoices.model import InvoiceContent, InvoiceLine, Kind, Party, RenderRequest, Totals
from services.invoices.money import format_money, format_quantity, format_tax_rate
from services.pdf.printed import PrintedInvoice
from services.pdf.render import render_invoice_pdf


def warm_up() -> None:
    """Worker initializer: pay for the xhtml2pdf import and the font loading before the first real job."""
    render_request(WARM_UP)


def render_request(request: RenderRequest) -> bytes:
    """The worker's task: one typed invoice in, PDF bytes out."""
    return render_invoice_pdf(printed_invoice(request.number, request.content, kind=request.kind,
                                              credit_for=request.credit_for))


def printed_invoice(number: str, content: InvoiceContent, *, kind: Kind = "invoice",
                    credit_for: str = "") -> PrintedInvoice:
    currency = content.currency
    name = "Credit note" if kind == "credit_note" else "Invoice"

    def money(minor: int) -> str:
        return format_money(minor, currency)

    return {
        "title": name.upper(),
        "document_name": name,
        "reference": f"Credit note for {credit_for}" if kind == "credit_note" and credit_for else "",
        "number": number,
        "issue_date": _display_date(content.issue_date),
        "due_date": _display_date(content.due_date),
        "currency": currency,
        "seller": {"name": content.seller.name, "address": _postal_address(content.seller)},
        "client": {"name": content.client.name, "email": content.client.email},
        "lines": [
            {
                "description": line.description,
                "quantity": format_quantity(line.quantity_thousandths),
                "unit_price": money(line.unit_price_minor),
                "amount": money(line.amount_minor),
            }
            for line in content.lines
        ],
        "subtotal": money(content.totals.subtotal_minor),
        "tax_rate": format_tax_rate(content.tax_rate_thousandths),
        "tax": money(content.totals.tax_minor),
        "total": money(content.totals.total_minor),
        "notes": content.notes,
    }


def pdf_filename(number: str) -> str:
    return f"invoice-{number}.pdf"


def _postal_address(party: Party) -> str:
    """The structured address (street, postcode and city, country), or the free text of parties older than it."""
    if not party.street:
        return party.address
    town = " ".join(part for part in (party.postcode, party.city) if part)
    return "\n".join(line for line in (party.street, town, countries().get(party.country, "")) if line)


def _display_date(day: date) -> str:
    return day.strftime("%d %b %Y")


WARM_UP = RenderRequest(number="WARM-UP", content=InvoiceContent(
    seller=Party(name="Seller", address="Street 1\nCity"), client=Party(name="Client — Zoë"),
    issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31), currency="EUR", tax_rate_thousandths=0,
    lines=(InvoiceLine(description="Item", quantity_thousandths=1000, unit_price_minor=100, amount_minor=100),),
    totals=Totals(subtotal_minor=100, tax_minor=0, total_minor=100),
))
