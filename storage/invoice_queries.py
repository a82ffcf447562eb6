"""Reading the invoice book: a filtered, sorted page of rows, every matching row for an export, open totals.

Every query is the owner's; the status words of the list translate into conditions on stored fields here.
"""

from collections.abc import AsyncIterator
from datetime import date

from pymongo import ASCENDING, DESCENDING

from services.invoices.listing import PAGE_SIZE, ListFilter, SortKey, StatusFilter
from services.invoices.model import InvoiceSummary
from storage.database import Database
from storage.documents import Document, parse_object_id
from storage.invoice_documents import SUMMARY_FIELDS, optional_date, summary_from_document
from storage.search import search_key

SORTS: dict[SortKey, list[tuple[str, int]]] = {
    "number": [("created_at", DESCENDING), ("_id", DESCENDING)],
    "date": [("issue_date", DESCENDING), ("_id", DESCENDING)],
    "due": [("due_date", ASCENDING), ("_id", ASCENDING)],
    "total": [("total_minor", DESCENDING), ("_id", DESCENDING)],
}
UNSETTLED: Document = {"kind": "invoice", "paid_on": "", "cancelled_by_id": ""}


async def page_of_invoices(db: Database, *, owner_id: str, wanted: ListFilter, today: date) -> list[InvoiceSummary]:
    """At most PAGE_SIZE + 1 rows: the page, and one more when a next page exists."""
    cursor = db.invoices.find(_query(owner_id, wanted, today), SUMMARY_FIELDS).sort(SORTS[wanted.sort]) \
        .skip(wanted.skip).limit(PAGE_SIZE + 1)
    return [summary_from_document(document) async for document in cursor]


async def every_invoice(db: Database, *, owner_id: str, wanted: ListFilter, today: date,
                        batch: int = 500) -> AsyncIterator[InvoiceSummary]:
    """Every row the filter matches, read in batches so that an export never holds them all."""
    cursor = db.invoices.find(_query(owner_id, wanted, today), SUMMARY_FIELDS).sort(SORTS[wanted.sort]) \
        .batch_size(batch)
    async for document in cursor:
        yield summary_from_document(document)


async def find_summary(db: Database, *, owner_id: str, invoice_id: str) -> InvoiceSummary | None:
    object_id = parse_object_id(invoice_id)
    if object_id is None:
        return None
    document = await db.invoices.find_one({"_id": object_id, "owner_id": owner_id}, SUMMARY_FIELDS)
    return summary_from_document(document) if document is not None else None


async def unsettled_amounts(db: Database, *, owner_id: str) -> list[tuple[str, int, date | None]]:
    """(currency, total in minor units, due date) of every issued invoice not paid and not cancelled."""
    cursor = db.invoices.find({"owner_id": owner_id, **UNSETTLED}, {"currency": 1, "total_minor": 1, "due_date": 1})
    return [(document["currency"], int(document["total_minor"]), optional_date(document.get("due_date")))
            async for document in cursor]


def _query(owner_id: str, wanted: ListFilter, today: date) -> Document:
    conditions: list[Document] = [{"owner_id": owner_id}, *_status(wanted.status, today)]
    if wanted.search:
        conditions.append({"search": {"$regex": search_key(wanted.search, pattern=True)}})
    return {"$and": conditions}


def _status(status: StatusFilter, today: date) -> list[Document]:
    day = today.isoformat()
    match status:
        case "open":
            return [UNSETTLED, {"due_date": {"$gte": day}}]
        case "overdue":
            return [UNSETTLED, {"due_date": {"$lt": day}}]
        case "paid":
            return [{"kind": "invoice"}, {"paid_on": {"$ne": ""}}]
        case "cancelled":
            return [{"cancelled_by": {"$ne": ""}}]
        case "credit":
            return [{"kind": "credit_note"}]
        case _:
            return []
