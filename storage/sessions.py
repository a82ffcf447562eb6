"""Login sessions in the `sessions` collection, keyed by the sha256 of the cookie token."""

from dataclasses import dataclass
from datetime import datetime

from storage.database import Database


@dataclass(frozen=True)
class SessionRecord:
    id: str
    user_id: str
    expires_at: datetime


async def insert_session(db: Database, *, session_id: str, user_id: str, now: datetime, expires_at: datetime) -> None:
    await db.sessions.insert_one({"_id": session_id, "user_id": user_id, "created_at": now, "expires_at": expires_at})


async def find_live_session(db: Database, *, session_id: str, now: datetime) -> SessionRecord | None:
    document = await db.sessions.find_one({"_id": session_id, "expires_at": {"$gt": now}})
    if document is None:
        return None
    return SessionRecord(id=document["_id"], user_id=document["user_id"], expires_at=document["expires_at"])


async def delete_session(db: Database, *, session_id: str) -> None:
    await db.sessions.delete_one({"_id": session_id})
