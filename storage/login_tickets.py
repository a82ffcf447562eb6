"""Login tickets already redeemed, so each is used once; rows are dropped once the ticket could not verify anyway."""

from datetime import datetime

from pymongo.errors import DuplicateKeyError

from storage.database import Database


async def consume(db: Database, *, ticket_id: str, now: datetime, expires_at: datetime) -> bool:
    """True the first time a ticket id is consumed, False every later time (atomic: the _id is unique)."""
    await db.login_tickets.delete_many({"expires_at": {"$lt": now}})
    try:
        await db.login_tickets.insert_one({"_id": ticket_id, "expires_at": expires_at})
    except DuplicateKeyError:
        return False
    return True
