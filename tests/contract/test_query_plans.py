"""Every query the client book sends is served by an index, on the embedded nx-27017 and on MongoDB.

The queries are not restated here: the storage functions run against a client that records what they send,
and each recorded filter is explained. An nx-27017 upgrade (or an index change) that turns one of them into
a full scan fails here. Lookups by `_id` are left out: both servers serve them from the primary key, and
nx-27017's explain cannot bind an ObjectId.
"""

from collections.abc import AsyncIterator
from contextlib import suppress
from datetime import date
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring

from services.clients.model import ClientDetails
from services.invoices.listing import STATUS_FILTERS, ListFilter
from storage import clients, drafts, invoice_queries
from storage.database import Database, create_indexes, database_of
from storage.documents import Document

OWNERS = [f"owner-{n}" for n in range(20)]


class SentQueries(monitoring.CommandListener):
    def __init__(self) -> None:
        self.queries: list[tuple[str, Document]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        command = event.command
        if event.command_name == "find":
            self.queries.append((command["find"], {key: command[key] for key in ("filter", "sort", "limit")
                                                   if key in command}))
        elif event.command_name == "findAndModify":
            self.queries.append((command["findAndModify"], {"filter": command["query"]}))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture
async def recorded(fresh_database_uri: str) -> AsyncIterator[tuple[Database, SentQueries]]:
    listener = SentQueries()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(fresh_database_uri, tz_aware=True,
                                                                event_listeners=[listener])
    try:
        db = database_of(client)
        await create_indexes(db)
        await db.invoices.create_index("owner_id")  # the invoice list's index (see notes): it must not win here
        await db.drafts.create_index("owner_id")
        await _fill(db)
        listener.queries.clear()
        yield db, listener
    finally:
        await client.close()


async def _fill(db: Database) -> None:
    for owner in OWNERS:
        await db.clients.insert_many([
            {"owner_id": owner, "name_key": f"client {n:03d}", "search": f"client {n:03d} c{n}@example.com",
             "archived": n % 7 == 0, "version": 1} for n in range(60)])
        await db.invoices.insert_many([{"owner_id": owner, "seq": n, "client_id": ""} for n in range(60)])
        await db.drafts.insert_many([{"owner_id": owner, "client_id": ""} for n in range(20)])


async def test_every_client_book_query_uses_an_index(recorded: tuple[Database, SentQueries]) -> None:
    db, sent = recorded
    owner = OWNERS[3]
    await clients.search(db, owner_id=owner, words=[], include_archived=False, after="", limit=51)
    await clients.search(db, owner_id=owner, words=["client", "c1"], include_archived=True, after="client 010",
                         limit=51)
    await clients.active_with_name_word(db, owner_id=owner, start="cli", limit=50)
    await clients.find_by_name(db, owner_id=owner, name="Client 001")
    await clients.has_invoices(db, owner_id=owner, client_id="0123456789abcdef01234567")
    await clients.reserve_slot(db, owner_id=owner, limit=1000)
    await clients.insert_client(db, owner_id=owner, details=ClientDetails(name="Fresh", currency="EUR"))
    assert {collection for collection, _ in sent.queries} >= {"clients", "invoices", "drafts", "client_counts"}
    unindexed = []
    for collection, query in sent.queries:
        if "_id" in query["filter"] and collection != "client_counts":
            continue
        plan = await _plan(db, collection, query)
        if not _uses_an_index(plan, collection):
            unindexed.append(f"{collection} {query}: {plan}")
    assert not unindexed, "\n".join(unindexed)


async def test_the_invoice_reference_check_uses_the_owner_and_client_index(
        recorded: tuple[Database, SentQueries]) -> None:
    db, sent = recorded
    await clients.has_invoices(db, owner_id=OWNERS[0], client_id="0123456789abcdef01234567")
    plans = [await _plan(db, collection, query) for collection, query in sent.queries]
    assert len(plans) == 2 and all("client_id" in plan for plan in plans), plans


async def _plan(db: Database, collection: str, query: Document) -> str:
    explained = await db.command({"explain": {"find": collection, **query}, "verbosity": "queryPlanner"})
    return str(explained["queryPlanner"]["winningPlan"])


def _uses_an_index(plan: str, collection: str) -> bool:
    """MongoDB: an IXSCAN (or the _id fast path) and no COLLSCAN. nx-27017: SQLite's "SEARCH … USING … INDEX"
    and no step "SCAN <collection>" (steps over json_each are filters applied to the rows the index found)."""
    if "COLLSCAN" in plan or f"'SCAN {collection}'" in plan:
        return False
    return any(marker in plan for marker in ("IXSCAN", "IDHACK", "EXPRESS", "USING INDEX", "PRIMARY KEY"))


async def test_every_invoice_book_query_uses_an_index(recorded: tuple[Database, SentQueries]) -> None:
    db, sent = recorded
    owner, today = OWNERS[5], date(2026, 12, 2)
    for status in STATUS_FILTERS:
        for search in ("", "globex"):
            wanted = ListFilter(search=search, status=status, page=2)
            if status == "draft":
                await drafts.list_drafts(db, owner_id=owner, search=search, skip=25, limit=26)
            else:
                with suppress(KeyError):  # the filler's invoice rows are bare: only the query sent matters here
                    await invoice_queries.page_of_invoices(db, owner_id=owner, wanted=wanted, today=today)
    await invoice_queries.unsettled_amounts(db, owner_id=owner)
    await invoice_queries.issued_since(db, owner_id=owner, first_day=date(2026, 1, 1))  # the list page's chart
    unindexed = [f"{collection} {query}: {plan}" for collection, query in sent.queries
                 if not _uses_an_index(plan := await _plan(db, collection, query), collection)]
    assert not unindexed, "\n".join(unindexed)
