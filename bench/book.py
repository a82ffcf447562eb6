"""(issue 12) The invoice book at scale: an owner of 10,000 invoices among 100,000 stored, vs an owner of 10.

Seeds a fresh database (bench/book_seed.py), then times the book's reads in this process (bench/book_queries.py:
list page 1, a search, the overdue filter, the totals, and page 1 + totals as the dashboard's fill makes them),
explains each filter on the server, and drives a real `python app.py` (bench/book_app.py): `GET /`, `/` until
its list is filled over the websocket, and the large owner's CSV export with the app's RSS.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bson import ObjectId

from bench.app_server import AppProcess
from bench.book_app import csv_exports, filled_lists, page_loads
from bench.book_queries import explain_shapes, export_held_mb, time_reads
from bench.book_seed import BookPlan, seed_book
from bench.documents import draft
from bench.live_services import live_services, sign_up
from services.container import Services
from storage import drafts
from storage.database import create_indexes

FULL = BookPlan(total=100_000, owners=100, large=10_000, small=10)
QUICK = BookPlan(total=2_000, owners=10, large=500, small=10)
DRAFTS_EACH = 3  # the first page of "all" shows the owner's drafts too


async def measure_book(uri: str, folder: Path, *, quick: bool) -> dict[str, Any]:
    plan, repeats = (QUICK, 3) if quick else (FULL, 7)
    today = date.today()
    async with live_services(uri, folder / "reader", start=False) as services:
        await create_indexes(services.db)
        owners = {"large": await sign_up(services, "book-large"), "small": await sign_up(services, "book-small")}
        ids = [owners["large"], owners["small"], *(str(ObjectId()) for _ in range(plan.owners - 2))]
        figures: dict[str, Any] = await seed_book(services.db, plan, ids, today)
        for owner_id in owners.values():
            for index in range(DRAFTS_EACH):
                await drafts.insert_draft(services.db, owner_id=owner_id, draft=draft(2, client=f"Draft {index}"))
        figures |= {"large_owner_invoices": plan.large, "small_owner_invoices": plan.small}
        print("  book: timing the reads", flush=True)
        figures |= await time_reads(services, owners, today, repeats)
        figures["explain"] = await explain_shapes(services, owners["large"], today)
        held_mb = await export_held_mb(services, owners["large"], today)
        print("  book: the real app", flush=True)
        figures |= await _through_the_app(uri, folder, services, owners, today, held_mb, quick=quick)
    return figures


async def _through_the_app(uri: str, folder: Path, services: Services, owners: dict[str, str], today: date,
                           held_mb: float, *, quick: bool) -> dict[str, Any]:
    tokens = {size: (await services.sessions.open(user_id=owner_id)).token for size, owner_id in owners.items()}
    expected = {size: [await _first_row(services, owner_id, today), "Outstanding"] for size, owner_id in owners.items()}
    app = AppProcess(uri, folder / "app")
    try:
        app.wait_healthy(timeout_s=180)
        loads, fills, exports = (3, 2, 1) if quick else (20, 5, 3)
        figures = await page_loads(app.url, tokens, loads)
        figures |= await filled_lists(app.url, tokens, expected, fills)
        return figures | await csv_exports(app.url, app.pid, tokens["large"], tokens["small"], exports, held_mb,
                                           expected_rows=await _export_rows(services, owners["large"], today))
    finally:
        app.stop()


async def _first_row(services: Services, owner_id: str, today: date) -> str:
    """The number of the newest invoice: the first row the filled list shows."""
    from services.invoices.listing import ListFilter

    page = await services.book.page(owner_id=owner_id, wanted=ListFilter(), today=today)
    return page.invoices[0].number


async def _export_rows(services: Services, owner_id: str, today: date) -> int:
    from services.invoices.listing import ListFilter

    return len([row async for row in services.book.export(owner_id=owner_id, wanted=ListFilter(), today=today)])
