"""(issue 14) A request costs the same at 100,000 stored invoices as at 1,000: the storage calls of each request.

Two measured users, one with 10 invoices and one with 10,000, among other users whose invoices are written in
bulk (bench/book_seed.py). Each request path of bench/scale_paths.py (page load of `/`, a search, the generation's
storage path = issue + claim + store, a download, a job claim, a recovery pass) is timed for both users in a small
store and in one that holds 100,000 invoices in all. The target: every figure at 100,000 within 1.2x of the same
figure in the small store. Storage calls only, in this process against the embedded server: no web page and no
render (the `book` and `app` sections time those).

The stores are separate databases of one server (nx-27017 keeps each in a file of its own), all seeded before
any timing, and the rounds are timed in turns (small store, large store, then the other way round), so that
whatever else the machine does at the time weighs on both sides of a ratio alike.
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
from storage.database import Database, create_indexes
from storage.documents import Document

INSTANCE = "scale-bench"


@dataclass(frozen=True)
class ScalePlan:
    total: int  # invoices stored in the large store, over every user
    owners: int  # users holding them, the two measured ones included
    large: int
    small: int
    first: int  # invoices stored in all in the small store (the large user's store: its own book besides)
    repeats: int


FULL = ScalePlan(total=100_000, owners=1_000, large=10_000, small=10, first=1_000, repeats=25)
QUICK = ScalePlan(total=3_000, owners=20, large=300, small=10, first=300, repeats=3)


@dataclass
class Scene:
    """One store with one measured user in it."""

    db: Database
    owner: scale_paths.Owner
    claims: FairClaims


async def measure_scale(uri: str, folder: Path, *, quick: bool) -> dict[str, Any]:
    """The small user is measured in a store of `plan.first` invoices, the large one in the smallest store that
    holds its book (plus `plan.first` others'), and each again in a store of `plan.total`."""
    plan = QUICK if quick else FULL
    client: AsyncMongoClient[Document] = AsyncMongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=60_000,
                                                          socketTimeoutMS=300_000)
    base = uri.rsplit("/", 1)[1] or "bench_scale"
    profile = SellerProfile(party=SELLER)
    others = _others(plan)
    try:
        started = time.perf_counter()
        small_first = await _store(client, f"{base}_small_first", profile, plan.small, others, plan.first)
        large_first = await _store(client, f"{base}_large_first", profile, plan.large, others,
                                   plan.large + plan.first)
        last = client[f"{base}_last"]
        await create_indexes(last)
        small_last = await _scene(last, profile, plan.small)
        large_last = await _scene(last, profile, plan.large)
        await _seed(last, others, invoices=plan.total - plan.small - plan.large)
        figures: dict[str, Any] = {"owners": plan.owners, "small_owner_invoices": plan.small,
                                   "large_owner_invoices": plan.large, "repeats": plan.repeats,
                                   "seed_s": round(time.perf_counter() - started, 1)}
        figures["stored_first_small"] = await small_first.db.invoices.estimated_document_count()
        figures["stored_first_large"] = await large_first.db.invoices.estimated_document_count()
        figures["stored_last"] = await last.invoices.estimated_document_count()
        for who, first, after in (("small", small_first, small_last), ("large", large_first, large_last)):
            before, then = await _timed_in_turns(who, first, after, plan.repeats)
            for name, small_store in before.items():
                large_store = then[name]
                figures[f"{name}_first_median_ms"] = small_store["median"]
                figures[f"{name}_last_median_ms"] = large_store["median"]
                figures[f"{name}_last_p95_ms"] = large_store["p95"]
                figures[f"ratio_{name}"] = round(large_store["median"] / max(small_store["median"], 0.01), 2)
        return figures
    finally:
        await client.close()


async def _store(client: AsyncMongoClient[Document], name: str, profile: SellerProfile, invoices: int,
                 others: list[int], total: int) -> Scene:
    db = client[name]
    await create_indexes(db)
    scene = await _scene(db, profile, invoices)
    await _seed(db, others, invoices=total - invoices)
    return scene


async def _scene(db: Database, profile: SellerProfile, invoices: int) -> Scene:
    claims = FairClaims(db, instance=INSTANCE, slots=2, lease_s=60)
    await claims.heartbeat()
    return Scene(db=db, owner=await scale_paths.add_owner(db, invoices_count=invoices, profile=profile),
                 claims=claims)


def _others(plan: ScalePlan) -> list[int]:
    """Invoices per other user, so that the large store holds plan.total in the end."""
    count = plan.owners - 2
    share, extra = divmod(plan.total - plan.large - plan.small, count)
    return [share + (1 if index < extra else 0) for index in range(count)]


async def _seed(db: Database, books: list[int], *, invoices: int) -> None:
    """Writes other users' books, in order, until `invoices` more are stored."""
    written, index = 0, 0
    while index < len(books) and written < invoices:
        await scale_paths.insert_book(db, f"other-{index}", min(books[index], invoices - written))
        written += books[index]
        index += 1


Samples = dict[str, list[float]]


async def _timed_in_turns(who: str, first: Scene, last: Scene, repeats: int
                          ) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """Median and p95 of each path in both stores, one round in each in turn, after one untimed round each (the
    first calls create what later ones find)."""
    samples: tuple[Samples, Samples] = ({}, {})
    for round_number in range(1 + repeats):
        order = (0, 1) if round_number % 2 == 0 else (1, 0)
        for side in order:
            await _round(who, (first, last)[side], samples[side])
    return _summary(samples[0], repeats), _summary(samples[1], repeats)


def _summary(samples: Samples, repeats: int) -> dict[str, dict[str, float]]:
    return {name: {"median": round(statistics.median(values[1:]), 2),
                   "p95": round(sorted(values[1:])[max(0, int(repeats * 0.95) - 1)], 2)}
            for name, values in samples.items()}


async def _round(who: str, scene: Scene, samples: Samples) -> None:
    async def timed(name: str, work: Awaitable[Any]) -> Any:
        started = time.perf_counter()
        result = await work
        samples.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        return result

    db, owner, claims = scene.db, scene.owner, scene.claims
    await timed(f"page_{who}", scale_paths.page(db, owner))
    await timed(f"search_{who}", scale_paths.search(db, owner))
    await timed(f"download_{who}", scale_paths.download(db, owner))
    await timed(f"recovery_{who}", scale_paths.recovery(db))
    await timed(f"generation_{who}", _generation(db, owner, claims))
    await scale_paths.issue(db, owner, content(3))  # a job to claim, timed alone
    job = await timed(f"claim_{who}", scale_paths.claim(db, claims))
    await scale_paths.store(db, job, instance=INSTANCE)


async def _generation(db: Database, owner: scale_paths.Owner, claims: FairClaims) -> None:
    """The generation's storage path: issue, claim, store (the render between claim and store is left out)."""
    await scale_paths.issue(db, owner, content(3))
    job = await scale_paths.claim(db, claims)
    await scale_paths.store(db, job, instance=INSTANCE)
