"""The PDF job state kept on each invoice: attempts and a lease (which instance renders it, until when).

Lease times are integer epoch milliseconds: they are compared with $lt, and an integer survives every update
operator on every MongoDB-compatible server we support (nx-27017 turns a datetime written by $set into a string).
"""

import time
from dataclasses import dataclass

from pymongo import ReturnDocument

from services.invoices.model import InvoiceRecord
from storage.database import Database
from storage.documents import Document, parse_object_id
from storage.invoice_documents import record_from_document


@dataclass(frozen=True)
class JobLease:
    """Who holds a job (an instance id; "" for nobody) and until when."""

    holder: str
    until_ms: int

    @classmethod
    def starting_now(cls, holder: str, lease_s: float) -> "JobLease":
        return cls(holder=holder, until_ms=now_ms() + int(lease_s * 1000))


@dataclass(frozen=True)
class ExpiredJob:
    owner_id: str
    invoice_id: str
    attempts: int
    last_error: str


def now_ms() -> int:
    return int(time.time() * 1000)


def lease_fields(lease: JobLease) -> Document:
    """The lease as stored on a new or reopened invoice: this holder renders it unless it dies first."""
    return {"lease_owner": lease.holder, "lease_until_ms": lease.until_ms, "last_error": ""}


async def claim(db: Database, *, owner_id: str, invoice_id: str, instance: str, lease_s: float,
                max_attempts: int) -> InvoiceRecord | None:
    """Atomically takes the job for one more attempt, if it is ours or its lease has expired."""
    object_id = parse_object_id(invoice_id)
    if object_id is None:
        return None
    now = now_ms()
    document = await db.invoices.find_one_and_update(
        # $and around the $or: nx-27017 0.8.1 ignores the other conditions of an update filter that has a
        # top-level $or next to them (see the contract test).
        {"$and": [{"_id": object_id, "owner_id": owner_id, "status": "processing", "attempts": {"$lt": max_attempts}},
                  {"$or": [{"lease_owner": instance}, {"lease_until_ms": {"$lt": now}}]}]},
        {"$set": {"lease_owner": instance, "lease_until_ms": now + int(lease_s * 1000)}, "$inc": {"attempts": 1}},
        return_document=ReturnDocument.AFTER,
    )
    return record_from_document(document) if document is not None else None


async def renew(db: Database, *, owner_id: str, invoice_id: str, instance: str, lease_s: float) -> bool:
    result = await db.invoices.update_one(
        {"_id": parse_object_id(invoice_id), "owner_id": owner_id, "status": "processing", "lease_owner": instance},
        {"$set": {"lease_until_ms": now_ms() + int(lease_s * 1000)}},
    )
    return result.matched_count == 1


async def release(db: Database, *, owner_id: str, invoice_id: str, instance: str, last_error: str = "") -> None:
    """Gives the job back (still processing) so that any instance may pick it up at once."""
    changes: Document = {"lease_owner": "", "lease_until_ms": 0}
    if last_error:
        changes["last_error"] = last_error
    await db.invoices.update_one(
        {"_id": parse_object_id(invoice_id), "owner_id": owner_id, "status": "processing", "lease_owner": instance},
        {"$set": changes},
    )


async def expired(db: Database, *, limit: int = 100) -> list[ExpiredJob]:
    """Jobs nobody holds any more, across all owners; each is then handled through owner-scoped calls."""
    cursor = db.invoices.find(
        {"status": "processing", "lease_until_ms": {"$lt": now_ms()}},
        {"owner_id": 1, "attempts": 1, "last_error": 1},
    ).sort("lease_until_ms", 1).limit(limit)
    return [ExpiredJob(owner_id=document["owner_id"], invoice_id=str(document["_id"]),
                       attempts=int(document.get("attempts", 0)), last_error=document.get("last_error", ""))
            async for document in cursor]
