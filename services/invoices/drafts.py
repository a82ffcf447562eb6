"""What the browser sends for an invoice: raw text, untrusted, checked by services.invoices.validation."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LineDraft:
    description: str = ""
    quantity: str = ""
    unit_price: str = ""


@dataclass(frozen=True)
class InvoiceDraft:
    client_name: str = ""
    client_email: str = ""
    issue_date: str = ""
    due_date: str = ""
    currency: str = ""
    tax_rate: str = "0"
    notes: str = ""
    lines: tuple[LineDraft, ...] = ()
