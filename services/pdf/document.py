"""Turns a stored invoice into the display-ready data the PDF template prints.

Runs inside the PDF worker (`render_stored_invoice`), so formatting a long invoice never costs the web
process's event loop anything.
"""

from datetime import date
from typing import Any

from services.invoices.money import format_money, format_quantity, format_tax_rate
from services.pdf.render import render_invoice_pdf

STORED_FIELDS = ("client", "seller", "issue_date", "due_date", "currency", "tax_rate_thousandths", "notes", "lines",
                 "subtotal_minor", "tax_minor", "total_minor")


def fields_to_render(header: dict[str, Any], details: dict[str, Any]) -> dict[str, Any]:
    """What the worker needs of a stored invoice: its header's fields plus its details (lines, notes)."""
    merged = {**header, **details}
    return {field: merged[field] for field in STORED_FIELDS}


def render_stored_invoice(number: str, stored: dict[str, Any]) -> bytes:
    """The worker's task: plain data in (the stored invoice's fields), PDF bytes out."""
    return render_invoice_pdf(pdf_document(number, stored))


def pdf_document(number: str, body: dict[str, Any]) -> dict[str, Any]:
    currency = str(body["currency"])

    def money(minor: int) -> str:
        return format_money(minor, currency)

    return {
        "number": number,
        "issue_date": _display_date(body["issue_date"]),
        "due_date": _display_date(body["due_date"]),
        "currency": currency,
        "seller": {"name": body["seller"]["name"], "address": body["seller"]["address"]},
        "client": {"name": body["client"]["name"], "email": body["client"]["email"]},
        "lines": [
            {
                "description": line["description"],
                "quantity": format_quantity(line["quantity_thousandths"]),
                "unit_price": money(line["unit_price_minor"]),
                "amount": money(line["amount_minor"]),
            }
            for line in body["lines"]
        ],
        "subtotal": money(body["subtotal_minor"]),
        "tax_rate": format_tax_rate(body["tax_rate_thousandths"]),
        "tax": money(body["tax_minor"]),
        "total": money(body["total_minor"]),
        "notes": body["notes"],
    }


def pdf_filename(number: str) -> str:
    return f"invoice-{number}.pdf"


def _display_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d %b %Y")
