"""(issue 14) A request costs the same at 100,000 stored invoices as at 1,000: the storage calls of each request.

Two measured users, one with 10 invoices and one with 10,000, among other users whose invoices are written in
bulk (bench/book_seed.py). Each request path of bench/scale_paths.py (page load of `/`, a search, the generation's
storage path = issue + claim + store, a download, a job claim, a recovery pass) is timed for both users with
1,000 other invoices stored, then again once the database holds 100,000 in all. The target: every figure at
100,000 within 1.2x of the same figure at 1,000. Storage calls only, in this process against the embedded
server: no web page and no render (the `book` and `app` sections time those).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from bench import scale_paths
from bench.documents import SELLER, content
from services.accounts.seller_model import SellerProfile
from services.jobs.claims import FairClaims
from storage.database import Database, create_indexes, database_of
from storage.documents import Document

INSTANCE = "scale-bench"


@dataclass(frozen=True)
class ScalePlan:
    total: int  # invoices stored at the end, over every user
    owners: int  # users holding them, the two measured ones included
    large: int
    small: int
    first: int  # other users' invoices stored for the first measurement
    repeats: int


FULL = ScalePlan(total=100_000, owners=1_000, large=10_000, small=10, first=1_000, repeats=25)
QUICK = ScalePlan(total=3_000, owners=20, large=300, small=10, first=300, repeats=3)


async def measure_scale(uri: str, folder: Path, *, quick: bool) -> dict[str, Any]:
    """The small user is measured first at `plan.first` stored in all; the large one as soon as its own book is
    stored (the smallest store that holds it); both again at `plan.total`."""
    plan = QUICK if quick else FULL
    client: AsyncMongoClient[Document] = AsyncMongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=60_000,
                                                          socketTimeoutMS=300_000)
    try:
        db = database_of(client)
        await create_indexes(db)
        profile = SellerProfile(party=SELLER)
        claims = FairClaims(db, instance=INSTANCE, slots=2, lease_s=60)
        await claims.heartbeat()
        others = _others(plan)
        small = await scale_paths.add_owner(db, invoices_count=plan.small, profile=profile)
        next_book = await _seed(db, others, first_book=0, invoices=plan.first - plan.small)
        figures: dict[str, Any] = {"owners": plan.owners, "small_owner_invoices": plan.small,
                                   "large_owner_invoices": plan.large, "repeats": plan.repeats}
        first = {"small": await _timed(db, "small", small, claims, plan.repeats)}
        figures["stored_first_small"] = await db.invoices.estimated_document_count()
        large = await scale_paths.add_owner(db, invoices_count=plan.large, profile=profile)
        first["large"] = await _timed(db, "large", large, claims, plan.repeats)
        figures["stored_first_large"] = await db.invoices.estimated_document_count()
        started = time.perf_counter()
        await _seed(db, others, first_book=next_book, invoices=plan.total)
        figures["seed_s"] = round(time.perf_counter() - started, 1)
        last = {"small": await _timed(db, "small", small, claims, plan.repeats),
                "large": await _timed(db, "large", large, claims, plan.repeats)}
        figures["stored_last"] = await db.invoices.estimated_document_count()
        for who in ("small", "large"):
            for name, before in first[who].items():
                after = last[who][name]
                figures[f"{name}_first_median_ms"] = before["median"]
                figures[f"{name}_last_median_ms"] = after["median"]
                figures[f"{name}_last_p95_ms"] = after["p95"]
                figures[f"ratio_{name}"] = round(after["median"] / max(before["median"], 0.01), 2)
        return figures
    finally:
        await client.close()


def _others(plan: ScalePlan) -> list[int]:
    """Invoices per other user, so that the store holds plan.total in the end."""
    count = plan.owners - 2
    share, extra = divmod(plan.total - plan.large - plan.small, count)
    return [share + (1 if index < extra else 0) for index in range(count)]


async def _seed(db: Database, books: list[int], *, first_book: int, invoices: int) -> int:
    """Writes other users' books from books[first_book] on until `invoices` more are stored; returns the index of
    the next book to write."""
    written, index = 0, first_book
    while index < len(books) and written < invoices:
        await scale_paths.insert_book(db, f"other-{index}", books[index])
        written += books[index]
        index += 1
    return index


async def _timed(db: Database, who: str, owner: scale_paths.Owner, claims: FairClaims,
                 repeats: int) -> dict[str, dict[str, float]]:
    """Median and p95 of each path, after one untimed round (the first calls create what later ones find)."""
    samples: dict[str, list[float]] = {}

    async def timed(name: str, work: Awaitable[Any]) -> Any:
        started = time.perf_counter()
        result = await work
        samples.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        return result

    for _ in range(1 + repeats):
        await timed(f"page_{who}", scale_paths.page(db, owner))
        await timed(f"search_{who}", scale_paths.search(db, owner))
        await timed(f"download_{who}", scale_paths.download(db, owner))
        await timed(f"recovery_{who}", scale_paths.recovery(db))
        await timed(f"generation_{who}", _generation(db, owner, claims))
        await scale_paths.issue(db, owner, content(3))  # a job to claim, timed alone
        job = await timed(f"claim_{who}", scale_paths.claim(db, claims))
        await scale_paths.store(db, job, instance=INSTANCE)
    return {name: {"median": round(statistics.median(values[1:]), 2),
                   "p95": round(sorted(values[1:])[max(0, int(repeats * 0.95) - 1)], 2)}
            for name, values in samples.items()}


async def _generation(db: Database, owner: scale_paths.Owner, claims: FairClaims) -> None:
    """The generation's storage path: issue, claim, store (the render between claim and store is left out)."""
    await scale_paths.issue(db, owner, content(3))
    job = await scale_paths.claim(db, claims)
    await scale_paths.store(db, job, instance=INSTANCE)
