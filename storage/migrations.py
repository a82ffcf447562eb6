"""Brings invoices stored before the invoice book up to its fields, once, at start (a no-op afterwards)."""

from storage.database import Database
from storage.search import search_key

BOOK_FIELDS = {"series": "INV", "kind": "invoice", "paid_on": "", "cancelled_by": "", "cancelled_by_id": "",
               "credit_for": "", "client_id": ""}


async def migrate(db: Database) -> None:
    async for document in db.invoices.find({"search": {"$exists": False}},
                                           {"owner_id": 1, "number": 1, "client": 1}):
        client = document.get("client") or {}
        key = search_key(f"{document['number']} {client.get('name', '')} {client.get('email', '')}")
        await db.invoices.update_one({"_id": document["_id"], "owner_id": document["owner_id"]},
                                     {"$set": {**BOOK_FIELDS, "search": key}})
