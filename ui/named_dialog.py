"""Dialogs that a screen reader announces by their title."""

from nicegui import ui


def named_dialog(title: str) -> ui.dialog:
    dialog = ui.dialog()
    name(dialog, title)
    return dialog


def name(dialog: ui.dialog, title: str) -> None:
    """For a dialog built once and reused with another title."""
    dialog.props["aria-label"] = title  # as a value: any quote in a client's name is safe
