"""Invoices in the `invoices` collection. Every function takes the owner and filters on it."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from bson import ObjectId
from bson.errors import InvalidId
from pymongo import DESCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from storage.database import Database
from storage.documents import Document

Status = Literal["processing", "ready", "failed"]
NUMBER_ATTEMPTS = 1000
DETAIL_FIELDS = ("lines", "notes")


@dataclass(frozen=True)
class StoredPdf:
    file_id: str
    size: int
    sha256: str


@dataclass(frozen=True)
class InvoiceRecord:
    id: str
    owner_id: str
    number: str
    status: Status
    failure_reason: str
    attempts: int
    created_at: datetime
    body: Document  # client, seller, dates, currency, lines and totals as stored
    pdf: StoredPdf | None

    @property
    def client_name(self) -> str:
        return str(self.body["client"]["name"])

    @property
    def total_minor(self) -> int:
        return int(self.body["total_minor"])

    @property
    def currency(self) -> str:
        return str(self.body["currency"])


def parse_object_id(value: str) -> ObjectId | None:
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        return None


async def insert_with_next_number(db: Database, *, owner_id: str, body: Document,
                                  reservation: Document) -> InvoiceRecord:
    """Takes the owner's next sequence number; the unique (owner_id, seq) index makes it gap- and duplicate-free.

    The bulky part (lines, notes) goes to `invoice_details` first, under the invoice's own id, so the invoice
    rows that lists, job claims and recovery scans read stay small. `reservation` is the initial job lease
    (see storage.jobs): the new invoice is a job from its first moment.
    """
    invoice_id = ObjectId()
    header = {key: value for key, value in body.items() if key not in DETAIL_FIELDS}
    await db.invoice_details.insert_one(
        {"_id": invoice_id, "owner_id": owner_id, **{key: body[key] for key in DETAIL_FIELDS}})
    for _ in range(NUMBER_ATTEMPTS):
        seq = await _last_seq(db, owner_id) + 1
        now = datetime.now(UTC)
        document = {
            "_id": invoice_id, "owner_id": owner_id, "seq": seq, "number": f"INV-{seq:04d}",
            "status": "processing", "failure_reason": "", "attempts": 0, "created_at": now, "updated_at": now,
            **reservation, **header,
        }
        try:
            await db.invoices.insert_one(document)
        except DuplicateKeyError:
            continue
        return _record(document)
    await db.invoice_details.delete_one({"_id": invoice_id, "owner_id": owner_id})
    raise RuntimeError("could not allocate an invoice number")


async def find_details(db: Database, *, owner_id: str, invoice_id: str) -> Document | None:
    """The invoice's lines and notes."""
    return await db.invoice_details.find_one({"_id": parse_object_id(invoice_id), "owner_id": owner_id},
                                             {"_id": 0, "owner_id": 0})


async def list_for_owner(db: Database, *, owner_id: str, limit: int = 100) -> list[InvoiceRecord]:
    cursor = db.invoices.find({"owner_id": owner_id}).sort("seq", DESCENDING).limit(limit)
    return [_record(document) async for document in cursor]


async def find_for_owner(db: Database, *, owner_id: str, invoice_id: str) -> InvoiceRecord | None:
    object_id = parse_object_id(invoice_id)
    if object_id is None:
        return None
    return optional_record(await db.invoices.find_one({"_id": object_id, "owner_id": owner_id}))


async def mark_ready(db: Database, *, owner_id: str, invoice_id: str, pdf: StoredPdf) -> InvoiceRecord | None:
    return await transition(db, owner_id, invoice_id, "processing", {
        "status": "ready", "failure_reason": "",
        "pdf": {"file_id": pdf.file_id, "size": pdf.size, "sha256": pdf.sha256},
    })


async def mark_failed(db: Database, *, owner_id: str, invoice_id: str, reason: str) -> InvoiceRecord | None:
    return await transition(db, owner_id, invoice_id, "processing", {"status": "failed", "failure_reason": reason})


async def reopen_failed(db: Database, *, owner_id: str, invoice_id: str,
                        reservation: Document) -> InvoiceRecord | None:
    """Failed -> processing with fresh attempts, for a retry; None unless it exists, is the owner's and failed."""
    return await transition(db, owner_id, invoice_id, "failed",
                             {"status": "processing", "failure_reason": "", "attempts": 0, **reservation})


async def withdraw_damaged(db: Database, *, owner_id: str, invoice_id: str, reason: str) -> InvoiceRecord | None:
    """Ready -> failed when the stored PDF no longer matches its checksum."""
    return await transition(db, owner_id, invoice_id, "ready", {"status": "failed", "failure_reason": reason})


async def transition(db: Database, owner_id: str, invoice_id: str, expected: Status,
                      changes: dict[str, Any]) -> InvoiceRecord | None:
    object_id = parse_object_id(invoice_id)
    if object_id is None:
        return None
    document = await db.invoices.find_one_and_update(
        {"_id": object_id, "owner_id": owner_id, "status": expected},
        {"$set": changes, "$currentDate": {"updated_at": True}},
        return_document=ReturnDocument.AFTER,
    )
    return optional_record(document)


async def _last_seq(db: Database, owner_id: str) -> int:
    latest = await db.invoices.find({"owner_id": owner_id}, {"seq": 1}).sort("seq", DESCENDING).limit(1).to_list()
    return int(latest[0]["seq"]) if latest else 0


def optional_record(document: Document | None) -> InvoiceRecord | None:
    return _record(document) if document is not None else None


def _record(document: Document) -> InvoiceRecord:
    pdf = document.get("pdf")
    return InvoiceRecord(
        id=str(document["_id"]), owner_id=document["owner_id"], number=document["number"],
        status=document["status"], failure_reason=document.get("failure_reason", ""),
        attempts=document.get("attempts", 0), created_at=document["created_at"], body=document,
        pdf=StoredPdf(pdf["file_id"], pdf["size"], pdf["sha256"]) if pdf else None,
    )
