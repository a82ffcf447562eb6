"""The PDF job queue: the `jobs` collection holds only live jobs; a finished job leaves it.

A job's `_id` is its invoice's id, so an invoice has at most one job. It is written once, when its invoice is
stored in `processing` (or reopened for a retry); a writer that dies between the two leaves an invoice in
`processing` with no job, which recovery finds and gives one (services.jobs.recovery). States:
  queued   claimable by any render worker, in `tag` order (see storage.job_clock)
  running  held by one worker instance until `lease_until_ms` (integer epoch ms); renewed while it renders

Every query here touches only this small collection, so its cost follows the queue, not the stored invoices.
The reads across owners (the claim, the running and expired scans) return jobs, never invoice data; each job is
then handled through owner-scoped calls.
"""

import time
from dataclasses import dataclass

from bson import ObjectId
from pymongo import ASCENDING

from storage.database import Database
from storage.documents import Document


@dataclass(frozen=True)
class Job:
    invoice_id: str
    owner_id: str
    state: str
    tag: float
    lines: int
    attempts: int
    last_error: str
    holder: str
    lease_until_ms: int
    enqueued_ms: int
    announced_files: tuple[str, ...]  # the GridFS file of each attempt, announced when it claimed the job

    @property
    def leftover_files(self) -> tuple[str, ...]:
        """What earlier attempts may have written: all but the file of the latest claim."""
        return self.announced_files[:-1]


def now_ms() -> int:
    return int(time.time() * 1000)


async def create(db: Database, *, owner_id: str, invoice_id: str, tag: float, lines: int,
                 state: str = "queued") -> None:
    """Writes the job of an invoice in `processing`; DuplicateKeyError when it has a live job."""
    await db.jobs.insert_one({
        "_id": ObjectId(invoice_id), "owner_id": owner_id, "state": state, "tag": tag, "lines": lines, "attempts": 0,
        "last_error": "", "holder": "", "lease_until_ms": 0, "enqueued_ms": now_ms(),
    })


async def any_queued(db: Database) -> bool:
    return await db.jobs.find_one({"state": "queued"}, {"_id": 1}) is not None


async def claim_next(db: Database, *, instance: str, lease_s: float, skip_owners: list[str],
                     file_id: str) -> Job | None:
    """Atomically takes the queued job with the smallest tag (owners in skip_owners excepted) for one attempt,
    announcing the file it will write: the next attempt deletes an announced file that no invoice points to, so
    kill -9 leaves no orphan."""
    query: Document = {"state": "queued"}
    if skip_owners:
        query["owner_id"] = {"$nin": skip_owners}
    claimed: Document = {"state": "running", "holder": instance, "lease_until_ms": now_ms() + int(lease_s * 1000)}
    before = await db.jobs.find_one_and_update(  # the job as it was: the server need not read it again
        query, {"$set": claimed, "$inc": {"attempts": 1}, "$push": {"files": file_id}}, sort=[("tag", ASCENDING)])
    if before is None:
        return None
    return _job({**before, **claimed, "attempts": int(before.get("attempts", 0)) + 1,
                 "files": [*before.get("files", ()), file_id]})


async def running_owners(db: Database) -> list[str]:
    """The owner of every running job (one entry per job): at most the cluster's render capacity."""
    return [document["owner_id"] async for document in db.jobs.find({"state": "running"}, {"owner_id": 1})]


async def renew(db: Database, job: Job, *, instance: str, lease_s: float) -> bool:
    result = await db.jobs.update_one(
        {"_id": ObjectId(job.invoice_id), "owner_id": job.owner_id, "state": "running", "holder": instance},
        {"$set": {"lease_until_ms": now_ms() + int(lease_s * 1000)}},
    )
    return result.matched_count == 1


async def release(db: Database, job: Job, *, instance: str, last_error: str = "", refund: bool = False) -> bool:
    """running -> queued, keeping its tag (it goes back to the front); refund: the attempt does not count."""
    changes: Document = {"$set": {"state": "queued", "holder": "", "lease_until_ms": 0}}
    if last_error:
        changes["$set"]["last_error"] = last_error
    if refund:
        changes["$inc"] = {"attempts": -1}
    result = await db.jobs.update_one(
        {"_id": ObjectId(job.invoice_id), "owner_id": job.owner_id, "state": "running", "holder": instance}, changes)
    return result.matched_count == 1


async def finish(db: Database, job: Job, *, holder: str | None = None) -> None:
    """The job leaves the queue; with holder, only if that instance still holds it."""
    query: Document = {"_id": ObjectId(job.invoice_id), "owner_id": job.owner_id}
    if holder is not None:
        query["holder"] = holder
    await db.jobs.delete_one(query)


async def expired(db: Database, *, limit: int = 100) -> list[Job]:
    """Running jobs whose holder stopped renewing (it died or hangs)."""
    cursor = db.jobs.find({"state": "running", "lease_until_ms": {"$lt": now_ms()}}).limit(limit)
    return [_job(document) async for document in cursor]


async def requeue_expired(db: Database, job: Job) -> bool:
    """Puts an expired job back in the queue, unless its holder renewed or someone else got there first."""
    result = await db.jobs.update_one(
        {"_id": ObjectId(job.invoice_id), "owner_id": job.owner_id, "state": "running", "holder": job.holder,
         "lease_until_ms": job.lease_until_ms},
        {"$set": {"state": "queued", "holder": "", "lease_until_ms": 0}},
    )
    return result.matched_count == 1


async def live_ids(db: Database, invoice_ids: list[str]) -> set[str]:
    """Which of these invoices have a job (queued or running)."""
    cursor = db.jobs.find({"_id": {"$in": [ObjectId(invoice_id) for invoice_id in invoice_ids]}}, {"_id": 1})
    return {str(document["_id"]) async for document in cursor}


async def publish_left_new(db: Database) -> None:
    """Queues jobs that an earlier version wrote as `new` before their invoice: the claim drops the job of an
    invoice that was never stored, as that version's recovery did."""
    await db.jobs.update_many({"state": "new"}, {"$set": {"state": "queued"}})


async def queued_of_owner(db: Database, *, owner_id: str) -> list[Job]:
    """The owner's jobs still waiting for a worker, in claim order (few: the rate limit bounds them)."""
    cursor = db.jobs.find({"owner_id": owner_id, "state": "queued"}).sort("tag", ASCENDING)
    return [_job(document) async for document in cursor]


async def queued_tags_before(db: Database, *, tag: float, limit: int) -> list[float]:
    """Tags of the queued jobs ahead of `tag` (at most limit): a read bounded by the queue, not by the data."""
    cursor = db.jobs.find({"state": "queued", "tag": {"$lt": tag}}, {"tag": 1}).sort("tag", ASCENDING).limit(limit)
    return [float(document["tag"]) async for document in cursor]


async def count_in_state(db: Database, state: str, *, limit: int) -> int:
    """For metrics: jobs in one state, counted up to limit (the collection holds live jobs only)."""
    return await db.jobs.count_documents({"state": state}, limit=limit)


async def oldest_queued_ms(db: Database) -> int | None:
    document = await db.jobs.find_one({"state": "queued"}, {"enqueued_ms": 1}, sort=[("enqueued_ms", ASCENDING)])
    return int(document["enqueued_ms"]) if document is not None else None


def _job(document: Document) -> Job:
    return Job(
        invoice_id=str(document["_id"]), owner_id=document["owner_id"], state=document["state"],
        tag=float(document["tag"]), lines=int(document.get("lines", 0)), attempts=int(document.get("attempts", 0)),
        last_error=document.get("last_error", ""), holder=document.get("holder", ""),
        lease_until_ms=int(document.get("lease_until_ms", 0)), enqueued_ms=int(document.get("enqueued_ms", 0)),
        announced_files=_announced(document),
    )


def _announced(document: Document) -> tuple[str, ...]:
    """Jobs written before claims announced their files kept the one file an attempt announced on its own."""
    earlier = document.get("pdf_file_id", "")
    return ((earlier,) if earlier else ()) + tuple(document.get("files", ()))
