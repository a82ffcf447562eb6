"""The invoice, declared once: what it says (parties, dates, lines, totals) and where it stands (status, PDF).

Every amount is an integer in the currency's minor units, quantities are in thousandths and tax rates in
thousandths of a percent (see services.invoices.money). These values travel unchanged from validation
through storage to the PDF worker.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

Status = Literal["processing", "ready", "failed"]  # the PDF's state
Kind = Literal["invoice", "credit_note"]
PaymentState = Literal["open", "overdue", "paid", "cancelled", "credit"]  # "credit": a credit note settles nothing


@dataclass(frozen=True)
class Party:
    """A seller or a client as printed on the invoice."""

    name: str
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    quantity_thousandths: int
    unit_price_minor: int
    amount_minor: int


@dataclass(frozen=True)
class Totals:
    subtotal_minor: int
    tax_minor: int
    total_minor: int


@dataclass(frozen=True)
class InvoiceContent:
    """Everything an invoice says except its number: checked, with totals computed on the server."""

    seller: Party
    client: Party
    issue_date: date
    due_date: date
    currency: str
    tax_rate_thousandths: int
    lines: tuple[InvoiceLine, ...]
    totals: Totals
    notes: str = ""


@dataclass(frozen=True)
class StoredPdf:
    file_id: str
    size: int
    sha256: str


@dataclass(frozen=True)
class InvoiceRecord:
    """A stored (issued) invoice's identity and state, without its content."""

    id: str
    owner_id: str
    number: str
    status: Status
    failure_reason: str
    attempts: int
    last_error: str
    created_at: datetime
    pdf: StoredPdf | None
    kind: Kind = "invoice"
    paid_on: date | None = None
    cancelled_by: str = ""  # the number of the credit note that cancelled it
    credit_for: str = ""  # a credit note: the number of the invoice it cancels


@dataclass(frozen=True)
class InvoiceSummary:
    """One row of the invoice list."""

    id: str
    number: str
    status: Status
    client_name: str
    currency: str
    total_minor: int
    failure_reason: str
    kind: Kind = "invoice"
    client_email: str = ""
    issue_date: date | None = None
    due_date: date | None = None
    paid_on: date | None = None
    cancelled_by: str = ""
    credit_for: str = ""
    queue_position: int | None = None  # waiting for a render worker: its place in line; None otherwise

    def payment_state(self, today: date) -> PaymentState:
        """Derived when read: an open invoice past its due date is overdue, with no job that marks it."""
        if self.kind == "credit_note":
            return "credit"
        if self.cancelled_by:
            return "cancelled"
        if self.paid_on is not None:
            return "paid"
        if self.due_date is not None and self.due_date < today:
            return "overdue"
        return "open"


@dataclass(frozen=True)
class RenderRequest:
    """The PDF worker's whole input: plain, picklable values."""

    number: str
    content: InvoiceContent
    kind: Kind = "invoice"
    credit_for: str = ""
