"""The questions asked before a step that cannot be taken back, or that needs one more value."""

from collections.abc import Awaitable, Callable
from datetime import date

from nicegui import context, ui

from services.invoices.drafts import SavedDraft
from services.invoices.model import InvoiceSummary
from ui.named_dialog import named_dialog


def ask_payment_date(invoice: InvoiceSummary, mark_paid: Callable[[str, date], Awaitable[None]]) -> None:
    title = f"Mark {invoice.number} paid"
    with context.client.layout, named_dialog(title) as dialog, ui.card().classes("gap-3"):
        ui.label(title).classes("text-h6")
        paid_on = ui.input("Payment date", value=date.today().isoformat()).props("outlined dense type=date")

        async def confirm() -> None:
            try:
                day = date.fromisoformat(paid_on.value or "")
            except ValueError:
                paid_on.error = "Enter the date the payment arrived, like 2026-01-31."
                return
            if day > date.today():
                paid_on.error = "The payment date cannot be in the future."
                return
            dialog.close()
            await mark_paid(invoice.id, day)

        with ui.row().classes("justify-end w-full"):
            ui.button("Back", on_click=dialog.close).props("flat")
            ui.button("Save payment", on_click=confirm).props("unelevated color=primary")
    dialog.on("hide", dialog.delete)
    dialog.open()


def ask_to_cancel(invoice: InvoiceSummary, cancel: Callable[[str], Awaitable[None]]) -> None:
    _confirm(f"Cancel {invoice.number}?",
             "A credit note that reverses every line is issued and numbered (CN-…). The invoice itself stays in "
             "your records, marked Cancelled. This cannot be undone.",
             "Issue credit note", lambda: cancel(invoice.id))


def ask_to_delete(draft: SavedDraft, delete: Callable[[str], Awaitable[None]]) -> None:
    who = draft.draft.client_name or "no client yet"
    _confirm("Delete this draft?", f"The draft for {who} and everything typed in it is deleted.", "Delete",
             lambda: delete(draft.id))


def _confirm(title: str, text: str, action_label: str, action: Callable[[], Awaitable[None]]) -> None:
    with context.client.layout, named_dialog(title) as dialog, ui.card().classes("gap-3 max-w-md"):
        ui.label(title).classes("text-h6")
        ui.label(text)

        async def confirm() -> None:
            dialog.close()
            await action()

        with ui.row().classes("justify-end w-full"):
            ui.button("Back", on_click=dialog.close).props("flat")
            ui.button(action_label, on_click=confirm).props("unelevated color=negative")
    dialog.on("hide", dialog.delete)
    dialog.open()
