"""An open tab's outbox sleeps until it has something to send, instead of waking every second.

NiceGUI's Outbox.loop waits for its next update with `asyncio.wait_for(event.wait(), timeout=1.0)` and, when
nothing came, simply waits again: the timeout is a safety net, since every update, message and `stop()` sets the
event. Each timeout costs a task, a timer, a cancellation and two exceptions: at 1,000 open tabs, 1,000 of them a
second, whose objects live up to a second, long enough for the cycle collector to walk them and promote them into
its older generations. Without them the server's idle CPU at 1,000 tabs was 12-15 % instead of 16-20 %, and the
event-loop lag p99 45-46 ms instead of 27-61 ms, over three measurements each (bench `dashboards`). Here the
outbox module sees an asyncio whose `wait_for` simply awaits.
"""

import asyncio
from collections.abc import Awaitable
from types import ModuleType
from typing import Any, TypeVar

from nicegui import outbox

T = TypeVar("T")


class _AsyncioWithoutTimeouts(ModuleType):
    def __init__(self) -> None:
        super().__init__("asyncio")

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def wait_for(awaitable: Awaitable[T], *_: object, **__: object) -> T:
        return await awaitable


def let_idle_outboxes_sleep() -> None:
    """Every outbox, from its next wait on: Outbox.loop looks the module's `asyncio` up each time it waits."""
    if not isinstance(outbox.asyncio, _AsyncioWithoutTimeouts):  # type: ignore[attr-defined]
        outbox.asyncio = _AsyncioWithoutTimeouts()  # type: ignore[attr-defined]
