"""Live events for one tab, for exactly as long as the session the tab was opened with is alive.

Events are published per user, but a tab belongs to one session: before anything is pushed to it, the session
is looked up; once it is closed (log-out anywhere, expiry, deletion) the subscription ends and the tab is told
to leave. Nothing more reaches it.
"""

import logging
from collections.abc import Awaitable, Callable

from pymongo.errors import PyMongoError

from services.accounts.sessions import Sessions, SignedInUser
from services.live.bus import EventBus, Listener, UserEvent

log = logging.getLogger(__name__)
SessionEnded = Callable[[], Awaitable[None]]


class TabFeed:
    def __init__(self, bus: EventBus, sessions: Sessions, user: SignedInUser, on_event: Listener,
                 on_session_end: SessionEnded) -> None:
        self._sessions = sessions
        self._user = user
        self._on_event = on_event
        self._on_session_end = on_session_end
        self._ended = False
        self._unsubscribe = bus.subscribe(user.user_id, self._deliver)

    async def check(self) -> bool:
        """True while the session lives; otherwise ends the feed (once) and returns False."""
        if self._ended:
            return False
        try:
            if await self._sessions.is_live(self._user.session_id):
                return True
        except PyMongoError:
            log.warning("Session check failed; a live update was held back")
            return False  # the database is away: push nothing rather than push unchecked
        await self._end()
        return False

    def stop(self) -> None:
        """Ends the feed for good and lets go of its tab: a timer may still hold the feed for a while, and the
        function that unsubscribed holds the feed itself (a reference cycle, if kept)."""
        self._ended = True
        self._unsubscribe()
        self._unsubscribe = _nothing
        self._on_event = _ignore
        self._on_session_end = _nothing_left

    async def _deliver(self, event: UserEvent) -> None:
        if event.kind == "session_closed":
            if event.subject_id == self._user.session_id:
                await self._end()
            return
        if await self.check():
            await self._on_event(event)

    async def _end(self) -> None:
        if self._ended:
            return
        on_session_end = self._on_session_end
        self.stop()
        await on_session_end()


class SessionFeeds:
    """Hands each dashboard tab its session-bound feed."""

    def __init__(self, bus: EventBus, sessions: Sessions) -> None:
        self._bus = bus
        self._sessions = sessions

    def follow(self, user: SignedInUser, on_event: Listener, on_session_end: SessionEnded) -> TabFeed:
        return TabFeed(self._bus, self._sessions, user, on_event, on_session_end)


def _nothing() -> None:
    pass


async def _ignore(_: UserEvent) -> None:
    pass


async def _nothing_left() -> None:
    pass
