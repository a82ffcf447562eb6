"""Start-time fair queueing across the cluster: the virtual clock and each owner's virtual finish time.

A job of cost c enqueued by owner u gets the start tag S = max(V, F_u) and moves F_u to S + c, where V is the
tag of the job most recently claimed anywhere. Workers claim in tag order, so each owner with work waiting is
served in turn, by render cost: a flood of large invoices pushes its own later tags far ahead, and a newcomer's
first job starts at V, ahead of them. Each step is a single-document atomic update, so
concurrent enqueues by one owner still get distinct tags: a conditional $inc when F >= V, else a conditional
$set to V + c (which misses, and is tried again as the $inc, when a concurrent enqueue moved F past V first).
"""

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from storage.database import Database

CLOCK_ID = "virtual-time"
ATTEMPTS = 100  # each miss means another enqueue of the owner got its tag meanwhile


async def start_tag(db: Database, *, owner_id: str, cost: float, virtual: float | None = None) -> float:
    """While the owner has work ahead of V (a busy owner's every enqueue), one update; V is read first unless the
    caller gives it (services.jobs.virtual_clock)."""
    if virtual is None:
        virtual = await virtual_time(db)
    for _ in range(ATTEMPTS):
        ahead = await db.job_owners.find_one_and_update(  # F >= V: S = F
            {"_id": owner_id, "finish": {"$gte": virtual}}, {"$inc": {"finish": cost}},
            return_document=ReturnDocument.AFTER)
        if ahead is not None:
            return float(ahead["finish"]) - cost
        try:  # F < V, or a newcomer: S = V; a concurrent enqueue that moved F past V meanwhile makes this miss
            behind = await db.job_owners.find_one_and_update(
                {"_id": owner_id, "finish": {"$lt": virtual}}, {"$set": {"finish": virtual + cost}},
                upsert=True, return_document=ReturnDocument.AFTER)
        except DuplicateKeyError:
            continue
        if behind is not None:
            return virtual
    raise RuntimeError(f"no start tag for {owner_id} after {ATTEMPTS} attempts")


async def advance(db: Database, *, tag: float) -> None:
    """Called on every claim: virtual time never goes back."""
    for _ in range(3):
        try:
            await db.job_clock.update_one({"_id": CLOCK_ID}, {"$max": {"time": tag}}, upsert=True)
            return
        except DuplicateKeyError:
            continue


async def virtual_time(db: Database) -> float:
    document = await db.job_clock.find_one({"_id": CLOCK_ID})
    return float(document["time"]) if document is not None else 0.0
