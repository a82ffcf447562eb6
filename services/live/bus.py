"""In-process publish/subscribe of per-user events; each open tab subscribes to its own user only."""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)

EventKind = Literal["invoice_changed", "session_closed", "resync", "clients_changed"]


@dataclass(frozen=True)
class UserEvent:
    user_id: str
    kind: EventKind
    subject_id: str  # the invoice, closed session or client id, or "" for resync (events may have been missed)


Listener = Callable[[UserEvent], Awaitable[None]]


class EventBus:
    def __init__(self) -> None:
        self._listeners: defaultdict[str, set[Listener]] = defaultdict(set)

    def subscribe(self, user_id: str, listener: Listener) -> Callable[[], None]:
        """Returns the function that unsubscribes."""
        self._listeners[user_id].add(listener)

        def unsubscribe() -> None:
            listeners = self._listeners.get(user_id)
            if listeners is not None:
                listeners.discard(listener)
                if not listeners:
                    del self._listeners[user_id]

        return unsubscribe

    async def publish(self, event: UserEvent) -> None:
        await self.deliver_here(event)

    async def invoice_changed(self, *, owner_id: str, invoice_id: str) -> None:
        """Every open tab of the owner re-reads its invoices; the one way an invoice's change is announced."""
        await self.publish(UserEvent(user_id=owner_id, kind="invoice_changed", subject_id=invoice_id))

    async def clients_changed(self, *, owner_id: str, client_id: str) -> None:
        """Every open client list of the owner re-reads itself."""
        await self.publish(UserEvent(user_id=owner_id, kind="clients_changed", subject_id=client_id))

    async def start(self) -> None:
        """Nothing to start for a single process; see RedisEventBus."""

    async def stop(self) -> None:
        """Nothing to stop for a single process; see RedisEventBus."""

    def listener_count(self) -> int:
        """Open tabs following live updates in this process."""
        return sum(len(listeners) for listeners in self._listeners.values())

    def subscribed_users(self) -> list[str]:
        return list(self._listeners)

    async def deliver_here(self, event: UserEvent) -> None:
        listeners = list(self._listeners.get(event.user_id, ()))
        results = await asyncio.gather(*(listener(event) for listener in listeners), return_exceptions=True)
        for result in results:
            if isinstance(result, Exception):
                log.error("A live-update listener failed", exc_info=result)
