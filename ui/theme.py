"""Shared page chrome."""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui


@contextmanager
def centered_card(title: str) -> Iterator[None]:
    with ui.column().classes("w-full items-center mt-16"):
        ui.label("Invoices").classes("text-h5 text-primary")
        with ui.card().classes("w-96 p-6 gap-3"):
            ui.label(title).classes("text-h6")
            yield
