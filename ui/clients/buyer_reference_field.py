"""The buyer reference input, in the client form and the invoice editor: what it is for, and a warning (not a
refusal) while it looks like a Leitweg-ID whose check digits do not match."""

from nicegui import ui

from services.clients.buyer_reference import leitweg_warning

LABEL = "Buyer reference"
HINT = "For a German public buyer: its Leitweg-ID"


def warn_about_leitweg(field: ui.input) -> ui.input:
    def show() -> None:
        field.props["hint"] = leitweg_warning(field.value or "") or HINT
        field.update()

    field.props["hint"] = HINT
    field.on_value_change(show)
    return field
