"""Hands free worker slots to waiting users in turn, so one user's pile of jobs cannot starve the others.

Policy: a free slot goes to the waiting user who holds the fewest slots right now, ties broken round-robin
(the user served longest ago first). With more than one slot, no user may hold all of them: one always stays
within reach of everybody else.
"""

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

Slot = TypeVar("Slot")


class FairScheduler(Generic[Slot]):
    def __init__(self, slots: list[Slot]) -> None:
        self._free: deque[Slot] = deque(slots)
        self._per_user_cap = max(1, len(slots) - 1)
        self._waiting: OrderedDict[str, deque[asyncio.Future[Slot]]] = OrderedDict()
        self._held: dict[str, int] = {}

    @asynccontextmanager
    async def slot_for(self, user_id: str) -> AsyncIterator[Slot]:
        future: asyncio.Future[Slot] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(user_id, deque()).append(future)
        self._dispatch()
        try:
            slot = await future
        except asyncio.CancelledError:
            self._withdraw(user_id, future)
            raise
        try:
            yield slot
        finally:
            self._held[user_id] -= 1
            if not self._held[user_id]:
                del self._held[user_id]
            self._free.append(slot)
            self._dispatch()

    def _dispatch(self) -> None:
        while self._free:
            user_id = self._next_user()
            if user_id is None:
                return
            future = self._waiting[user_id].popleft()
            if not self._waiting[user_id]:
                del self._waiting[user_id]
            else:
                self._waiting.move_to_end(user_id)
            self._held[user_id] = self._held.get(user_id, 0) + 1
            future.set_result(self._free.popleft())

    def _next_user(self) -> str | None:
        candidates = [user for user in self._waiting if self._held.get(user, 0) < self._per_user_cap]
        if not candidates:
            return None
        return min(candidates, key=lambda user: self._held.get(user, 0))  # min keeps the first of equals

    def _withdraw(self, user_id: str, future: asyncio.Future[Slot]) -> None:
        if future.done() and not future.cancelled():
            # the slot was granted just as the waiter was cancelled: give it back
            self._held[user_id] -= 1
            if not self._held[user_id]:
                del self._held[user_id]
            self._free.append(future.result())
            self._dispatch()
            return
        queue = self._waiting.get(user_id)
        if queue and future in queue:
            queue.remove(future)
            if not queue:
                del self._waiting[user_id]
