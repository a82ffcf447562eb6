"""The list as CSV for a spreadsheet or an accountant: ISO dates, plain decimal amounts, no formula injection."""

import csv
import io
from collections.abc import AsyncIterator, Iterable
from datetime import date

from services.invoices.model import InvoiceSummary, PaymentState
from services.invoices.money import from_minor_units

HEADER = ["number", "kind", "client", "client_email", "issue_date", "due_date", "currency", "total", "pdf",
          "payment", "paid_on", "cancelled_by", "credit_for"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAYMENT_WORDS: dict[PaymentState, str] = {"open": "Open", "overdue": "Overdue", "paid": "Paid",
                                          "cancelled": "Cancelled", "credit": "Credit note"}


async def csv_chunks(rows: AsyncIterator[InvoiceSummary], today: date, *, rows_per_chunk: int = 200) -> \
        AsyncIterator[str]:
    """The header, then the rows, a few hundred at a time: memory stays flat however many rows there are."""
    batch: list[list[str]] = [HEADER]
    async for row in rows:
        batch.append(csv_row(row, today))
        if len(batch) >= rows_per_chunk:
            yield _encode(batch)
            batch = []
    if batch:
        yield _encode(batch)


def csv_row(row: InvoiceSummary, today: date) -> list[str]:
    """Every cell a user could have typed is made safe; the amount is a plain decimal (negative for credit notes)."""
    total = from_minor_units(row.total_minor, row.currency)
    return [safe_cell(row.number), row.kind, safe_cell(row.client_name), safe_cell(row.client_email),
            _iso(row.issue_date), _iso(row.due_date), row.currency, f"{total:f}", row.status,
            PAYMENT_WORDS[row.payment_state(today)], _iso(row.paid_on), safe_cell(row.cancelled_by),
            safe_cell(row.credit_for)]


def safe_cell(text: str) -> str:
    """A cell a spreadsheet would run as a formula is prefixed with ' so that it stays text."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _encode(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
