"""One row of the period export: an issued invoice or credit note with what an accountant books from it."""

from dataclasses import dataclass

from services.invoices.model import InvoiceSummary, StoredPdf


@dataclass(frozen=True)
class PeriodRow:
    summary: InvoiceSummary  # number, kind, parties, dates, currency, gross, PDF status, payment
    series: str  # "INV" or "CN": each numbered on its own, without gaps
    seq: int
    net_by_rate: tuple[tuple[int, int, int], ...]  # (tax rate in thousandths of a percent, net, VAT) in minor units
    client_vat_id: str
    pdf: StoredPdf | None
