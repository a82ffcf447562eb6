"""Draft invoices in the `drafts` collection: the raw text a user typed, owner-scoped, with a version.

Drafts live apart from issued invoices: they take no number, and the unique (owner, series, number) index of
`invoices` never sees them.
"""

import time
from datetime import UTC, datetime

from bson import ObjectId

from services.invoices.drafts import InvoiceDraft, LineDraft, SavedDraft
from storage.database import Database
from storage.documents import Document, parse_object_id
from storage.search import search_key

TEXT_FIELDS = ("client_name", "client_email", "client_id", "client_street", "client_postcode", "client_city",
               "client_country", "client_vat_id", "client_buyer_reference", "client_language", "issue_date",
               "due_date", "service_date", "service_end", "currency", "exemption_reason", "notes")
LINE_FIELDS = ("description", "quantity", "unit_price", "unit", "vat_rate", "discount")


async def insert_draft(db: Database, *, owner_id: str, draft: InvoiceDraft) -> SavedDraft:
    document = {"_id": ObjectId(), "owner_id": owner_id, "version": 1, "updated_ms": _now_ms(), **_fields(draft)}
    await db.drafts.insert_one(document)
    return _saved(document)


async def update_draft(db: Database, *, owner_id: str, draft_id: str, version: int,
                       draft: InvoiceDraft) -> SavedDraft | None:
    """None unless the draft exists, is the owner's and is still at `version` (one atomic conditional update)."""
    object_id = parse_object_id(draft_id)
    if object_id is None:
        return None
    document = await db.drafts.find_one_and_update(
        {"_id": object_id, "owner_id": owner_id, "version": version},
        {"$set": {**_fields(draft), "updated_ms": _now_ms()}, "$inc": {"version": 1}},
        return_document=True,
    )
    return _saved(document) if document is not None else None


async def find_draft(db: Database, *, owner_id: str, draft_id: str) -> SavedDraft | None:
    object_id = parse_object_id(draft_id)
    if object_id is None:
        return None
    document = await db.drafts.find_one({"_id": object_id, "owner_id": owner_id})
    return _saved(document) if document is not None else None


async def delete_draft(db: Database, *, owner_id: str, draft_id: str) -> bool:
    object_id = parse_object_id(draft_id)
    if object_id is None:
        return False
    result = await db.drafts.delete_one({"_id": object_id, "owner_id": owner_id})
    return result.deleted_count == 1


async def list_drafts(db: Database, *, owner_id: str, search: str = "", skip: int = 0,
                      limit: int = 25) -> list[SavedDraft]:
    query: Document = {"owner_id": owner_id}
    if search:
        query["search"] = {"$regex": search_key(search, pattern=True)}
    cursor = db.drafts.find(query).sort([("updated_ms", -1), ("_id", -1)]).skip(skip).limit(limit)
    return [_saved(document) async for document in cursor]


async def count_drafts(db: Database, *, owner_id: str, up_to: int) -> int:
    """How many drafts the owner has, counting no further than up_to (the cap), so the cost stays bounded.

    Ids read from the owner_id index, not count_documents: nx-27017 0.8.1 reads every stored draft for a count
    (docs/query-shapes.md)."""
    return len(await db.drafts.find({"owner_id": owner_id}, {"_id": 1}).limit(up_to).to_list())


def _fields(draft: InvoiceDraft) -> Document:
    return {
        **{field: getattr(draft, field) for field in TEXT_FIELDS}, "vat_treatment": draft.vat_treatment,
        "lines": [{field: getattr(line, field) for field in LINE_FIELDS} for line in draft.lines],
        "search": search_key(f"{draft.client_name} {draft.client_email}"),
    }


def _saved(document: Document) -> SavedDraft:
    text = {field: document.get(field, "") for field in TEXT_FIELDS}
    old_tax_rate = document.get("tax_rate", "0")  # drafts saved before VAT rates were per line had one rate
    draft = InvoiceDraft(**text, vat_treatment=document.get("vat_treatment", "S"),
                         lines=tuple(_line(line, old_tax_rate) for line in document.get("lines", [])))
    updated_at = datetime.fromtimestamp(int(document["updated_ms"]) / 1000, UTC)
    return SavedDraft(id=str(document["_id"]), version=int(document["version"]), updated_at=updated_at, draft=draft)


def _line(stored: Document | list[str], old_tax_rate: str) -> LineDraft:
    if isinstance(stored, list):  # as saved before lines had units and rates
        description, quantity, unit_price = stored
        return LineDraft(description, quantity, unit_price, vat_rate=old_tax_rate)
    return LineDraft(**{field: stored[field] for field in LINE_FIELDS if field in stored})


def _now_ms() -> int:
    """Integer epoch milliseconds: nx-27017 turns a datetime written by $set into a string, an integer stays."""
    return int(time.time() * 1000)
