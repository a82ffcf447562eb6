"""A closed tab's page is freed as soon as NiceGUI deletes its client, by reference counting alone: a web process
that freezes what it keeps (services.process.garbage_collection) would otherwise keep every closed tab. (The
props, style and classes NiceGUI leaves in cycles of their own: tests/contract/test_nicegui_cycles.py.)"""

import asyncio
import gc
from collections import Counter

from nicegui import ui
from nicegui.element import Element
from nicegui.testing import User

from tests.support.app import sign_up


async def test_a_closed_dashboard_leaves_nothing_to_the_cycle_collector(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await user.should_see("Nothing outstanding.")
    closed = user.client
    assert closed is not None and len(closed.elements) > 100
    await user.open("/settings")
    await user.should_see("Business name", retries=50)
    timers = [element for element in closed.elements.values() if isinstance(element, ui.timer)]
    gc.collect()
    gc.disable()
    try:
        closed.delete()
        del closed
        await asyncio.sleep(0.1)  # the handlers are dropped just after the deletion
        await _past_the_next_tick(timers)
        del timers
        gc.unfreeze()  # the app freezes what a collection keeps: the whole page, unless it was freed
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left = Counter(type(found).__name__ for found in gc.garbage
                       if isinstance(found, Element) or type(found).__module__.startswith("ui."))
    finally:
        gc.garbage.clear()
        gc.set_debug(0)
        gc.enable()

    assert left == Counter()


async def _past_the_next_tick(timers: list[ui.timer]) -> None:
    """A deleted page's ui.timer ends at its next tick (up to a minute away): its task is ended now instead."""
    ending = [task for task in asyncio.all_tasks()
              if getattr(getattr(task.get_coro(), "cr_frame", None), "f_locals", {}).get("self") in timers]
    assert ending, "the dashboard runs a timer; if it no longer does, drop this step"
    for task in ending:
        task.cancel()
    await asyncio.gather(*ending, return_exceptions=True)
