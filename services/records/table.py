"""The period's CSV: one row per invoice or credit note, net and VAT per tax rate, kept in a spooled file.

The rows are written while the PDFs stream and added to the ZIP after them, so the CSV never sits in memory
whole: past SPOOL_IN_MEMORY_BYTES it spills to a temporary file, deleted when the table is closed.
"""

import csv
import io
import tempfile
from collections.abc import Iterator
from datetime import date

from services.invoices.export import PAYMENT_WORDS, safe_cell
from services.invoices.money import format_tax_rate, from_minor_units
from services.records.model import PeriodRow

SPOOL_IN_MEMORY_BYTES = 1024 * 1024
READ_CHUNK = 64 * 1024
KIND_WORDS = {"invoice": "Invoice", "credit_note": "Credit note"}


class PeriodTable:
    def __init__(self, tax_rates: list[int], today: date) -> None:
        self._rates = tax_rates
        self._today = today
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115 (closed by close())
        self.rows = 0
        per_rate = [heading for rate in tax_rates
                    for heading in (f"net {format_tax_rate(rate)}", f"vat {format_tax_rate(rate)}")]
        self._write(["number", "type", "issue_date", "due_date", "client", "client_vat_id", "currency", *per_rate,
                     "net", "vat", "gross", "payment", "paid_on", "cancelled_by", "credit_for", "file"])

    def add(self, row: PeriodRow, files: list[str]) -> None:
        summary, currency = row.summary, row.summary.currency
        by_rate = {rate: (net, vat) for rate, net, vat in row.net_by_rate}
        per_rate = [cell for rate in self._rates
                    for cell in (_amounts(by_rate[rate], currency) if rate in by_rate else ("", ""))]
        net = sum(net for _, net, _ in row.net_by_rate)
        vat = sum(vat for _, _, vat in row.net_by_rate)
        self._write([safe_cell(summary.number), KIND_WORDS[summary.kind], _iso(summary.issue_date),
                     _iso(summary.due_date), safe_cell(summary.client_name), safe_cell(row.client_vat_id), currency,
                     *per_rate, *_amounts((net, vat), currency), _amount(summary.total_minor, currency),
                     PAYMENT_WORDS[summary.payment_state(self._today)], _iso(summary.paid_on),
                     safe_cell(summary.cancelled_by), safe_cell(summary.credit_for), " ".join(files)])
        self.rows += 1

    def chunks(self) -> Iterator[bytes]:
        """The whole CSV, from the start, in chunks; then the spooled file is closed."""
        self._file.seek(0)
        try:
            while chunk := self._file.read(READ_CHUNK):
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        self._file.close()

    def _write(self, cells: list[str]) -> None:
        line = io.StringIO()
        csv.writer(line, lineterminator="\r\n").writerow(cells)
        self._file.write(line.getvalue().encode())


def _amounts(minor: tuple[int, int], currency: str) -> tuple[str, str]:
    return _amount(minor[0], currency), _amount(minor[1], currency)


def _amount(minor: int, currency: str) -> str:
    return f"{from_minor_units(minor, currency):f}"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
