"""The invoice book's reads for a large and a small owner, timed as the dashboard makes them, and explained.

The dashboard's first paint reads no invoice: its list is filled over the websocket right after, by
`services.book.page` and then `services.book.totals` (ui/dashboard/page.py, BookView.reload). These are those
calls, made here against the same database, so each query shape is timed on its own.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import Any

from bench.book_seed import RARE_SEARCH
from bench.stats import median, ms, percentile
from services.container import Services
from services.invoices.export import csv_chunks
from services.invoices.listing import PAGE_SIZE, ListFilter
from services.invoices.model import InvoiceSummary
from storage import invoice_queries
from storage.documents import Document
from storage.invoice_documents import SUMMARY_FIELDS

SHAPES: dict[str, ListFilter] = {
    "list": ListFilter(),  # page 1 of "all", newest first: what / shows
    "search": ListFilter(search=RARE_SEARCH),  # matches three rows of either owner
    "overdue": ListFilter(status="overdue"),
}
Read = Callable[[str], Awaitable[int]]


async def time_reads(services: Services, owners: dict[str, str], today: date, repeats: int) -> dict[str, Any]:
    """Median and p95 of each read for each owner, owners taken in turns so that noise falls on both alike."""
    figures: dict[str, Any] = {}
    for shape, reader in _readers(services, today).items():
        print(f"  book: timing {shape}", flush=True)
        seconds: dict[str, list[float]] = {size: [] for size in owners}
        rows: dict[str, int] = {}
        for _ in range(repeats + 1):  # the first round warms the server's caches and is not kept
            for size, owner_id in owners.items():
                started = time.perf_counter()
                rows[size] = await reader(owner_id)
                seconds[size].append(time.perf_counter() - started)
        for size, values in seconds.items():
            kept = values[1:]
            figures |= {f"{shape}_{size}_median_ms": ms(median(kept)),
                        f"{shape}_{size}_p95_ms": ms(percentile(kept, 95)), f"{shape}_{size}_rows": rows[size]}
        figures[f"ratio_{shape}_large_vs_small"] = _ratio(seconds["large"][1:], seconds["small"][1:])
    return figures


def _readers(services: Services, today: date) -> dict[str, Read]:
    book = services.book

    def page(wanted: ListFilter) -> Read:
        async def read(owner_id: str) -> int:
            shown = await book.page(owner_id=owner_id, wanted=wanted, today=today)
            return len(shown.drafts) + len(shown.invoices)
        return read

    async def totals(owner_id: str) -> int:
        return len(await book.totals(owner_id=owner_id, today=today))

    async def fill(owner_id: str) -> int:  # what the websocket fill of / does: page 1, then the totals
        shown = await book.page(owner_id=owner_id, wanted=ListFilter(), today=today)
        await book.totals(owner_id=owner_id, today=today)
        return len(shown.drafts) + len(shown.invoices)

    def flat(wanted: ListFilter) -> Read:  # the same conditions without the top-level $and (see flat_filter)
        async def read(owner_id: str) -> int:
            query = flat_filter(invoice_queries._query(owner_id, wanted, today))
            cursor = services.db.invoices.find(query, SUMMARY_FIELDS).sort(invoice_queries.SORTS[wanted.sort])
            return len(await cursor.skip(wanted.skip).limit(PAGE_SIZE + 1).to_list())
        return read

    return {**{shape: page(wanted) for shape, wanted in SHAPES.items()}, "totals": totals, "fill": fill,
            **{f"flat_{shape}": flat(wanted) for shape, wanted in SHAPES.items()}}


def flat_filter(query: Document) -> Document:
    """The book's filter as one flat document (what the app sends since the fix; a `{"$and": [...]}` is merged, as
    it was measured here to show what that shape cost on nx-27017)."""
    merged: Document = {}
    for condition in query.get("$and", [query]):
        assert not merged.keys() & condition.keys(), "two conditions on one field cannot be merged"
        merged |= condition
    return merged


def _ratio(large: list[float], small: list[float]) -> float:
    return round(median(large) / median(small), 2)


async def explain_shapes(services: Services, owner_id: str, today: date) -> dict[str, Any]:
    """SQLite's plan for each filter the book sends, as nx-27017 answers explain (the filter only: it ignores
    sort, skip and limit). `SEARCH ... USING INDEX` is an index; a bare `SCAN` reads the whole collection."""
    filters: dict[str, tuple[str, Document]] = {
        # The app's own query builder, so that the explained filter is exactly the one the book sends.
        **{shape: ("invoices", invoice_queries._query(owner_id, wanted, today)) for shape, wanted in SHAPES.items()},
        **{f"flat_{shape}": ("invoices", flat_filter(invoice_queries._query(owner_id, wanted, today)))
           for shape, wanted in SHAPES.items()},
        "totals": ("invoices", {"owner_id": owner_id, **invoice_queries.UNSETTLED}),
        "drafts": ("drafts", {"owner_id": owner_id}),
    }
    plans: dict[str, Any] = {}
    for shape, (collection, query) in filters.items():
        explained = await services.db[collection].find(query).explain()
        steps = [step.get("detail", str(step)) for step in explained["queryPlanner"]["winningPlan"]]
        plans[shape] = {"plan": " | ".join(steps), "uses_index": any("USING" in step and "INDEX" in step
                                                                      for step in steps)}
    return plans


async def export_held_mb(services: Services, owner_id: str, today: date) -> float:
    """Peak memory (tracemalloc) of the owner's export made without streaming: every row read into a list, then
    the whole CSV text. A streamed export should grow the app by a small part of this."""
    rows = services.book.export(owner_id=owner_id, wanted=ListFilter(), today=today)
    tracemalloc.start()
    try:
        held = [row async for row in rows]
        text = "".join([chunk async for chunk in csv_chunks(_replay(held), today)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text
    return round(peak / 2**20, 1)


async def _replay(rows: list[InvoiceSummary]) -> AsyncIterator[InvoiceSummary]:
    for row in rows:
        yield row
