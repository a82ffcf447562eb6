"""Puts users and in-flight invoices straight into a database, as a crashed app would have left them."""

import time
from collections.abc import Callable

from pymongo import MongoClient

from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.validation import validate_invoice
from storage import pdf_files
from storage.database import connect, create_indexes, database_of
from storage.invoices import insert_with_next_number
from tests.support.sellers import TEST_SELLER


async def seed_processing_invoices(database_uri: str, *, owner_id: str, count: int, lines: int) -> None:
    client = connect(database_uri)
    db = database_of(client)
    await create_indexes(db)
    draft = InvoiceDraft(client_name="Wayne Enterprises", issue_date="2026-11-24", due_date="2026-12-24",
                         currency="EUR",
                         lines=tuple(LineDraft(f"Line item number {n} with a description", "2", "15.50", vat_rate="10")
                                     for n in range(lines)))
    content = validate_invoice(draft, seller=TEST_SELLER)
    for _ in range(count):
        await insert_with_next_number(db, owner_id=owner_id, content=content)  # no job: the app adopts them
    await client.close()


def statuses(database_uri: str) -> list[str]:
    with MongoClient(database_uri) as client:
        return [doc["status"] for doc in client.get_default_database().invoices.find({}, {"status": 1})]


def jobs_in(database_uri: str) -> list[dict[str, object]]:
    with MongoClient(database_uri) as client:
        return list(client.get_default_database().jobs.find({}))


def stored_pdf_files(database_uri: str) -> list[dict[str, object]]:
    """Every stored PDF, as one document or as a GridFS file (storage.pdf_files): its _id and owner."""
    with MongoClient(database_uri) as client:
        db = client.get_default_database()
        return (list(db[pdf_files.DOCUMENTS].find({}, {"owner_id": 1}))
                + list(db[f"{pdf_files.BUCKET}.files"].find({}, {"metadata.owner_id": 1})))


def all_ready_exactly_once(database_uri: str, count: int) -> bool:
    """Every invoice Ready, no job left in the queue, one stored PDF per invoice and no other file."""
    invoices = invoices_in(database_uri)
    files = stored_pdf_files(database_uri)
    referenced = sorted(str(doc["pdf"]["file_id"]) for doc in invoices if doc.get("pdf"))  # type: ignore[index]
    return ([doc["status"] for doc in invoices] == ["ready"] * count and not jobs_in(database_uri)
            and referenced == sorted(str(file["_id"]) for file in files))


def rendering_started(database_uri: str) -> bool:
    return any(job["state"] == "running" for job in jobs_in(database_uri))


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
