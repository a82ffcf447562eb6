"""Login sessions: an opaque cookie token whose sha256 names a row in the database.

Logging in happens over the websocket, which cannot set cookies; the login handler therefore mints a
short-lived signed ticket bound to the browser, and a plain HTTP route trades it for a brand-new session
cookie. The session id is thus always fresh after login (no fixation), and every tab of the browser
shares it, so deleting the row logs out all of them at once.
"""

import asyncio
import hashlib
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from pymongo.errors import ConnectionFailure

from services.live.bus import EventBus, UserEvent
from storage import login_tickets, users
from storage import sessions as session_rows
from storage.database import Database

COOKIE_NAME = "invoice_session"
TICKET_MAX_AGE_S = 60
OUTAGE_FALLBACK_S = 600
LOOKUP_TIMEOUT_S = 2.5
REMEMBERED_SESSIONS = 10_000


@dataclass(frozen=True)
class SignedInUser:
    user_id: str
    email: str
    session_id: str


@dataclass(frozen=True)
class NewSession:
    token: str
    max_age_s: int


class Sessions:
    def __init__(self, db: Database, bus: EventBus, *, secret_key: str, lifetime: timedelta) -> None:
        self._db = db
        self._bus = bus
        self._lifetime = lifetime
        self._tickets = URLSafeTimedSerializer(secret_key, salt="login-ticket")
        self._recent: OrderedDict[str, tuple[SignedInUser, float]] = OrderedDict()

    def mint_login_ticket(self, *, user_id: str, browser_id: str) -> str:
        return self._tickets.dumps({"user_id": user_id, "browser_id": browser_id, "id": secrets.token_urlsafe(16)})

    async def redeem_login_ticket(self, ticket: str, *, browser_id: str) -> str | None:
        """The user id the ticket was minted for, if it is genuine, fresh, used by the same browser, and unused."""
        try:
            payload = self._tickets.loads(ticket, max_age=TICKET_MAX_AGE_S)
        except BadSignature:
            return None
        if not isinstance(payload, dict) or not browser_id or payload.get("browser_id") != browser_id:
            return None
        user_id, ticket_id = payload.get("user_id"), payload.get("id")
        if not isinstance(user_id, str) or not isinstance(ticket_id, str):
            return None
        now = datetime.now(UTC)
        first_use = await login_tickets.consume(self._db, ticket_id=ticket_id, now=now,
                                                expires_at=now + timedelta(seconds=TICKET_MAX_AGE_S + 5))
        return user_id if first_use else None

    async def open(self, *, user_id: str) -> NewSession:
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        await session_rows.insert_session(
            self._db, session_id=session_id_of(token), user_id=user_id, now=now, expires_at=now + self._lifetime
        )
        return NewSession(token=token, max_age_s=int(self._lifetime.total_seconds()))

    async def resolve(self, token: str | None) -> SignedInUser | None:
        """Who the cookie belongs to. While the database is unreachable, a recent answer stands in for it."""
        if not token:
            return None
        session_id = session_id_of(token)
        try:
            signed_in = await asyncio.wait_for(self._lookup(session_id), LOOKUP_TIMEOUT_S)
        except (ConnectionFailure, TimeoutError):
            remembered = self._recent.get(session_id)
            if remembered is None or time.monotonic() - remembered[1] > OUTAGE_FALLBACK_S:
                raise ConnectionFailure("the database did not answer the session look-up") from None
            return remembered[0]
        self._remember(session_id, signed_in)
        return signed_in

    async def _lookup(self, session_id: str) -> SignedInUser | None:
        row = await session_rows.find_live_session(self._db, session_id=session_id, now=datetime.now(UTC))
        if row is None:
            return None
        user = await users.find_user(self._db, user_id=row.user_id)
        return SignedInUser(user_id=user.id, email=user.email, session_id=session_id) if user else None

    def _remember(self, session_id: str, signed_in: SignedInUser | None) -> None:
        self._recent.pop(session_id, None)
        if signed_in is not None:
            self._recent[session_id] = (signed_in, time.monotonic())
            while len(self._recent) > REMEMBERED_SESSIONS:
                self._recent.popitem(last=False)

    async def is_live(self, session_id: str) -> bool:
        row = await session_rows.find_live_session(self._db, session_id=session_id, now=datetime.now(UTC))
        return row is not None

    async def close(self, session_id: str) -> None:
        await session_rows.delete_session(self._db, session_id=session_id)
        self._recent.pop(session_id, None)

    async def log_out(self, user: SignedInUser) -> None:
        """Ends the browser's session; every tab of it, in every process, is told to leave."""
        await self.close(user.session_id)
        await self._bus.publish(UserEvent(user_id=user.user_id, kind="session_closed", subject_id=user.session_id))


def session_id_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
