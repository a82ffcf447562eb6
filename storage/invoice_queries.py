"""Reading the invoice book: a filtered, sorted page of rows, every matching row for an export, open totals.

Every query is the owner's; the status words of the list translate into conditions on stored fields here.
"""

from collections.abc import AsyncIterator
from datetime import date

from pymongo import ASCENDING, DESCENDING

from services.invoices.listing import PAGE_SIZE, ListFilter, SortKey, StatusFilter
from services.invoices.model import InvoiceSummary
from services.invoices.monthly import IssuedAmount
from services.records.model import PeriodRow
from storage.database import Database
from storage.day_keys import DUE_DAY, ISSUE_DAY, day_key
from storage.documents import Document, parse_object_id
from storage.invoice_documents import (
    OLD_RATE,
    PERIOD_FIELDS,
    SUMMARY_FIELDS,
    VAT_RATES,
    WITHOUT_BREAKDOWN,
    optional_date,
    period_row_from_document,
    summary_from_document,
)
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


async def issued_since(db: Database, *, owner_id: str, first_day: date) -> list[IssuedAmount]:
    """Every invoice (not credit note) of the owner issued on or after first_day: one flat filter, so nx-27017
    serves it from the owner_id index."""
    cursor = db.invoices.find({"owner_id": owner_id, "kind": "invoice", "issue_date": {"$gte": first_day.isoformat()}},
                              {"currency": 1, "total_minor": 1, "issue_date": 1, "due_date": 1, "paid_on": 1,
                               "cancelled_by_id": 1})
    return [IssuedAmount(currency=document["currency"], total_minor=int(document["total_minor"]),
                         issue_date=date.fromisoformat(document["issue_date"]),
                         due_date=optional_date(document.get("due_date")),
                         paid_on=optional_date(document.get("paid_on")),
                         cancelled=bool(document.get("cancelled_by_id")))
            async for document in cursor]


def _query(owner_id: str, wanted: ListFilter, today: date) -> Document:
    """One flat filter: nx-27017 serves it from the owner_id index, while a top-level $and makes it scan every
    stored invoice (bench/README.md, section book). No two conditions share a field."""
    query: Document = {"owner_id": owner_id}
    for condition in _status(wanted.status, today):
        query.update(condition)
    if wanted.search:
        query["search"] = {"$regex": search_key(wanted.search, pattern=True)}
    return query


def _status(status: StatusFilter, today: date) -> list[Document]:
    day = day_key(today)
    match status:
        case "open":
            return [UNSETTLED, {DUE_DAY: {"$gte": day}}]
        case "overdue":
            return [UNSETTLED, {DUE_DAY: {"$lt": day}}]
        case "paid":
            return [{"kind": "invoice"}, {"paid_on": {"$ne": ""}}]
        case "cancelled":
            return [{"cancelled_by": {"$ne": ""}}]
        case "credit":
            return [{"kind": "credit_note"}]
        case _:
            return []


async def issued_in_period(db: Database, *, owner_id: str, first_day: date, last_day: date,
                           batch: int = 200) -> AsyncIterator[PeriodRow]:
    """Every invoice and credit note of the owner whose issue date lies in the period: invoices first, each series
    by number; read in batches."""
    cursor = db.invoices.find(_in_period(owner_id, first_day, last_day), PERIOD_FIELDS) \
        .sort([("series", DESCENDING), ("seq", ASCENDING)]).batch_size(batch)
    async for document in cursor:
        yield period_row_from_document(document)


async def tax_rates_in_period(db: Database, *, owner_id: str, first_day: date, last_day: date) -> list[int]:
    """Every VAT rate of the period's breakdowns, and the one rate of invoices stored before they had one."""
    period = _in_period(owner_id, first_day, last_day)
    rates = await db.invoices.distinct(VAT_RATES, period)
    rates += await db.invoices.distinct(OLD_RATE, {**period, **WITHOUT_BREAKDOWN})
    return sorted({int(rate) for rate in rates})


async def issue_dates(db: Database, *, owner_id: str, series: str, seqs: list[int]) -> list[tuple[str, date | None]]:
    """(number, issue date) of the owner's documents of a series with these sequence numbers."""
    cursor = db.invoices.find({"owner_id": owner_id, "series": series, "seq": {"$in": seqs}},
                              {"number": 1, "issue_date": 1}).sort("seq", ASCENDING)
    return [(document["number"], optional_date(document.get("issue_date"))) async for document in cursor]


def _in_period(owner_id: str, first_day: date, last_day: date) -> Document:
    return {"owner_id": owner_id, ISSUE_DAY: {"$gte": day_key(first_day), "$lte": day_key(last_day)}}
