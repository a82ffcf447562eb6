"""The MongoDB connection and the indexes the app relies on."""

import asyncio

from pymongo import ASCENDING, DESCENDING, AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from storage.documents import Document

Database = AsyncDatabase[Document]
DEFAULT_DATABASE_NAME = "invoices"
# The invoice list's sorts but "number" (storage.invoice_queries.SORTS) without their _id tie-break: nx-27017 0.8.1
# accepts an index with _id in it and then refuses every insert ("JSON path error near '_id'").
SORTED_BY = ([("issue_date", DESCENDING)], [("due_date", ASCENDING)], [("total_minor", DESCENDING)])


def connect(uri: str) -> AsyncMongoClient[Document]:
    """A client that binds to the running event loop on first use; never blocks at creation."""
    return AsyncMongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=3000, connectTimeoutMS=3000,
                            socketTimeoutMS=5000)


def database_of(client: AsyncMongoClient[Document]) -> Database:
    return client.get_default_database(default=DEFAULT_DATABASE_NAME)


async def create_indexes(db: Database) -> None:
    await db.users.create_index("email", unique=True)
    await db.users.create_index("email_skeleton", unique=True, sparse=True)  # accounts older than it have none
    await db.login_tickets.create_index("expires_at")
    await _number_per_series(db)
    await db.invoices.create_index([("owner_id", ASCENDING), ("created_at", DESCENDING)])
    for sort in SORTED_BY:  # the invoice list's other sorts, owner first (issue 14): each page read from an index
        await db.invoices.create_index([("owner_id", ASCENDING), *sort])
    await db.invoices.create_index("owner_id")  # nx-27017 serves an owner's rows from a single-field index only
    await db.invoices.create_index("status")
    await db.jobs.create_index([("state", ASCENDING), ("tag", ASCENDING)])
    await db.jobs.create_index("state")
    await db.jobs.create_index("owner_id")
    await db.render_workers.create_index("seen_ms")
    await db["pdfs.chunks"].create_index("files_id")  # a leftover of an interrupted attempt is deleted by it
    # GridFS's own indexes, made here once: storage.pdf_files writes files without pymongo's per-upload check
    await db["pdfs.chunks"].create_index([("files_id", ASCENDING), ("n", ASCENDING)], unique=True)
    await db["pdfs.files"].create_index([("filename", ASCENDING), ("uploadDate", ASCENDING)])
    await db.sessions.create_index("user_id")
    await db.invoice_details.create_index("owner_id")
    await db.drafts.create_index("owner_id")
    # Clients. nx-27017 uses a compound index only beside a single-field index on its first field, so each
    # equality field gets its own (tests/contract/test_query_plans.py explains every query the book sends).
    await db.clients.create_index("owner_id")
    await db.clients.create_index([("owner_id", ASCENDING), ("name_key", ASCENDING)], unique=True)
    for collection in (db.invoices, db.drafts):  # "does any invoice or draft refer to this client?"
        await collection.create_index("client_id")
        await collection.create_index([("owner_id", ASCENDING), ("client_id", ASCENDING)])


async def _number_per_series(db: Database) -> None:
    """Invoices and credit notes number apart: unique per (owner, series, seq) instead of (owner, seq).

    Rows from before series existed are invoices; the old index is dropped by its key, since the embedded
    server names indexes differently from MongoDB.
    """
    from storage.migrations import migrate

    await migrate(db)
    for name, index in (await db.invoices.index_information()).items():
        if list(index.get("key", [])) == [("owner_id", 1), ("seq", 1)] and index.get("unique"):
            await db.invoices.drop_index(name)
    await db.invoices.create_index([("owner_id", ASCENDING), ("series", ASCENDING), ("seq", ASCENDING)], unique=True)
    # nx-27017 compares a field without an index of its own as "= v OR v in it as an array", which no index
    # serves: without this, the next number was found by sorting all of the owner's invoices (docs/query-shapes.md)
    await db.invoices.create_index("series")


async def ping(db: Database, *, timeout_s: float) -> bool:
    try:
        await asyncio.wait_for(db.command("ping"), timeout_s)
    except Exception:
        return False
    return True
