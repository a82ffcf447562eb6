"""What the browser sends for an invoice (raw text, untrusted) and what the server keeps (checked, exact)."""

from dataclasses import dataclass, field
from datetime import date


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


@dataclass(frozen=True)
class ValidLine:
    description: str
    quantity_thousandths: int
    unit_price_minor: int
    amount_minor: int


@dataclass(frozen=True)
class ValidInvoice:
    client_name: str
    client_email: str
    issue_date: date
    due_date: date
    currency: str
    tax_rate_thousandths: int
    notes: str
    lines: tuple[ValidLine, ...]
    subtotal_minor: int
    tax_minor: int
    total_minor: int


@dataclass
class Problems:
    """Messages keyed by field: 'client_name', 'lines.3.quantity', 'lines' for the list as a whole."""

    by_field: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, message: str | None) -> None:
        if message and key not in self.by_field:
            self.by_field[key] = message

    def __bool__(self) -> bool:
        return bool(self.by_field)


class InvalidInvoice(ValueError):
    def __init__(self, problems: Problems) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in problems.by_field.items()))
        self.problems = problems
