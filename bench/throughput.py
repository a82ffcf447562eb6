"""(d) Throughput: 200 ten-line invoices from 20 users end to end, against the bare pool on the same documents.

This 2-core machine's speed drifts between passes (the bare pool alone: 12.6 to 15.7 documents a second in
consecutive rounds on 2026-12-03, 16.4 to 21.1 on another day), so the comparison is paired in time: after an
unrecorded end-to-end pass that warms everything up, the full run alternates bare-pool and end-to-end passes
(bare, e2e, bare, e2e, ... bare: nine end-to-end passes) and compares each end-to-end pass with the mean of the
bare passes just before and just after it, which cancels a drift that is steady across the three. The figure is
the median of those nine ratios; the medians of the rates are kept beside it. Each bare pass renders the
documents of the end-to-end pass before it: the same template, numbers aside.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from bench.documents import draft
from bench.live_services import ReadyWatch, sign_up
from services.container import Services
from services.invoices.model import RenderRequest
from storage import invoices

LINES = 10
ROUNDS = 9  # paired rounds: five spread over 11 points in one run (79-90 %), and their median with them


async def measure_throughput(services: Services, *, quick: bool) -> dict[str, Any]:
    user_count, per_user, rounds = (8, 5, 1) if quick else (20, 10, ROUNDS)
    users = [await sign_up(services, f"throughput-{index}") for index in range(user_count)]
    documents, _ = await _end_to_end(services, users, per_user)  # the warm-up: not recorded
    end_to_end: list[float] = []
    raw = [await _raw_rate(services, documents)]
    for _ in range(rounds):
        documents, rate = await _end_to_end(services, users, per_user)
        end_to_end.append(rate)
        raw.append(await _raw_rate(services, documents))
    paired = [rate / statistics.mean(raw[index:index + 2]) for index, rate in enumerate(end_to_end)]
    return {
        "invoices": len(users) * per_user,
        "rounds": rounds,
        "end_to_end_per_s": round(statistics.median(end_to_end), 2),
        "raw_pool_per_s": round(statistics.median(raw), 2),
        "end_to_end_per_s_each_round": [round(rate, 2) for rate in end_to_end],
        "raw_pool_per_s_each_pass": [round(rate, 2) for rate in raw],
        "ratio_each_round": [round(ratio, 3) for ratio in paired],
        "ratio_of_medians": round(statistics.median(end_to_end) / statistics.median(raw), 3),
        "ratio_end_to_end_vs_raw": round(statistics.median(paired), 3),
    }


async def _end_to_end(services: Services, users: list[str], per_user: int) -> tuple[list[tuple[str, str]], float]:
    """Every user clicks Generate `per_user` times as fast as the server lets them; the rate until the last Ready."""
    watch = ReadyWatch(services)
    for user in users:
        watch.follow(user)
    started = time.perf_counter()
    clicked = await asyncio.gather(*(_clicks(watch, user, per_user) for user in users))
    ids = [(user, invoice_id) for user, user_ids in zip(users, clicked, strict=True) for invoice_id in user_ids]
    finished = max(await asyncio.gather(*(watch.done_at(invoice_id) for _, invoice_id in ids)))
    watch.close()
    return ids, len(ids) / (finished - started)


async def _clicks(watch: ReadyWatch, user: str, count: int) -> list[str]:
    return [(await watch.click(user, draft(LINES)))[0] for _ in range(count)]


async def _raw_rate(services: Services, ids: list[tuple[str, str]]) -> float:
    """The same documents straight into the same worker slots, one feeder per slot: no database, no scheduler."""
    documents: asyncio.Queue[RenderRequest] = asyncio.Queue()
    for user, invoice_id in ids:
        record = await invoices.find_for_owner(services.db, owner_id=user, invoice_id=invoice_id)
        content = await invoices.find_content(services.db, owner_id=user, invoice_id=invoice_id)
        assert record is not None and content is not None
        documents.put_nowait(RenderRequest(record.number, content))
    timeout_s = services.pool.timeout_s

    async def feed(slot: Any) -> None:
        while not documents.empty():
            await slot.render(documents.get_nowait(), timeout_s)

    started = time.perf_counter()
    await asyncio.gather(*(feed(slot) for slot in services.pool.slots))
    return len(ids) / (time.perf_counter() - started)
