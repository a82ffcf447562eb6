"""The country picker of the client forms (the invoice editor's and the client list's)."""

from functools import cache

from services.clients.model import countries
from ui.shared_select import SharedOptionsSelect


def country_select(label: str, classes: str) -> SharedOptionsSelect:
    """250 countries, their option list shared by every tab (ui/shared_select.py)."""
    return SharedOptionsSelect(_choices(), label=label, with_input=True, clearable=True) \
        .props("outlined dense options-dense").classes(classes)


@cache
def _choices() -> dict[str, str]:
    return {code: f"{name} ({code})" for code, name in countries().items()}
