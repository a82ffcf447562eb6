"""The invoice form: client, dates, currency, tax, notes and line items, with totals as the user types."""

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import TypeVar

from nicegui import ui

from services.accounts.email_address import MAX_EMAIL_LENGTH
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.money import active_currencies
from services.invoices.preview import preview_totals
from services.invoices.validation import MAX_CLIENT_NAME, MAX_DESCRIPTION, MAX_LINES, MAX_NOTES

DEFAULT_PAYMENT_DAYS = 30
MAX_NUMBER_TEXT = 40  # quantities, prices, the tax rate, dates: far longer than any valid one
TextField = TypeVar("TextField", ui.input, ui.textarea)
OnGenerate = Callable[["InvoiceForm"], Awaitable[None]]


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

    def draft(self) -> LineDraft:
        return LineDraft(self.description.value or "", self.quantity.value or "", self.unit_price.value or "")

    def show_problems(self, problems: dict[str, str], index: int) -> None:
        self.description.error = problems.get(f"lines.{index}.description")
        self.quantity.error = problems.get(f"lines.{index}.quantity")
        self.unit_price.error = problems.get(f"lines.{index}.unit_price")


class InvoiceForm:
    def __init__(self, *, default_currency: str, on_generate: OnGenerate) -> None:
        today = date.today()
        self.busy = False
        self.lines: list[LineRow] = []
        with ui.card().classes("w-full gap-2"):
            ui.label("New invoice").classes("text-h6")
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
                self.generate = ui.button("Generate PDF", icon="picture_as_pdf",
                                          on_click=lambda: on_generate(self)).props("unelevated color=primary")
        self.add_line()

    def add_line(self) -> None:
        if len(self.lines) >= MAX_LINES:  # the same cap as at Generate, so editing state stays bounded too
            self.lines_message.text = f"An invoice can have at most {MAX_LINES} line items."
            return
        with self.lines_box:
            self.lines.append(LineRow(self))
        self.update_totals()

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
            lines=tuple(line.draft() for line in self.lines),
        )

    def update_totals(self) -> None:
        preview = preview_totals(self.draft())
        if preview is None:
            self.totals.text = "Choose a currency to see the totals."
            return
        for line, amount in zip(self.lines, preview.line_amounts, strict=True):
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
            ui.icon("edit_calendar").on("click", menu.open).classes("cursor-pointer")
    return field
