"""Invoices in the `invoices` and `invoice_details` collections. Every function takes the owner and filters on it."""

from collections.abc import AsyncIterator
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from pymongo import DESCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from services.invoices.model import InvoiceContent, InvoiceRecord, InvoiceSummary, Kind, Status, StoredPdf
from storage import open_totals
from storage.database import Database
from storage.day_keys import day_key
from storage.documents import Document, parse_object_id
from storage.invoice_documents import (
    SUMMARY_FIELDS,
    content_from_documents,
    details_document,
    header_document,
    pdf_document,
    record_from_document,
    summary_from_document,
)
from storage.search import search_key

NUMBER_ATTEMPTS = 1000
DEFAULT_LINE_COUNT = 100  # invoices stored before line_count was kept


class InvoiceExists(Exception):
    """An invoice with this id was stored already (a retried insert after a crash, or a second click)."""


class NumbersExhausted(RuntimeError):
    """No free number after NUMBER_ATTEMPTS tries (writers racing for the same series all along)."""


SERIES: dict[Kind, str] = {"invoice": "INV", "credit_note": "CN"}  # each kind numbers on its own, gap-free


async def insert_with_next_number(db: Database, *, owner_id: str, content: InvoiceContent,
                                  kind: Kind = "invoice", credit_for: str = "", client_id: str = "",
                                  invoice_id: ObjectId | None = None, number_prefix: str = "INV-") -> InvoiceRecord:
    """Takes the next number of the kind's series; the unique (owner_id, series, seq) index keeps it gap-free.

    Invoices are numbered `{number_prefix}0001` in the series the prefix names without its trailing hyphen (so
    the default `INV-` continues the numbers issued before prefixes existed); credit notes `CN-0001`.

    The details go to `invoice_details` first, under the invoice's own id; the header is inserted last, so an
    invoice exists exactly when its number does. It starts in `processing`.
    """
    invoice_id = invoice_id or ObjectId()
    prefix = number_prefix if kind == "invoice" else f"{SERIES[kind]}-"
    series = prefix.removesuffix("-")
    with suppress(DuplicateKeyError):  # kept from an earlier attempt with this id: the content is the same
        await db.invoice_details.insert_one({"_id": invoice_id, "owner_id": owner_id, **details_document(content)})
    opens = kind == "invoice"  # an issued invoice is open until paid or cancelled; a credit note never is
    issued = await open_totals.begin(db, owner_id=owner_id, series=series) if opens else None
    try:
        return await _insert_numbered(db, owner_id, content, kind=kind, credit_for=credit_for, client_id=client_id,
                                      invoice_id=invoice_id, prefix=prefix, series=series, opens=opens,
                                      issued=issued)
    except (InvoiceExists, NumbersExhausted) as nothing_stored:
        if opens:
            await open_totals.end(db, owner_id=owner_id)
        if isinstance(nothing_stored, NumbersExhausted):
            await db.invoice_details.delete_one({"_id": invoice_id, "owner_id": owner_id})
        raise


async def _insert_numbered(db: Database, owner_id: str, content: InvoiceContent, *, kind: Kind, credit_for: str,
                           client_id: str, invoice_id: ObjectId, prefix: str, series: str,
                           opens: bool, issued: int | None) -> InvoiceRecord:
    """issued: a number of the series known to exist (see storage.open_totals), tried first; None to read."""
    for _ in range(NUMBER_ATTEMPTS):
        seq = (issued if issued is not None else await _last_seq(db, owner_id, series)) + 1
        issued = None  # taken by another writer: read the series' last number from now on
        now = datetime.now(UTC)
        number = f"{prefix}{seq:04d}"
        document = {
            "_id": invoice_id, "owner_id": owner_id, "series": series, "seq": seq, "number": number, "kind": kind,
            "status": "processing", "failure_reason": "", "attempts": 0, "created_at": now, "updated_at": now,
            "client_id": client_id, "credit_for": credit_for, "paid_on": "", "cancelled_by": "",
            "cancelled_by_id": "", **derived_fields(number, content), **header_document(content),
        }
        try:
            await db.invoices.insert_one(document)
        except DuplicateKeyError as clash:
            if await db.invoices.find_one({"_id": invoice_id}, {"_id": 1}) is not None:
                raise InvoiceExists(str(invoice_id)) from clash
            continue
        if opens:
            await open_totals.end(db, owner_id=owner_id, moved=document, sign=1)
        return record_from_document(document)
    raise NumbersExhausted("could not allocate an invoice number")


def derived_fields(number: str, content: InvoiceContent) -> Document:
    """What the list filters on besides the content: the search key, and the dates as integers for ranges."""
    return {"search": search_key(f"{number} {content.client.name} {content.client.email}"),
            "issue_day": day_key(content.issue_date), "due_day": day_key(content.due_date)}


async def find_content(db: Database, *, owner_id: str, invoice_id: str) -> InvoiceContent | None:
    """What the invoice says, header and details together; None when either is missing."""
    found = await find_issued(db, owner_id=owner_id, invoice_id=invoice_id)
    return found[1] if found is not None else None


async def find_issued(db: Database, *, owner_id: str,
                      invoice_id: str) -> tuple[InvoiceRecord, InvoiceContent | None] | None:
    """The invoice's state and what it says in two reads (its header once); content None without its details."""
    object_id = parse_object_id(invoice_id)
    if object_id is None:
        return None
    header = await db.invoices.find_one({"_id": object_id, "owner_id": owner_id})
    if header is None:
        return None
    details = await db.invoice_details.find_one({"_id": object_id, "owner_id": owner_id})
    return record_from_document(header), content_from_documents(header, details) if details is not None else None


async def line_count(db: Database, *, owner_id: str, invoice_id: str) -> int:
    object_id = parse_object_id(invoice_id)
    header = await db.invoices.find_one({"_id": object_id, "owner_id": owner_id}, {"line_count": 1})
    return int(header.get("line_count", DEFAULT_LINE_COUNT)) if header is not None else DEFAULT_LINE_COUNT


async def list_for_owner(db: Database, *, owner_id: str, limit: int = 100) -> list[InvoiceSummary]:
    cursor = db.invoices.find({"owner_id": owner_id}, SUMMARY_FIELDS).sort("seq", DESCENDING).limit(limit)
    return [summary_from_document(document) async for document in cursor]


async def find_for_owner(db: Database, *, owner_id: str, invoice_id: str) -> InvoiceRecord | None:
    object_id = parse_object_id(invoice_id)
    if object_id is None:
        return None
    return optional_record(await db.invoices.find_one({"_id": object_id, "owner_id": owner_id}))


async def mark_ready(db: Database, *, owner_id: str, invoice_id: str, pdf: StoredPdf, attempts: int) -> bool:
    """Processing -> ready with its PDF; False when it was not processing (another attempt won, or it is gone).
    A plain update, not a find-and-modify: nothing reads the header that would come back."""
    object_id = parse_object_id(invoice_id)
    if object_id is None:
        return False
    result = await db.invoices.update_one(
        {"_id": object_id, "owner_id": owner_id, "status": "processing"},
        {"$set": {"status": "ready", "failure_reason": "", "pdf": pdf_document(pdf), "attempts": attempts},
         "$currentDate": {"updated_at": True}})
    return result.matched_count == 1


async def mark_failed(db: Database, *, owner_id: str, invoice_id: str, reason: str,
                      attempts: int) -> InvoiceRecord | None:
    return await transition(db, owner_id, invoice_id, "processing",
                            {"status": "failed", "failure_reason": reason, "attempts": attempts})


async def reopen_failed(db: Database, *, owner_id: str, invoice_id: str) -> InvoiceRecord | None:
    """Failed -> processing with fresh attempts, for a retry; None unless it exists, is the owner's and failed."""
    return await transition(db, owner_id, invoice_id, "failed",
                            {"status": "processing", "failure_reason": "", "attempts": 0})


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


async def _last_seq(db: Database, owner_id: str, series: str) -> int:
    latest = await db.invoices.find({"owner_id": owner_id, "series": series}, {"seq": 1}) \
        .sort("seq", DESCENDING).limit(1).to_list()
    return int(latest[0]["seq"]) if latest else 0


def optional_record(document: Document | None) -> InvoiceRecord | None:
    return record_from_document(document) if document is not None else None


async def processing_ids(db: Database, *, updated_before: datetime | None = None) -> AsyncIterator[tuple[str, str]]:
    """(owner, invoice) of invoices in `processing` (unchanged since `updated_before`), across owners: only for
    giving a job to an invoice whose writer died before writing it; each is then handled owner-scoped. As many as
    the backlog holds, never the stored invoices: `status` is indexed."""
    async for document in db.invoices.find({"status": "processing"}, {"owner_id": 1, "updated_at": 1}):
        updated = document.get("updated_at")  # compared here: nx-27017 scans for a date range in the query
        if updated_before is None or updated is None or updated < updated_before:
            yield document["owner_id"], str(document["_id"])
