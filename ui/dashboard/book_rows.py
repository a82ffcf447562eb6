"""One row of the invoice book: a draft or an issued invoice, its states, and the actions that fit it."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from nicegui import ui

from services.invoices.drafts import SavedDraft
from services.invoices.model import InvoiceSummary, PaymentState
from services.invoices.money import active_currencies, format_money
from services.invoices.preview import preview_totals

POSITION_CAP = 500  # services.jobs.queue_view counts this far
PAYMENT_WORDS: dict[PaymentState, tuple[str, str]] = {  # shown word, badge colour
    "open": ("Open", "primary"), "overdue": ("Overdue", "negative"), "paid": ("Paid", "positive"),
    "cancelled": ("Cancelled", "grey-7"), "credit": ("Credit note", "grey-7"),
}


@dataclass(frozen=True)
class RowActions:
    retry: Callable[[str], Awaitable[None]]
    duplicate: Callable[[str], Awaitable[None]]
    mark_paid: Callable[[InvoiceSummary], Awaitable[None]]  # asks for the payment date first
    mark_unpaid: Callable[[str], Awaitable[None]]
    cancel: Callable[[InvoiceSummary], Awaitable[None]]  # asks for confirmation first
    delete_draft: Callable[[SavedDraft], Awaitable[None]]  # asks for confirmation first


def invoice_row(invoice: InvoiceSummary, actions: RowActions, today: date) -> ui.row:
    row = ui.row().classes("w-full items-center gap-3 py-2 border-b border-gray-200 wrap")
    with row.props(f"data-invoice={invoice.number}"):
        ui.link(invoice.number, f"/invoices/{invoice.id}").classes("w-24 font-mono text-primary") \
            .props(f'aria-label="Open {invoice.number}"')
        with ui.column().classes("grow gap-0 min-w-40"):
            ui.label(invoice.client_name).classes("truncate")
            ui.label(_dates(invoice)).classes("text-xs text-grey-7")
        ui.label(format_money(invoice.total_minor, invoice.currency)).classes("w-32 text-right tabular-nums")
        with ui.row().classes("w-44 items-center gap-2 no-wrap"):
            _pdf_state(invoice, actions)
        _payment_state(invoice, today)
        with ui.row().classes("items-center gap-1"):
            _invoice_actions(invoice, actions, today)
        if invoice.status == "failed":
            ui.label(invoice.failure_reason).classes("text-negative text-xs basis-full text-right")
    return row


def draft_row(draft: SavedDraft, actions: RowActions) -> ui.row:
    typed = draft.draft
    preview = preview_totals(typed) if typed.currency in active_currencies() else None
    row = ui.row().classes("w-full items-center gap-3 py-2 border-b border-gray-200 wrap")
    with row.props(f"data-draft={draft.id}"):
        ui.link("Draft", f"/invoices/{draft.id}").classes("w-24 text-primary") \
            .props(f'aria-label="Open the draft for {typed.client_name or "no client yet"}"')
        with ui.column().classes("grow gap-0 min-w-40"):
            ui.label(typed.client_name or "(no client yet)").classes("truncate")
            ui.label(f"Edited {draft.updated_at.astimezone().strftime('%d %b %Y %H:%M')}") \
                .classes("text-xs text-grey-7")
        ui.label(preview.total if preview else "").classes("w-32 text-right tabular-nums")
        ui.label("").classes("w-44")
        ui.badge("Draft", color="grey-6")
        with ui.row().classes("items-center gap-1"):
            _button("Duplicate", lambda: actions.duplicate(draft.id))
            _button("Delete draft", lambda: actions.delete_draft(draft))
    return row


def _dates(invoice: InvoiceSummary) -> str:
    issued = invoice.issue_date.strftime("%d %b %Y") if invoice.issue_date else ""
    due = invoice.due_date.strftime("%d %b %Y") if invoice.due_date else ""
    if invoice.kind == "credit_note":
        return f"{issued} · Credit note for {invoice.credit_for}"
    text = f"{issued} · due {due}"
    if invoice.cancelled_by:
        text += f" · Cancelled by {invoice.cancelled_by}"
    if invoice.paid_on:
        text += f" · paid {invoice.paid_on.strftime('%d %b %Y')}"
    return text


def _pdf_state(invoice: InvoiceSummary, actions: RowActions) -> None:
    if invoice.status == "processing":
        ui.spinner(size="sm")
        with ui.column().classes("gap-0"):
            ui.label("Processing…").classes("text-grey-8")
            if invoice.queue_position is not None:
                ui.label(queued_words(invoice.queue_position)).classes("text-grey-7 text-xs")
    elif invoice.status == "ready":
        ui.badge("Ready", color="positive")
        ui.link("Download", f"/invoices/{invoice.id}/pdf").classes("text-primary") \
            .props(f'aria-label="Download {invoice.number} (PDF)"')
    else:
        ui.badge("Failed", color="negative").tooltip(invoice.failure_reason)
        _button("Retry", lambda: actions.retry(invoice.id), outline=True)


def _payment_state(invoice: InvoiceSummary, today: date) -> None:
    word, colour = PAYMENT_WORDS[invoice.payment_state(today)]
    ui.badge(word, color=colour).classes("w-24")


def _invoice_actions(invoice: InvoiceSummary, actions: RowActions, today: date) -> None:
    _button("Duplicate", lambda: actions.duplicate(invoice.id))
    state = invoice.payment_state(today)
    if state in ("open", "overdue"):
        _button("Mark paid", lambda: actions.mark_paid(invoice))
        _button("Cancel invoice", lambda: actions.cancel(invoice))
    elif state == "paid":
        _button("Mark unpaid", lambda: actions.mark_unpaid(invoice.id))


def _button(label: str, action: Callable[[], Awaitable[None]], *, outline: bool = False) -> ui.button:
    return ui.button(label, on_click=action).props(f"dense no-caps size=sm {'outline' if outline else 'flat'}")


def queued_words(position: int) -> str:
    """The honest state of a PDF waiting for a render worker: its place in the cluster-wide line."""
    if position > POSITION_CAP:
        return f"Queued, more than {POSITION_CAP} ahead"
    return f"Queued, position {position}"
