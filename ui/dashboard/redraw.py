"""A part of the editor that its own changes redraw alone.

NiceGUI draws a plain element in the render of the nearest Vue component above it. The editor's card is one, so a
label updated straight inside the card (the running totals, on every keystroke) redraws the whole card and, with
it, every line item's fields: about a second per keystroke at 500 lines. Inside a component of its own (laid out
as if it were not there) the label's change redraws that component only. See also line_slots.
"""

from nicegui import ui


def own_redraw() -> ui.element:
    """Use as `with own_redraw():`; what is made inside is redrawn apart from the card around it."""
    return ui.element("q-card-section").props("tag=div").classes("own-redraw")
