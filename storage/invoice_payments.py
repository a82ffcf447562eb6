"""Payment and cancellation of issued invoices: each step one atomic conditional update, so twice is once."""

import time
from datetime import date

from pymongo import ReturnDocument

from services.invoices.model import InvoiceRecord
from storage import open_totals
from storage.database import Database
from storage.documents import Document, parse_object_id
from storage.invoice_documents import record_from_document

PAYABLE: Document = {"kind": "invoice", "paid_on": "", "cancelled_by_id": ""}


async def mark_paid(db: Database, *, owner_id: str, invoice_id: str, paid_on: date) -> InvoiceRecord | None:
    """None unless the owner's invoice is issued, unpaid and not cancelled."""
    return await _update(db, owner_id, invoice_id, PAYABLE, {"paid_on": paid_on.isoformat()}, closes=True)


async def mark_unpaid(db: Database, *, owner_id: str, invoice_id: str) -> InvoiceRecord | None:
    return await _update(db, owner_id, invoice_id, {"kind": "invoice", "paid_on": {"$ne": ""}}, {"paid_on": ""},
                         opens=True)


async def claim_cancellation(db: Database, *, owner_id: str, invoice_id: str,
                             credit_note_id: str) -> InvoiceRecord | None:
    """Reserves the invoice for the credit note with this id; None if it is paid, cancelled or being cancelled."""
    return await _update(db, owner_id, invoice_id, PAYABLE,
                         {"cancelled_by_id": credit_note_id, "cancel_claimed_ms": int(time.time() * 1000)}, closes=True)


async def cancellation_in_progress(db: Database, *, owner_id: str, invoice_id: str) -> tuple[str, float]:
    """The credit note reserved for this invoice but not yet recorded on it, and how many seconds ago it was
    reserved; ("", 0) when none."""
    object_id = parse_object_id(invoice_id)
    document = await db.invoices.find_one({"_id": object_id, "owner_id": owner_id, "cancelled_by": ""},
                                          {"cancelled_by_id": 1, "cancel_claimed_ms": 1}) if object_id else None
    if document is None or not document.get("cancelled_by_id"):
        return "", 0.0
    return str(document["cancelled_by_id"]), time.time() - int(document.get("cancel_claimed_ms", 0)) / 1000


async def release_cancellation(db: Database, *, owner_id: str, invoice_id: str, credit_note_id: str) -> None:
    """Gives up a reservation whose credit note was never made (the generation was refused)."""
    await _update(db, owner_id, invoice_id, {"cancelled_by_id": credit_note_id, "cancelled_by": ""},
                  {"cancelled_by_id": ""}, opens=True)


async def record_cancellation(db: Database, *, owner_id: str, invoice_id: str, credit_note_id: str,
                              credit_note_number: str) -> InvoiceRecord | None:
    return await _update(db, owner_id, invoice_id, {"cancelled_by_id": credit_note_id},
                         {"cancelled_by": credit_note_number})


async def _update(db: Database, owner_id: str, invoice_id: str, expected: Document, changes: Document, *,
                  opens: bool = False, closes: bool = False) -> InvoiceRecord | None:
    """One conditional update; one that opens or closes the invoice moves the owner's open totals with it.

    The filter is flat like every other query here (`expected` never names _id or owner_id); with `_id` in it,
    nx-27017 serves a top-level $and from the primary key too (docs/query-shapes.md).
    """
    object_id = parse_object_id(invoice_id)
    if object_id is None:
        return None
    moves = opens or closes
    if moves:
        await open_totals.begin(db, owner_id=owner_id)
    document = await db.invoices.find_one_and_update(
        {"_id": object_id, "owner_id": owner_id, **expected},
        {"$set": changes, "$currentDate": {"updated_at": True}},
        return_document=ReturnDocument.AFTER,
    )
    if moves:
        await open_totals.end(db, owner_id=owner_id, moved=document, sign=1 if opens else -1)
    return record_from_document(document) if document is not None else None
