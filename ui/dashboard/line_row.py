"""One line item of the invoice editor: what, how many of which unit, at what price and VAT rate, less a discount."""

from typing import Protocol

from nicegui import ui

from services.invoices.drafts import LineDraft
from services.invoices.numbers import MAX_NUMBER_TEXT
from services.invoices.units import DEFAULT_UNIT, UNITS
from services.invoices.validation import MAX_DESCRIPTION
from ui.dashboard.fields import bounded


class LineOwner(Protocol):
    def remove_line(self, line: "LineRow") -> None: ...
    def update_totals(self) -> None: ...
    def changed(self) -> None: ...


class LineRow:
    def __init__(self, form: LineOwner, *, vat_rate: str) -> None:
        with ui.row().classes("w-full items-start gap-2 wrap lg:no-wrap") as self.row:  # stacked on a phone
            self.description = bounded(ui.input("Description"), MAX_DESCRIPTION).props("outlined dense") \
                .classes("grow basis-full lg:basis-0")
            self.quantity = _number("Quantity", "1", "w-24")
            self.unit = ui.select(UNITS, label="Unit", value=DEFAULT_UNIT).props("outlined dense options-dense") \
                .classes("w-32")
            self.unit_price = _number("Unit price", "", "w-32")
            self.vat_rate = _number("VAT %", vat_rate, "w-24")
            self.discount = _number("Discount %", "", "w-28")
            self.amount = ui.label().classes("w-32 text-right pt-3 tabular-nums")
            self.remove = ui.button(icon="delete", on_click=lambda: form.remove_line(self)) \
                .props("flat round dense aria-label='Remove line item'").tooltip("Remove line item")
        for field in (self.quantity, self.unit_price, self.vat_rate, self.discount):
            field.on_value_change(form.update_totals)
        for changed in (self.description, self.unit):
            changed.on_value_change(form.changed)

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


def _number(label: str, value: str, width: str) -> ui.input:
    return bounded(ui.input(label, value=value), MAX_NUMBER_TEXT).props("outlined dense inputmode=decimal") \
        .classes(width)

