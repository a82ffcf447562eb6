"""Turns a stored invoice into the plain, display-ready data the PDF worker renders."""

from datetime import date
from typing import Any

from services.money import format_money, format_quantity, format_tax_rate
from storage.invoices import InvoiceRecord


def pdf_document(invoice: InvoiceRecord) -> dict[str, Any]:
    body = invoice.body
    currency = invoice.currency

    def money(minor: int) -> str:
        return format_money(minor, currency)

    return {
        "number": invoice.number,
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


def pdf_filename(invoice: InvoiceRecord) -> str:
    return f"invoice-{invoice.number}.pdf"


def _display_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d %b %Y")
