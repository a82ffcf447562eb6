"""Start-time fair queueing across the cluster: the virtual clock and each owner's virtual finish time.

A job of cost c enqueued by owner u gets the start tag S = max(V, F_u) and moves F_u to S + c, where V is the
tag of the job most recently claimed anywhere. Workers claim in tag order, so each owner with work waiting is
served in turn, by render cost: a flood of large invoices pushes its own later tags far ahead, and a newcomer's
first job starts at V, ahead of them. Both steps are single-document atomic updates ($max then $inc), so
concurrent enqueues by one owner still get distinct tags.
"""

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from storage.database import Database

CLOCK_ID = "virtual-time"


async def start_tag(db: Database, *, owner_id: str, cost: float) -> float:
    virtual = await _virtual_time(db)
    for _ in range(3):  # two first-time upserts of one owner may race; the loser retries as an update
        try:
            await db.job_owners.update_one({"_id": owner_id}, {"$max": {"finish": virtual}}, upsert=True)
            break
        except DuplicateKeyError:
            continue
    document = await db.job_owners.find_one_and_update(
        {"_id": owner_id}, {"$inc": {"finish": cost}}, return_document=ReturnDocument.AFTER)
    assert document is not None
    return float(document["finish"]) - cost


async def advance(db: Database, *, tag: float) -> None:
    """Called on every claim: virtual time never goes back."""
    for _ in range(3):
        try:
            await db.job_clock.update_one({"_id": CLOCK_ID}, {"$max": {"time": tag}}, upsert=True)
            return
        except DuplicateKeyError:
            continue


async def _virtual_time(db: Database) -> float:
    document = await db.job_clock.find_one({"_id": CLOCK_ID})
    return float(document["time"]) if document is not None else 0.0
