"""Login sessions: an opaque cookie token whose sha256 names a row in the database.

Logging in happens over the websocket, which cannot set cookies; the login handler therefore mints a
short-lived signed ticket bound to the browser, and a plain HTTP route trades it for a brand-new session
cookie. The session id is thus always fresh after login (no fixation), and every tab of the browser
shares it, so deleting the row logs out all of them at once.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from storage import sessions as session_rows
from storage import users
from storage.database import Database

COOKIE_NAME = "invoice_session"
TICKET_MAX_AGE_S = 60


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
    def __init__(self, db: Database, *, secret_key: str, lifetime: timedelta) -> None:
        self._db = db
        self._lifetime = lifetime
        self._tickets = URLSafeTimedSerializer(secret_key, salt="login-ticket")

    def mint_login_ticket(self, *, user_id: str, browser_id: str) -> str:
        return self._tickets.dumps({"user_id": user_id, "browser_id": browser_id})

    def redeem_login_ticket(self, ticket: str, *, browser_id: str) -> str | None:
        """The user id the ticket was minted for, if it is genuine, fresh and used by the same browser."""
        try:
            payload = self._tickets.loads(ticket, max_age=TICKET_MAX_AGE_S)
        except BadSignature:
            return None
        if not isinstance(payload, dict) or not browser_id or payload.get("browser_id") != browser_id:
            return None
        user_id = payload.get("user_id")
        return user_id if isinstance(user_id, str) else None

    async def open(self, *, user_id: str) -> NewSession:
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        await session_rows.insert_session(
            self._db, session_id=session_id_of(token), user_id=user_id, now=now, expires_at=now + self._lifetime
        )
        return NewSession(token=token, max_age_s=int(self._lifetime.total_seconds()))

    async def resolve(self, token: str | None) -> SignedInUser | None:
        if not token:
            return None
        session_id = session_id_of(token)
        row = await session_rows.find_live_session(self._db, session_id=session_id, now=datetime.now(UTC))
        if row is None:
            return None
        user = await users.find_user(self._db, user_id=row.user_id)
        return SignedInUser(user_id=user.id, email=user.email, session_id=session_id) if user else None

    async def is_live(self, session_id: str) -> bool:
        row = await session_rows.find_live_session(self._db, session_id=session_id, now=datetime.now(UTC))
        return row is not None

    async def close(self, session_id: str) -> None:
        await session_rows.delete_session(self._db, session_id=session_id)


def session_id_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
