"""Which render-worker instances are alive and how many render slots each has: the cluster's capacity."""

from storage.database import Database
from storage.jobs import now_ms

FORGET_AFTER_S = 3600.0


async def heartbeat(db: Database, *, instance: str, slots: int) -> None:
    await db.render_workers.update_one({"_id": instance}, {"$set": {"slots": slots, "seen_ms": now_ms()}},
                                       upsert=True)


async def capacity(db: Database, *, seen_within_s: float) -> int:
    """Render slots of the instances heard from within seen_within_s; long-gone instances are forgotten."""
    now = now_ms()
    await db.render_workers.delete_many({"seen_ms": {"$lt": now - int(FORGET_AFTER_S * 1000)}})
    cutoff = now - int(seen_within_s * 1000)
    return sum([int(document["slots"])
                async for document in db.render_workers.find({"seen_ms": {"$gte": cutoff}}, {"slots": 1})])


async def leave(db: Database, *, instance: str) -> None:
    await db.render_workers.delete_one({"_id": instance})
