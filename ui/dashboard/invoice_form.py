"""The invoice editor: client, dates, currency, tax, notes and line items, with totals as the user types.

It edits a new invoice or a saved draft: Save draft keeps it (no number), and after a pause in typing it is
saved by itself, so a reload or a closed tab loses nothing; Generate PDF issues it.
"""

import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import TypeVar

from nicegui import ui

from services.accounts.email_address import MAX_EMAIL_LENGTH
from services.clients.model import Client
from services.invoices.drafts import InvoiceDraft, LineDraft, SavedDraft
from services.invoices.money import active_currencies
from services.invoices.preview import preview_totals
from services.invoices.validation import MAX_CLIENT_NAME, MAX_DESCRIPTION, MAX_LINES, MAX_NOTES
from ui.clients.picker import ClientPicker, LoadSuggestions

DEFAULT_PAYMENT_DAYS = 30
MAX_NUMBER_TEXT = 40  # quantities, prices, the tax rate, dates: far longer than any valid one
TextField = TypeVar("TextField", ui.input, ui.textarea)
AUTOSAVE_AFTER_S = 3.0
OnAction = Callable[["InvoiceForm"], Awaitable[None]]


class LineRow:
    def __init__(self, form: "InvoiceForm") -> None:
        with ui.row().classes("w-full items-start gap-2 no-wrap") as self.row:
            self.description = bounded(ui.input("Description"), MAX_DESCRIPTION).props("outlined dense") \
                .classes("grow")
            self.quantity = bounded(ui.input("Quantity", value="1"), MAX_NUMBER_TEXT) \
                .props("outlined dense inputmode=decimal").classes("w-28")
            self.unit_price = bounded(ui.input("Unit price"), MAX_NUMBER_TEXT) \
                .props("outlined dense inputmode=decimal").classes("w-36")
            self.amount = ui.label().classes("w-32 text-right pt-3 tabular-nums")
            self.remove = ui.button(icon="delete", on_click=lambda: form.remove_line(self)) \
                .props("flat round dense aria-label='Remove line item'").tooltip("Remove line item")
        for field in (self.quantity, self.unit_price):
            field.on_value_change(form.update_totals)
        self.description.on_value_change(form.changed)

    def draft(self) -> LineDraft:
        return LineDraft(self.description.value or "", self.quantity.value or "", self.unit_price.value or "")

    def show_problems(self, problems: dict[str, str], index: int) -> None:
        self.description.error = problems.get(f"lines.{index}.description")
        self.quantity.error = problems.get(f"lines.{index}.quantity")
        self.unit_price.error = problems.get(f"lines.{index}.unit_price")


class InvoiceForm:
    def __init__(self, *, default_currency: str, on_generate: OnAction, on_save: OnAction,
                 title: str = "New invoice") -> None:
        today = date.today()
        self.busy = False
        self.lines: list[LineRow] = []
        self.draft_id = ""  # the saved draft this form edits, "" for a new invoice
        self.version = 0
        self.client_id = ""
        self._changed_at: float | None = None  # when the user last typed something not saved yet
        self._baseline = InvoiceDraft()  # the form as last saved or loaded: typing it back is no change
        self._on_save = on_save
        with ui.card().classes("w-full gap-2"):
            with ui.row().classes("w-full items-center justify-between"):
                self.title = ui.label(title).classes("text-h6")
                self.saved_note = ui.label().classes("text-sm text-grey-7")
            with ui.row().classes("w-full gap-2"):
                self.client_name = bounded(ui.input("Client name"), MAX_CLIENT_NAME).props("outlined dense") \
                    .classes("grow")
                self.client_email = bounded(ui.input("Client email"), MAX_EMAIL_LENGTH) \
                    .props("outlined dense type=email").classes("grow")
            with ui.row().classes("w-full gap-2"):
                self.issue_date = _date_input("Issue date", today)
                self.due_date = _date_input("Due date", today + timedelta(days=DEFAULT_PAYMENT_DAYS))
                self.currency = ui.select(active_currencies(), label="Currency", value=default_currency,
                                          with_input=True, on_change=self.update_totals) \
                    .props("outlined dense options-dense").classes("w-40")
                self.tax_rate = bounded(ui.input("Tax rate %", value="0", on_change=self.update_totals),
                                        MAX_NUMBER_TEXT).props("outlined dense inputmode=decimal").classes("w-28")
            ui.label("Line items").classes("text-subtitle2 mt-2")
            self.lines_box = ui.column().classes("w-full gap-1")
            self.lines_message = ui.label().classes("text-negative text-sm")
            ui.button("Add line item", icon="add", on_click=self.add_line).props("flat dense")
            self.notes = bounded(ui.textarea("Notes"), MAX_NOTES).props("outlined dense autogrow").classes("w-full")
            with ui.row().classes("w-full items-center justify-between"):
                self.totals = ui.label().classes("text-body1 tabular-nums")
                with ui.row().classes("items-center gap-2"):
                    self.remember_client = ui.checkbox("Save client to my clients", value=True)
                    self.save = ui.button("Save draft", icon="save", on_click=lambda: on_save(self)).props("outline")
                    self.generate = ui.button("Generate PDF", icon="picture_as_pdf",
                                              on_click=lambda: on_generate(self)).props("unelevated color=primary")
        for field in (self.client_name, self.client_email, self.issue_date, self.due_date, self.notes):
            field.on_value_change(self.changed)
        self.add_line()
        self._baseline = self.draft()
        self._changed_at = None
        self.saved_note.text = ""
        self.update_totals()
        ui.timer(1.0, self._autosave_when_idle)

    def add_line(self) -> None:
        if len(self.lines) >= MAX_LINES:  # the same cap as at Generate, so editing state stays bounded too
            self.lines_message.text = f"An invoice can have at most {MAX_LINES} line items."
            return
        with self.lines_box:
            self.lines.append(LineRow(self))
        self._mark_changed()  # a new line has no price yet: every amount and total stays as it is

    def remove_line(self, line: LineRow) -> None:
        if len(self.lines) == 1:
            ui.notify("An invoice needs at least one line item.", position="top")
            return
        self.lines.remove(line)
        self.lines_box.remove(line.row)
        self.lines_message.text = ""
        self.update_totals()

    def draft(self) -> InvoiceDraft:
        return InvoiceDraft(
            client_name=self.client_name.value or "", client_email=self.client_email.value or "",
            issue_date=self.issue_date.value or "", due_date=self.due_date.value or "",
            currency=self.currency.value or "", tax_rate=self.tax_rate.value or "", notes=self.notes.value or "",
            lines=tuple(line.draft() for line in self.lines), client_id=self.client_id,
        )

    def offer_clients(self, load: LoadSuggestions) -> None:
        """Typing a client name offers the user's saved clients; picking one fills name and email."""
        picker = ClientPicker(self.client_name, self.client_email, load=load, on_pick=self._client_picked)
        picker.keep(self.client_id, self.client_name.value or "")

    def _client_picked(self, client: Client | None) -> None:
        self.client_id = client.id if client is not None else ""
        self.changed()

    def changed(self) -> None:
        if self.draft() == self._baseline:  # a value set to what it was (a binding echo, a clear-and-retype)
            return
        self._mark_changed()

    def _mark_changed(self) -> None:
        if self._changed_at is None:
            self.saved_note.text = "Unsaved changes"
        self._changed_at = time.monotonic()

    def saved(self, draft: SavedDraft) -> None:
        """The draft is stored: later saves update it (at this version); nothing typed since is lost."""
        self.draft_id, self.version = draft.id, draft.version
        self._baseline = self.draft()
        self._changed_at = None
        self.saved_note.text = f"Draft saved at {draft.updated_at.astimezone().strftime('%H:%M:%S')}"

    def load(self, saved: SavedDraft) -> None:
        """Fills the form with a saved draft, exactly as it was typed."""
        draft = saved.draft
        self.client_name.value, self.client_email.value = draft.client_name, draft.client_email
        self.issue_date.value, self.due_date.value = draft.issue_date, draft.due_date
        if draft.currency in active_currencies():
            self.currency.value = draft.currency
        self.tax_rate.value, self.notes.value, self.client_id = draft.tax_rate, draft.notes, draft.client_id
        while len(self.lines) < max(1, len(draft.lines)):
            self.add_line()
        for line, typed in zip(self.lines, draft.lines, strict=False):
            line.description.value, line.quantity.value, line.unit_price.value = \
                typed.description, typed.quantity, typed.unit_price
        self.update_totals()
        self.saved(saved)

    async def _autosave_when_idle(self) -> None:
        if self._changed_at is None or self.busy or time.monotonic() - self._changed_at < AUTOSAVE_AFTER_S:
            return
        if not self.draft_id and self.draft().is_blank():
            return
        await self._on_save(self)

    def update_totals(self) -> None:
        self.changed()
        preview = preview_totals(self.draft())
        if preview is None:
            self.totals.text = "Choose a currency to see the totals."
            return
        for line, amount in zip(self.lines, preview.line_amounts, strict=True):
            if line.amount.text != amount:
                line.amount.text = amount
        self.totals.text = f"Subtotal {preview.subtotal} · Tax {preview.tax} · Total {preview.total}"

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, field in [("client_name", self.client_name), ("client_email", self.client_email),
                           ("issue_date", self.issue_date), ("due_date", self.due_date),
                           ("currency", self.currency), ("tax_rate", self.tax_rate), ("notes", self.notes)]:
            field.error = problems.get(key)
        for index, line in enumerate(self.lines):
            line.show_problems(problems, index)
        self.lines_message.text = problems.get("lines", "")

    def start_next_invoice(self) -> None:
        """After a successful generation: a blank invoice, keeping currency and tax rate."""
        self.show_problems({})
        self.draft_id, self.version, self.client_id = "", 0, ""
        self.client_name.value = ""
        self.client_email.value = ""
        self.notes.value = ""
        for line in self.lines[1:]:
            self.lines_box.remove(line.row)
        self.lines = self.lines[:1]
        self.lines[0].description.value = ""
        self.lines[0].quantity.value = "1"
        self.lines[0].unit_price.value = ""
        self.update_totals()
        self._baseline = self.draft()
        self._changed_at = None
        self.saved_note.text = ""


def bounded(field: TextField, max_length: int) -> TextField:
    """The server keeps at most max_length characters, whatever a socket sends; the browser is told the limit."""

    def clamp() -> None:  # also clears a Generate problem as the user types, as auto-validation did
        value = field.value or ""
        if len(value) > max_length:
            field.value = value[:max_length]
            field.error = f"At most {max_length} characters."
        else:
            field.error = None

    field.props(f"maxlength={max_length}")
    field.without_auto_validation().on_value_change(clamp)
    return field


def _date_input(label: str, initial: date) -> ui.input:
    with bounded(ui.input(label, value=initial.isoformat()), MAX_NUMBER_TEXT).props("outlined dense") \
            .classes("w-40") as field:
        with ui.menu().props("no-parent-event") as menu:
            ui.date(mask="YYYY-MM-DD").bind_value(field).on_value_change(menu.close)
        with field.add_slot("append"):
            ui.button(icon="edit_calendar", on_click=menu.open).props("flat round dense") \
                .props["title"] = f"Pick the {label.lower()} from a calendar"  # a button: Tab and Enter reach it
    return field
