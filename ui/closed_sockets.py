"""A closed websocket leaves no cycle behind its handler.

engineio's `AsyncSocket._websocket_handler` ends holding, in its frame (and in `asyncio.wait_for`'s), the task
that waited for the client's next message; when the client goes away that task ends with an OSError whose
traceback holds both frames again: a cycle. The handler runs as long as its tab is open, so in a process that
freezes what it keeps (services.process.garbage_collection) its frame is frozen long before the tab closes, and
the cycle, about 140 objects with the request and the connection it reaches, waited for the next reclaim: of the
190 objects a closed tab left to the collector (measured on `/login`, 100 tabs opened and closed), 53 are left.
Once the handler has returned, the tracebacks of the tasks its frame holds are dropped and the frame is cleared.
"""

import asyncio
from contextlib import suppress
from functools import wraps
from types import FrameType
from typing import Any

from engineio.async_socket import AsyncSocket


def free_closed_sockets() -> None:
    handler = AsyncSocket._websocket_handler
    if getattr(handler, "frees_its_frame", False):
        return

    @wraps(handler)
    async def handle_then_free(socket: AsyncSocket, ws: Any) -> Any:
        running = handler(socket, ws)
        frame = running.cr_frame
        try:
            return await running
        finally:
            free_frame(frame)

    handle_then_free.frees_its_frame = True  # type: ignore[attr-defined]
    AsyncSocket._websocket_handler = handle_then_free


def free_frame(frame: FrameType) -> None:
    """Of a coroutine that has returned: its finished tasks' tracebacks, then its own locals."""
    for value in list(frame.f_locals.values()):
        if isinstance(value, asyncio.Future) and value.done() and not value.cancelled() \
                and (error := value.exception()) is not None:
            error.__traceback__ = None
    with suppress(RuntimeError):  # still running: it was not awaited to its end
        frame.clear()
