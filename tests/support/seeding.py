"""Puts users and in-flight invoices straight into a database, as a crashed app would have left them."""

import time
from collections.abc import Callable

from pymongo import MongoClient

from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import Party
from services.invoices.validation import validate_invoice
from storage.database import connect, create_indexes, database_of
from storage.invoices import insert_with_next_number
from storage.jobs import JobLease

DEAD_INSTANCE = "an-app-instance-that-died"


async def seed_processing_invoices(database_uri: str, *, owner_id: str, count: int, lines: int) -> None:
    client = connect(database_uri)
    db = database_of(client)
    await create_indexes(db)
    draft = InvoiceDraft(client_name="Wayne Enterprises", issue_date="2026-11-24", due_date="2026-12-24",
                         currency="EUR", tax_rate="10",
                         lines=tuple(LineDraft(f"Line item number {n} with a description", "2", "15.50")
                                     for n in range(lines)))
    content = validate_invoice(draft, seller=Party(name="Seeder Ltd", address="1 Test Road"))
    for _ in range(count):
        await insert_with_next_number(db, owner_id=owner_id, content=content,
                                      lease=JobLease.starting_now(DEAD_INSTANCE, lease_s=-1))
    await client.close()


def statuses(database_uri: str) -> list[str]:
    with MongoClient(database_uri) as client:
        return [doc["status"] for doc in client.get_default_database().invoices.find({}, {"status": 1})]


def invoices_in(database_uri: str) -> list[dict[str, object]]:
    with MongoClient(database_uri) as client:
        return list(client.get_default_database().invoices.find({}))


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout_s} s waiting until {what}")
