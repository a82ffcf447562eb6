"""The country picker of the client forms (the invoice editor's and the client list's)."""

from functools import cache

from nicegui import ui

from services.clients.model import countries


def country_select(label: str, classes: str) -> ui.select:
    """NiceGUI rebuilds a select's whole option list for every prop it changes, and its constructor, `.props` and
    `.classes` change several: with 250 countries that was about a third of building the dashboard (bench
    `dashboards`, profiled). Here the options come last, in one rebuild."""
    select = ui.select({}, label=label, with_input=True, clearable=True).props("outlined dense options-dense") \
        .classes(classes)
    select.set_options(dict(_choices()))
    return select


@cache
def _choices() -> dict[str, str]:
    return {code: f"{name} ({code})" for code, name in countries().items()}
