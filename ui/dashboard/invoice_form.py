"""The invoice editor: client, dates, currency, VAT treatment, notes and line items, with totals as the user types.

It edits a new invoice or a saved draft: Save draft keeps it (no number), and after a pause in typing it is
saved by itself, so a reload or a closed tab loses nothing; Generate PDF issues it.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from nicegui import ui

from services.clients.model import Client
from services.invoices.drafts import InvoiceDraft, SavedDraft
from services.invoices.model import Party
from services.invoices.money import active_currencies, currency_choices
from services.invoices.numbers import decimal_mark
from services.invoices.pasted_lines import read_paste
from services.invoices.preview import PreviewTotals, preview_totals
from services.invoices.validation import MAX_LINES, MAX_NOTES
from ui.clients.picker import ClientPicker, LoadSuggestions
from ui.dashboard.client_fields import ClientFields
from ui.dashboard.editor_layout import use_editor_layout
from ui.dashboard.editor_messages import bar_line, pasted_note, totals_line
from ui.dashboard.fields import bounded, date_input
from ui.dashboard.line_row import LineRow
from ui.dashboard.line_slots import LineSlots
from ui.dashboard.redraw import own_redraw
from ui.dashboard.vat_fields import VatFields
from ui.repeat import Repeat
from ui.shared_select import SharedOptionsSelect

DEFAULT_PAYMENT_DAYS = 30
AUTOSAVE_AFTER_S = 3.0
PASTE_BATCH = 25  # pasted rows made between two turns of the event loop
OnAction = Callable[["InvoiceForm"], Awaitable[None]]


class InvoiceForm:
    def __init__(self, *, default_currency: str, on_generate: OnAction, on_save: OnAction,
                 title: str = "New invoice", default_vat_rate: str = "0") -> None:
        today = date.today()
        self.generating = False  # a Generate click is being handled
        self.storing = asyncio.Lock()  # held by a draft save or a generation talking to the server
        self.lines: list[LineRow] = []
        self.draft_id = ""  # the saved draft this form edits, "" for a new invoice
        self.version = 0
        self.client_id = ""
        self.client_currency = ""  # the picked client's usual currency, "" for none
        self.default_vat_rate = default_vat_rate  # a new line's VAT % under the standard treatment
        self._changed_at: float | None = None  # when the user last typed something not saved yet
        self._baseline = InvoiceDraft()  # the form as last saved or loaded: typing it back is no change
        self._on_save = on_save
        use_editor_layout()
        with ui.card().classes("w-full gap-2"):
            with ui.row().classes("w-full items-center justify-between"):
                self.title = ui.label(title).classes("text-h6")
                with own_redraw():
                    self.saved_note = ui.label().classes("text-sm text-grey-7")
            self.client = ClientFields(self.changed)
            with ui.row().classes("w-full gap-2"):
                self.issue_date = date_input("Issue date", today)
                self.due_date = date_input("Due date", today + timedelta(days=DEFAULT_PAYMENT_DAYS))
                self.currency = SharedOptionsSelect(currency_choices(), label="Currency", value=default_currency,
                                          with_input=True, on_change=self._currency_changed) \
                    .props("outlined dense options-dense").classes("w-64")
            self.vat = VatFields(on_change=self.changed, on_treatment=self._treatment_changed)
            ui.label("Line items").classes("text-subtitle2 mt-2")
            self.line_slots = LineSlots()
            with own_redraw():
                self.lines_message = ui.label().classes("text-negative text-sm")
            ui.button("Add line item", icon="add", on_click=self.add_line).props("flat dense")
            self.notes = bounded(ui.textarea("Notes"), MAX_NOTES).props("outlined dense autogrow").classes("w-full")
            with ui.row().classes("w-full items-start justify-between"):
                with own_redraw(), ui.column().classes("gap-0"):
                    self.totals = ui.label().classes("text-body1 tabular-nums")
                    self.vat_breakdown = ui.column().classes("gap-0 text-sm text-grey-8 tabular-nums")
                with ui.row().classes("items-center gap-2"):
                    self.remember_client = ui.checkbox("Save client to my clients", value=True)
                    self.save = ui.button("Save draft", icon="save", on_click=lambda: on_save(self)).props("outline")
            with ui.element("div").classes("editor-bar surface").props("data-editor-bar"):
                with own_redraw():
                    self.bar_total = ui.label().classes("bar-total").props("aria-hidden=true")  # the line above says it
                self.generate = ui.button("Generate PDF", icon="picture_as_pdf",
                                          on_click=lambda: on_generate(self)).props("unelevated no-wrap color=primary")
        self._autosave = Repeat(1.0, self._autosave_when_idle, owner=self.saved_note)  # while something is unsaved
        for field in (self.issue_date, self.due_date, self.notes):
            field.on_value_change(self.changed)
        self._append_line()
        self._baseline = self.draft()
        self._saved_all()
        self.saved_note.text = ""
        self.update_totals()

    def add_line(self) -> None:
        """The button's action: a new line, and the cursor in its description."""
        line = self._append_line()
        if line is not None:
            line.description.run_method("focus")

    def _append_line(self) -> LineRow | None:
        if len(self.lines) >= MAX_LINES:  # the same cap as at Generate, so editing state stays bounded too
            self.lines_message.text = f"An invoice can have at most {MAX_LINES} line items."
            return None
        with self.line_slots.next_place():
            line = LineRow(self, vat_rate=self._new_line_vat_rate())
        self.lines.append(line)
        self._mark_changed()  # a new line has no price yet: every amount and total stays as it is
        return line

    async def paste_rows(self, line: LineRow, text: str) -> None:
        """Rows pasted into a description: the first fills that line if it is blank, the others are added (a
        batch at a time, so that a paste of thousands of rows never holds up anyone else's page)."""
        mark = decimal_mark(self.client.language.value or "")
        paste = await asyncio.to_thread(read_paste, text, decimal_mark=mark)  # up to MAX_PASTE characters
        if paste is None:  # one line after all: it goes into the field as typed
            line.description.value = (line.description.value or "") + text.strip()
            return
        targets = [line] if line in self.lines and line.is_blank() else []  # it may have gone meanwhile
        filled = 0
        for row in paste.rows:
            target = targets.pop() if targets else self._append_line()
            if target is None:
                break
            target.fill_pasted(row, charges_vat=self.vat.charges_vat)
            filled += 1
            if filled % PASTE_BATCH == 0:
                await asyncio.sleep(0)
        self.update_totals()
        self.lines_message.text = pasted_note(paste, filled)

    def remove_line(self, line: LineRow) -> None:
        if len(self.lines) == 1:
            ui.notify("An invoice needs at least one line item.", position="top")
            return
        self.lines.remove(line)
        self.line_slots.remove(line.row)
        self.lines_message.text = ""
        self.update_totals()

    def draft(self) -> InvoiceDraft:
        draft = InvoiceDraft(
            issue_date=self.issue_date.value or "", due_date=self.due_date.value or "",
            currency=self.currency.value or "", notes=self.notes.value or "",
            lines=tuple(line.draft() for line in self.lines), client_id=self.client_id,
        )
        return self.vat.into(self.client.into(draft))

    def offer_clients(self, load: LoadSuggestions) -> None:
        """Typing a client name offers the user's saved clients; picking one fills the whole client block."""
        picker = ClientPicker(self.client.name, self.client.email, load=load, on_pick=self._client_picked)
        picker.keep(self.client_id, self.client.name.value or "")

    def _client_picked(self, client: Client | None) -> None:
        self.client_id = client.id if client is not None else ""
        self.client_currency = client.details.currency if client is not None else ""
        if client is not None:
            self.client.picked(client)
        self._point_out_currency()
        self.changed()

    def _currency_changed(self) -> None:
        self._point_out_currency()
        self.update_totals()

    def _point_out_currency(self) -> None:
        """A quiet hint, not a block: invoicing a client in another currency than usual may be meant."""
        usual = self.client_currency
        if usual and usual != (self.currency.value or ""):
            self.currency.props(f"hint='This client is usually invoiced in {usual}'")
        else:
            self.currency.props(remove="hint")

    def _treatment_changed(self) -> None:
        """Without VAT every line's rate is 0 (the server insists); back to standard, those 0s take the default."""
        self.vat.show_reason()
        rate = self._new_line_vat_rate()
        for line in self.lines:
            if not self.vat.charges_vat or (line.vat_rate.value or "0").strip() in ("", "0"):
                line.vat_rate.value = rate
        self.update_totals()

    def use_default_vat_rate(self, rate: str) -> None:
        """The seller's default VAT %, known once the profile is read: an untouched new invoice takes it."""
        untouched = not self.draft_id and self.draft() == self._baseline
        self.default_vat_rate = rate
        if untouched and self.vat.charges_vat:
            for line in self.lines:
                line.vat_rate.value = rate
            self._baseline = self.draft()
            self._saved_all()
            self.saved_note.text = ""

    def use_seller(self, seller: Party) -> None:
        """The seller, known once the profile is read: the e-invoice's country for a client without one, and the
        tax identifier its VAT treatment needs."""
        self.client.assume_seller_country(seller.country)
        self.vat.use_seller(seller)

    def _new_line_vat_rate(self) -> str:
        return self.default_vat_rate if self.vat.charges_vat else "0"

    def changed(self) -> None:
        if self.draft() == self._baseline:  # a value set to what it was (a binding echo, a clear-and-retype)
            return
        self._mark_changed()

    def _mark_changed(self) -> None:
        if self._changed_at is None:
            self.saved_note.text = "Unsaved changes"
            self._autosave.activate()
        self._changed_at = time.monotonic()

    def _saved_all(self) -> None:
        self._changed_at = None
        self._autosave.deactivate()

    def saved(self, draft: SavedDraft, sent: InvoiceDraft | None = None) -> None:
        """Stored as `sent` (the form now, if None), at this version; what was typed since stays unsaved."""
        self.draft_id, self.version = draft.id, draft.version
        self._baseline = self.draft() if sent is None else sent
        if self.draft() != self._baseline:
            return
        self._saved_all()
        self.saved_note.text = f"Draft saved at {draft.updated_at.astimezone().strftime('%H:%M:%S')}"

    def load(self, saved: SavedDraft) -> None:
        """Fills the form with a saved draft, exactly as it was typed."""
        draft = saved.draft
        self.client.fill(draft)
        self.issue_date.value, self.due_date.value = draft.issue_date, draft.due_date
        if draft.currency in active_currencies():
            self.currency.value = draft.currency
        self.vat.fill(draft)
        self.notes.value, self.client_id = draft.notes, draft.client_id
        while len(self.lines) < max(1, len(draft.lines)):
            self._append_line()
        for line, typed in zip(self.lines, draft.lines, strict=False):
            line.fill(typed)
        self.update_totals()
        self.saved(saved)

    async def _autosave_when_idle(self) -> None:
        if (self._changed_at is None or self.generating or self.storing.locked()
                or time.monotonic() - self._changed_at < AUTOSAVE_AFTER_S):
            return
        if not self.draft_id and self.draft().is_blank():
            return
        await self._on_save(self)

    def update_totals(self) -> None:
        self.changed()
        preview = preview_totals(self.draft())
        if preview is None:
            self.totals.text = "Choose a currency to see the totals."
            self.bar_total.text = ""
            self.vat_breakdown.clear()
            return
        for line, amount in zip(self.lines, preview.line_amounts, strict=True):
            if line.amount.text != amount:
                line.amount.text = amount
        self.totals.text, self.bar_total.text = totals_line(preview), bar_line(preview)
        self._show_breakdown(preview)

    def _show_breakdown(self, preview: PreviewTotals) -> None:
        self.vat_breakdown.clear()
        if len(preview.vat_breakdown) < 2 and not any(row.rate != "0%" for row in preview.vat_breakdown):
            return
        with self.vat_breakdown:
            for row in preview.vat_breakdown:
                ui.label(f"VAT {row.rate} on {row.taxable}: {row.tax}")

    def show_problems(self, problems: dict[str, str]) -> None:
        self.client.show_problems(problems)
        self.vat.show_problems(problems)
        for key, field in [("issue_date", self.issue_date), ("due_date", self.due_date),
                           ("currency", self.currency), ("notes", self.notes)]:
            field.error = problems.get(key)
        for index, line in enumerate(self.lines):
            line.show_problems(problems, index)
        self.lines_message.text = problems.get("lines", "")

    def start_next_invoice(self) -> None:
        """After a successful generation: a blank invoice, keeping currency and VAT treatment."""
        self.show_problems({})
        self.draft_id, self.version, self.client_id, self.client_currency = "", 0, "", ""
        self.client.clear()
        self._point_out_currency()
        self.notes.value = ""
        self.vat.service_date.value = self.vat.service_end.value = ""
        for line in self.lines[1:]:
            self.line_slots.remove(line.row)
        self.lines = self.lines[:1]
        self.lines[0].description.value = ""
        self.lines[0].quantity.value = "1"
        self.lines[0].unit_price.value = ""
        self.update_totals()
        self._baseline = self.draft()
        self._saved_all()
        self.saved_note.text = ""

