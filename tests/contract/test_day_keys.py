"""Invoices stored before the day keys (storage/day_keys.py) get them at start, and the filters find them."""

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from bench.book_seed import owner_documents
from services.invoices.listing import ListFilter
from storage import invoice_queries
from storage.database import Database, create_indexes, database_of

TODAY = date(2026, 12, 2)


@pytest.fixture
async def db(fresh_database_uri: str) -> AsyncIterator[Database]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(fresh_database_uri, tz_aware=True)
    try:
        yield database_of(client)
    finally:
        await client.close()


async def test_invoices_from_before_the_day_keys_are_found_by_status_and_period(db: Database) -> None:
    headers = [header for header, _ in owner_documents("owner-old", 60, TODAY)]
    for header in headers:
        del header["issue_day"], header["due_day"]
    await db.invoices.insert_many(headers)
    overdue = {header["number"] for header in headers if header["kind"] == "invoice" and not header["paid_on"]
               and not header["cancelled_by_id"] and header["due_date"] < TODAY.isoformat()}
    assert overdue

    await create_indexes(db)  # what the app runs at start

    rows = await invoice_queries.page_of_invoices(db, owner_id="owner-old", wanted=ListFilter(status="overdue"),
                                                  today=TODAY)
    assert {row.number for row in rows} == overdue
    in_november = [row async for row in invoice_queries.issued_in_period(
        db, owner_id="owner-old", first_day=date(2026, 11, 1), last_day=date(2026, 11, 30))]
    assert sorted(row.summary.number for row in in_november) == sorted(
        header["number"] for header in headers if header["issue_date"].startswith("2026-11"))
    assert in_november
