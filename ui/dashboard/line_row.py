"""One line item of the invoice editor: what, how many of which unit, at what price and VAT rate, less a discount."""

from typing import Protocol

from nicegui import ui

from services.invoices.drafts import LineDraft
from services.invoices.numbers import MAX_NUMBER_TEXT
from services.invoices.pasted_lines import MAX_PASTE, PastedRow
from services.invoices.units import DEFAULT_UNIT, UNITS
from services.invoices.validation import MAX_DESCRIPTION
from ui.dashboard.fields import bounded
from ui.shared_select import SharedOptionsSelect

# A paste of several lines, or of cells split by tabs, goes to the server as text instead of into the field.
PASTE_TABLE = f"""event => {{
    const text = event.clipboardData?.getData('text/plain') || '';
    if (/\\t|\\S[\\r\\n]+\\s*\\S/.test(text)) {{ event.preventDefault(); emit(text.slice(0, {MAX_PASTE})); }}
}}"""


class LineOwner(Protocol):
    def remove_line(self, line: "LineRow") -> None: ...
    async def paste_rows(self, line: "LineRow", text: str) -> None: ...
    def update_totals(self) -> None: ...
    def changed(self) -> None: ...


class LineRow:
    """A row on a wide screen, a card on a phone (see editor_layout)."""

    def __init__(self, form: LineOwner, *, vat_rate: str) -> None:
        with ui.element("div").classes("line-item").props("data-line-item") as self.row:
            self.description = bounded(ui.input("Description"), MAX_DESCRIPTION).props("outlined dense") \
                .classes("line-description")
            self.quantity = _number("Quantity", "1", "line-quantity")
            self.unit = SharedOptionsSelect(UNITS, label="Unit", value=DEFAULT_UNIT) \
                .props("outlined dense options-dense stack-label").classes("line-unit")
            self.unit_price = _number("Unit price", "", "line-price")
            self.vat_rate = _number("VAT %", vat_rate, "line-vat")
            self.discount = _number("Discount %", "", "line-discount")
            with ui.column().classes("line-amount gap-0 pt-1"):
                ui.label("Amount").classes("text-xs text-grey-8")
                self.amount = ui.label().classes("line-amount-value")
            self.remove = ui.button(icon="delete", on_click=lambda: form.remove_line(self)) \
                .props("flat round dense aria-label='Remove line item'").classes("line-remove") \
                .tooltip("Remove line item")
        for field in (self.quantity, self.unit_price, self.vat_rate, self.discount):
            field.on_value_change(form.update_totals)
        for changed in (self.description, self.unit):
            changed.on_value_change(form.changed)
        self.description.on("paste", lambda event: form.paste_rows(self, str(event.args)), js_handler=PASTE_TABLE)

    def is_blank(self) -> bool:
        return not (self.description.value or "").strip() and not (self.unit_price.value or "").strip()

    def fill_pasted(self, row: PastedRow, *, charges_vat: bool) -> None:
        """A pasted row; one that could not be split keeps its text in the description, with the reason."""
        self.description.value, self.quantity.value, self.unit_price.value = \
            row.description, row.quantity, row.unit_price
        if row.unit is not None:
            self.unit.value = row.unit
        if row.vat_rate is not None and charges_vat:
            self.vat_rate.value = row.vat_rate
        self.description.error = row.problem or None

    def draft(self) -> LineDraft:
        return LineDraft(self.description.value or "", self.quantity.value or "", self.unit_price.value or "",
                         unit=self.unit.value or "", vat_rate=self.vat_rate.value or "",
                         discount=self.discount.value or "")

    def fill(self, typed: LineDraft) -> None:
        self.description.value, self.quantity.value, self.unit_price.value = \
            typed.description, typed.quantity, typed.unit_price
        self.unit.value = typed.unit if typed.unit in UNITS else DEFAULT_UNIT
        self.vat_rate.value, self.discount.value = typed.vat_rate, typed.discount

    def show_problems(self, problems: dict[str, str], index: int) -> None:
        for name, field in self._fields():
            field.error = problems.get(f"lines.{index}.{name}")

    def _fields(self) -> list[tuple[str, ui.input | ui.select]]:
        return [("description", self.description), ("quantity", self.quantity), ("unit", self.unit),
                ("unit_price", self.unit_price), ("vat_rate", self.vat_rate), ("discount", self.discount)]


def _number(label: str, value: str, role: str) -> ui.input:
    return bounded(ui.input(label, value=value), MAX_NUMBER_TEXT) \
        .props("outlined dense stack-label inputmode=decimal").classes(role)

