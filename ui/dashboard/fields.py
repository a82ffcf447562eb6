"""Text fields of the invoice editor: bounded on the server, dates with a picker."""

from datetime import date
from typing import TypeVar

from nicegui import ui

from services.invoices.numbers import MAX_NUMBER_TEXT

TextField = TypeVar("TextField", ui.input, ui.textarea)


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


def date_input(label: str, initial: date | None) -> ui.input:
    text = initial.isoformat() if initial else ""
    field = bounded(ui.input(label, value=text), MAX_NUMBER_TEXT).props("outlined dense").classes("w-40")
    calendar: list[ui.menu] = []

    def open_calendar() -> None:
        """The calendar is made at its first use: most pages never open it, and every open tab kept four."""
        if not calendar:
            with field, ui.menu().props("no-parent-event") as menu:
                ui.date(mask="YYYY-MM-DD").bind_value(field).on_value_change(menu.close)
            calendar.append(menu)
        calendar[0].open()

    with field.add_slot("append"):
        ui.button(icon="edit_calendar", on_click=open_calendar).props("flat round dense") \
            .props["title"] = f"Pick the {label.lower()} from a calendar"  # a button: Tab and Enter reach it
    return field
