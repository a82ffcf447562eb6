"""The user's invoices, newest first, re-read from the database whenever one of them changes."""

from collections.abc import Awaitable, Callable

from nicegui import ui
from pymongo.errors import PyMongoError

from services.invoices.model import InvoiceSummary
from services.invoices.money import format_money

RETRY_AFTER_OUTAGE_S = 3.0
QUEUE_REFRESH_S = 3.0  # a queued invoice's place changes with other users' jobs, which send this tab no event
POSITION_CAP = 500
OnRetry = Callable[[str], Awaitable[None]]
LoadInvoices = Callable[[], Awaitable[list[InvoiceSummary]]]


class InvoiceList:
    def __init__(self, *, load: LoadInvoices, on_retry: OnRetry) -> None:
        self._load = load
        self._on_retry = on_retry
        self._loading = False
        self._stale = False
        with ui.card().classes("w-full"):
            ui.label("Your invoices").classes("text-h6")
            self.container = ui.column().classes("w-full gap-0")
            with self.container:
                ui.label("Loading…").classes("text-grey-7")

    async def reload(self) -> None:
        """Coalesces bursts: while one read is under way, further calls ask for exactly one more."""
        if self._loading:
            self._stale = True
            return
        self._loading = True
        try:
            self._stale = True
            while self._stale:
                self._stale = False
                self._show(await self._load())
        except PyMongoError:
            self._show_unavailable()
            ui.timer(RETRY_AFTER_OUTAGE_S, self.reload, once=True)
        finally:
            self._loading = False

    def _show_unavailable(self) -> None:
        self.container.clear()
        with self.container:
            ui.label("Your invoices can't be shown right now: the database is unreachable. Retrying by itself…") \
                .classes("text-warning")

    def _show(self, invoices: list[InvoiceSummary]) -> None:
        self.container.clear()
        with self.container:
            if not invoices:
                ui.label("No invoices yet. Fill in the form and press Generate PDF.").classes("text-grey-7")
            for invoice in invoices:
                self._row(invoice)
            if any(invoice.queue_position is not None for invoice in invoices):
                ui.timer(QUEUE_REFRESH_S, self.reload, once=True)  # cleared with the rows by the next reload

    def _row(self, invoice: InvoiceSummary) -> None:
        row = ui.row().classes("w-full items-center gap-4 py-2 border-b border-gray-200")
        with row.props(f"data-invoice={invoice.number}"):
            ui.label(invoice.number).classes("w-24 font-mono")
            ui.label(invoice.client_name).classes("grow truncate")
            ui.label(format_money(invoice.total_minor, invoice.currency)).classes("w-36 text-right tabular-nums")
            with ui.row().classes("w-64 items-center justify-end gap-2 no-wrap"):
                self._status(invoice)

    def _status(self, invoice: InvoiceSummary) -> None:
        if invoice.status == "processing":
            ui.spinner(size="sm")
            ui.label("Processing…").classes("text-grey-8")
            if invoice.queue_position is not None:
                ui.label(_queued(invoice.queue_position)).classes("text-grey-7 text-xs basis-full text-right")
        elif invoice.status == "ready":
            ui.badge("Ready", color="positive")
            ui.link("Download", f"/invoices/{invoice.id}/pdf").classes("text-primary")
        else:
            ui.badge("Failed", color="negative").tooltip(invoice.failure_reason)
            ui.button("Retry", on_click=lambda: self._on_retry(invoice.id)).props("dense outline size=sm")
            ui.label(invoice.failure_reason).classes("text-negative text-xs basis-full text-right")


def _queued(position: int) -> str:
    if position > POSITION_CAP:
        return f"Queued, more than {POSITION_CAP} ahead"
    return f"Queued, position {position}"
