"""Brings data an earlier version stored up to date, at start (a no-op afterwards): invoices from before the invoice
book get its fields; jobs written as `new` (before their invoice) are queued."""

from storage import jobs
from storage.database import Database
from storage.day_keys import DUE_DAY, ISSUE_DAY, day_key_of
from storage.search import search_key

BOOK_FIELDS = {"series": "INV", "kind": "invoice", "paid_on": "", "cancelled_by": "", "cancelled_by_id": "",
               "credit_for": "", "client_id": ""}


async def migrate(db: Database) -> None:
    await jobs.publish_left_new(db)
    async for document in db.invoices.find({"search": {"$exists": False}},
                                           {"owner_id": 1, "number": 1, "client": 1}):
        client = document.get("client") or {}
        key = search_key(f"{document['number']} {client.get('name', '')} {client.get('email', '')}")
        await db.invoices.update_one({"_id": document["_id"], "owner_id": document["owner_id"]},
                                     {"$set": {**BOOK_FIELDS, "search": key}})
    async for document in db.invoices.find({DUE_DAY: {"$exists": False}}, {"owner_id": 1, "issue_date": 1,
                                                                       "due_date": 1}):
        await db.invoices.update_one({"_id": document["_id"], "owner_id": document["owner_id"]},
                                     {"$set": {ISSUE_DAY: day_key_of(document.get("issue_date")),
                                               DUE_DAY: day_key_of(document.get("due_date"))}})
