"""An issued invoice or credit note, read-only: it is locked, so there is nothing to edit, only to act on."""

from collections.abc import Awaitable, Callable
from datetime import date

from nicegui import ui

from services.invoices.book import IssuedInvoice
from services.invoices.model import InvoiceSummary
from services.invoices.money import format_money, format_quantity, format_tax_rate
from ui.dashboard.book_rows import RowActions, invoice_row
from ui.theme import heading

LoadIssued = Callable[[], Awaitable[IssuedInvoice | None]]
LoadSummary = Callable[[], Awaitable[InvoiceSummary | None]]


class IssuedView:
    def __init__(self, *, load: LoadIssued, summary: LoadSummary, actions: RowActions,
                 today: Callable[[], date], shown: Callable[[InvoiceSummary], None]) -> None:
        self._load, self._summary, self._actions, self._today = load, summary, actions, today
        self._shown = shown
        self.container = ui.column().classes("w-full gap-4")

    async def refresh(self) -> None:
        issued, summary = await self._load(), await self._summary()
        self.container.clear()
        with self.container:
            if issued is None or summary is None:
                heading("There is no such invoice.", classes="text-h6")
                return
            self._shown(summary)
            with ui.card().classes("w-full"):
                invoice_row(summary, self._actions, self._today())
            _document(issued)


def _document(issued: IssuedInvoice) -> None:
    record, content = issued.record, issued.content

    def money(minor: int) -> str:
        return format_money(minor, content.currency)

    title = "Credit note" if record.kind == "credit_note" else "Invoice"
    with ui.card().classes("w-full gap-2"):
        heading(f"{title} {record.number}", classes="text-h6")
        ui.label("Issued invoices are locked: duplicate one to change it, or cancel it with a credit note.") \
            .classes("text-sm text-grey-7")
        with ui.row().classes("w-full gap-x-8 gap-y-3 wrap"):
            _block("From", [content.seller.name, *content.seller.address.splitlines()])
            _block("Bill to", [content.client.name, content.client.email])
            _block("Dates", [f"Issued {content.issue_date.isoformat()}", f"Due {content.due_date.isoformat()}"])
        columns = [{"name": key, "label": label, "field": key, "align": align} for key, label, align in
                   [("description", "Description", "left"), ("quantity", "Quantity", "right"),
                    ("unit_price", "Unit price", "right"), ("amount", "Amount", "right")]]
        rows = [{"description": line.description, "quantity": format_quantity(line.quantity_thousandths),
                 "unit_price": money(line.unit_price_minor), "amount": money(line.amount_minor)}
                for line in content.lines]
        ui.table(columns=columns, rows=rows).classes("w-full wrapping-table").props("flat dense hide-bottom")
        totals = content.totals
        ui.label(f"Subtotal {money(totals.subtotal_minor)} · Tax ({format_tax_rate(content.tax_rate_thousandths)}) "
                 f"{money(totals.tax_minor)} · Total {money(totals.total_minor)}") \
            .classes("self-end text-right tabular-nums")
        if content.notes:
            ui.label(content.notes).classes("whitespace-pre-line")


def _block(title: str, lines: list[str]) -> None:
    with ui.column().classes("gap-0"):
        ui.label(title).classes("text-xs text-grey-7 uppercase")
        for line in filter(None, lines):
            ui.label(line)
