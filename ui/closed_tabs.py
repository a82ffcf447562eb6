"""A removed element, and so a closed tab's whole page, is freed by reference counting, not by the cycle collector.

NiceGUI links each element to its props, style and classes in reference cycles (each holds its own bound
`_update` among its change handlers); an input's value-change handlers, and a client's connect handlers, are
usually bound methods of views that hold the client. Left as they are, every element removed from a page, and all
of a closed tab (some 3,200 objects a dashboard), wait for the cycle collector, which in a process that freezes
what it keeps (services.process.garbage_collection) means forever. So once NiceGUI has removed elements or
deleted a client, their handlers, which nothing calls any more, are dropped.
"""

import asyncio
from collections.abc import Iterable
from functools import wraps

from nicegui import Client, app
from nicegui.element import Element

from services.process.garbage_collection import tab_closed

_HANDLER_LISTS = ("_change_handlers", "_selection_change_handlers")  # ValueElement, SelectableElement
_CLIENT_HANDLER_LISTS = ("connect_handlers", "disconnect_handlers", "delete_handlers", "_exception_handlers")


def free_closed_tabs() -> None:
    _unlink_removed_elements()
    app.on_delete(_after_deletion)


def _after_deletion(client: Client) -> None:
    """Runs first in Client.delete(), which still calls the client's own delete handlers after it."""
    try:
        asyncio.get_running_loop().call_soon(_closed, client)
    except RuntimeError:  # no loop: deleted from outside the server (a test)
        _closed(client)


def _closed(client: Client) -> None:
    unlink_client(client)
    tab_closed()


def unlink_client(client: Client) -> None:
    for name in _CLIENT_HANDLER_LISTS:
        handlers = getattr(client, name, None)
        if isinstance(handlers, list):
            handlers.clear()


def _unlink_removed_elements() -> None:
    """NiceGUI has no hook for an element's removal: Client.remove_elements, which every removal goes through (a
    closed tab's client deletion included), is wrapped."""
    remove = Client.remove_elements
    if getattr(remove, "unlinks", False):
        return

    @wraps(remove)
    def remove_and_unlink(client: Client, elements: Iterable[Element]) -> None:
        removed = list(elements)
        remove(client, removed)
        unlink(removed)

    remove_and_unlink.unlinks = True  # type: ignore[attr-defined]
    Client.remove_elements = remove_and_unlink  # type: ignore[method-assign,assignment]


def unlink(elements: Iterable[Element]) -> None:
    """Private attributes (here and in unlink_client) are looked up softly: were NiceGUI to rename them, removals
    must still work; tests/contract/test_nicegui_cycles.py and tests/app/test_closed_tabs.py would fail."""
    for element in elements:
        for owner in (element._props, element._style, element._classes, element):
            for name in _HANDLER_LISTS:
                handlers = getattr(owner, name, None)
                if isinstance(handlers, list):
                    handlers.clear()
