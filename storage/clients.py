"""Clients in the `clients` collection, and the per-owner count in `client_counts`.

Every function takes the owner and filters on it; a malformed, missing or another owner's id finds nothing.
"""

import contextlib
import re
from datetime import UTC, datetime

from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from services.clients.model import Client, ClientDetails
from services.search_text import search_key
from storage.client_documents import client_from_document, details_document
from storage.database import Database
from storage.documents import Document, parse_object_id


async def insert_client(db: Database, *, owner_id: str, details: ClientDetails) -> Client:
    """Raises pymongo.errors.DuplicateKeyError when the owner already has a client of that (normalised) name."""
    now = datetime.now(UTC)
    document = {"owner_id": owner_id, **details_document(details), "archived": False, "version": 1,
                "created_at": now, "updated_at": now}
    result = await db.clients.insert_one(document)
    return client_from_document({**document, "_id": result.inserted_id})


async def find_client(db: Database, *, owner_id: str, client_id: str) -> Client | None:
    object_id = parse_object_id(client_id)
    if object_id is None:
        return None
    return _optional(await db.clients.find_one({"_id": object_id, "owner_id": owner_id}))


async def find_by_name(db: Database, *, owner_id: str, name: str) -> Client | None:
    """The owner's client whose name reads the same, ignoring case, accents and spacing."""
    return _optional(await db.clients.find_one({"owner_id": owner_id, "name_key": search_key(name)}))


async def update_details(db: Database, *, owner_id: str, client_id: str, version: int,
                         details: ClientDetails) -> Client | None:
    """Saves only over `version` and counts it up; None when the client is missing or was saved since.

    Raises DuplicateKeyError when another of the owner's clients has the new name.
    """
    object_id = parse_object_id(client_id)
    if object_id is None:
        return None
    document = await db.clients.find_one_and_update(
        {"_id": object_id, "owner_id": owner_id, "version": version},
        {"$set": details_document(details), "$inc": {"version": 1}, "$currentDate": {"updated_at": True}},
        return_document=ReturnDocument.AFTER,
    )
    return _optional(document)


async def set_archived(db: Database, *, owner_id: str, client_id: str, archived: bool) -> Client | None:
    object_id = parse_object_id(client_id)
    if object_id is None:
        return None
    document = await db.clients.find_one_and_update(
        {"_id": object_id, "owner_id": owner_id}, {"$set": {"archived": archived}},
        return_document=ReturnDocument.AFTER)
    return _optional(document)


async def delete_client(db: Database, *, owner_id: str, client_id: str) -> bool:
    object_id = parse_object_id(client_id)
    if object_id is None:
        return False
    return (await db.clients.delete_one({"_id": object_id, "owner_id": owner_id})).deleted_count == 1


async def search(db: Database, *, owner_id: str, words: list[str], include_archived: bool, after: str,
                 limit: int) -> list[Client]:
    """The owner's clients whose search text contains every word (already normalised), by name from `after`."""
    query: Document = {"owner_id": owner_id}
    if not include_archived:
        query["archived"] = False
    if words:
        query["search"] = {"$regex": "".join(f"(?=.*{re.escape(word)})" for word in words)}
    if after:
        query["name_key"] = {"$gt": after}
    cursor = db.clients.find(query).sort("name_key", ASCENDING).limit(limit)
    return [client_from_document(document) async for document in cursor]


async def active_with_name_word(db: Database, *, owner_id: str, start: str, limit: int) -> list[Client]:
    """The owner's non-archived clients with a word of their name starting with `start` (normalised)."""
    query = {"owner_id": owner_id, "archived": False, "name_key": {"$regex": f"(?:^| ){re.escape(start)}"}}
    cursor = db.clients.find(query).sort("name_key", ASCENDING).limit(limit)
    return [client_from_document(document) async for document in cursor]


async def has_invoices(db: Database, *, owner_id: str, client_id: str) -> bool:
    """True when an invoice or a draft of the owner refers to the client by `client_id`."""
    query = {"owner_id": owner_id, "client_id": client_id}
    if await db.invoices.find_one(query, {"_id": 1}) is not None:
        return True
    return await db.drafts.find_one(query, {"_id": 1}) is not None


async def reserve_slot(db: Database, *, owner_id: str, limit: int) -> bool:
    """Counts one more client for the owner unless `limit` are counted already; atomic under concurrency."""
    with contextlib.suppress(DuplicateKeyError):
        await db.client_counts.insert_one({"_id": owner_id, "count": 0})
    counted = await db.client_counts.find_one_and_update(
        {"_id": owner_id, "count": {"$lt": limit}}, {"$inc": {"count": 1}})
    return counted is not None


async def release_slot(db: Database, *, owner_id: str) -> None:
    await db.client_counts.update_one({"_id": owner_id, "count": {"$gt": 0}}, {"$inc": {"count": -1}})


def _optional(document: Document | None) -> Client | None:
    return client_from_document(document) if document is not None else None
