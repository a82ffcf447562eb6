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


# Below 1024 px a row is a card (number and total, client, states, actions); from 1024 px one line of a table.
ROW = ("w-full grid grid-cols-[1fr_auto] items-center gap-x-3 gap-y-1 p-3 mb-2 rounded-lg border border-gray-300 "
       "lg:flex lg:flex-wrap lg:gap-3 lg:p-0 lg:py-2 lg:mb-0 lg:rounded-none lg:border-0 lg:border-b")
NUMBER, CLIENT = "order-1 lg:order-none lg:w-24 font-mono text-primary", "order-3 col-span-2 lg:order-none grow gap-0"
TOTAL = "order-2 lg:order-none lg:w-32 text-right tabular-nums font-medium lg:font-normal"
PDF_STATE = "order-4 lg:order-none lg:w-44 items-center gap-2 no-wrap"
PAYMENT, ACTIONS = "order-5 lg:order-none justify-self-end lg:w-24", "order-6 col-span-2 lg:order-none gap-1 wrap"


def invoice_row(invoice: InvoiceSummary, actions: RowActions, today: date) -> ui.element:
    row = ui.element("div").classes(ROW)
    with row.props(f"data-invoice={invoice.number}"):
        ui.link(invoice.number, f"/invoices/{invoice.id}").classes(NUMBER) \
            .props(f'aria-label="Open {invoice.number}"')
        with ui.column().classes(f"{CLIENT} lg:min-w-40"):
            ui.label(invoice.client_name).classes("break-words lg:truncate")
            ui.label(_dates(invoice)).classes("text-xs text-grey-7")
        ui.label(format_money(invoice.total_minor, invoice.currency)).classes(TOTAL)
        with ui.row().classes(PDF_STATE):
            _pdf_state(invoice, actions)
        _payment_state(invoice, today)
        with ui.row().classes(ACTIONS):
            _invoice_actions(invoice, actions, today)
        if invoice.status == "failed":
            ui.label(invoice.failure_reason).classes("order-7 col-span-2 text-negative text-xs basis-full "
                                                     "lg:text-right")
    return row


def draft_row(draft: SavedDraft, actions: RowActions) -> ui.element:
    typed = draft.draft
    preview = preview_totals(typed) if typed.currency in active_currencies() else None
    client = typed.client_name or "no client yet"
    row = ui.element("div").classes(ROW)
    with row.props(f"data-draft={draft.id}"):
        link = ui.link("Draft", f"/invoices/{draft.id}").classes(NUMBER.replace("font-mono ", ""))
        link.props["aria-label"] = f"Open the draft for {client}"  # as a value: any quote in the name is safe
        with ui.column().classes(f"{CLIENT} lg:min-w-40"):
            ui.label(typed.client_name or "(no client yet)").classes("break-words lg:truncate")
            ui.label(f"Edited {draft.updated_at.astimezone().strftime('%d %b %Y %H:%M')}") \
                .classes("text-xs text-grey-7")
        ui.label(preview.total if preview else "").classes(TOTAL)
        ui.element("div").classes("max-lg:hidden lg:w-44")  # the PDF column of an invoice row
        ui.badge("Draft", color="grey-7").classes(PAYMENT)
        with ui.row().classes(ACTIONS):
            _button("Duplicate", lambda: actions.duplicate(draft.id), name=f"Duplicate draft for {client}")
            _button("Delete draft", lambda: actions.delete_draft(draft), name=f"Delete draft for {client}")
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
        _button("Retry", lambda: actions.retry(invoice.id), outline=True, name=f"Retry {invoice.number}")


def _payment_state(invoice: InvoiceSummary, today: date) -> None:
    word, colour = PAYMENT_WORDS[invoice.payment_state(today)]
    ui.badge(word, color=colour).classes(PAYMENT)


def _invoice_actions(invoice: InvoiceSummary, actions: RowActions, today: date) -> None:
    number = invoice.number
    _button("Duplicate", lambda: actions.duplicate(invoice.id), name=f"Duplicate {number}")
    state = invoice.payment_state(today)
    if state in ("open", "overdue"):
        _button("Mark paid", lambda: actions.mark_paid(invoice), name=f"Mark paid {number}")
        _button("Cancel invoice", lambda: actions.cancel(invoice), name=f"Cancel invoice {number}")
    elif state == "paid":
        _button("Mark unpaid", lambda: actions.mark_unpaid(invoice.id), name=f"Mark unpaid {number}")


def _button(label: str, action: Callable[[], Awaitable[None]], *, name: str, outline: bool = False) -> ui.button:
    """`name` is what a screen reader says: the visible word first, then which invoice it acts on."""
    button = ui.button(label, on_click=action).props(f"dense no-caps size=sm {'outline' if outline else 'flat'}")
    button.props["aria-label"] = name
    return button


def queued_words(position: int) -> str:
    """The honest state of a PDF waiting for a render worker: its place in the cluster-wide line."""
    if position > POSITION_CAP:
        return f"Queued, more than {POSITION_CAP} ahead"
    return f"Queued, position {position}"
