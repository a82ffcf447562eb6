"""(b) Fairness: user B's 10-line invoice, click to Ready, while user A floods with five 1000-line invoices."""

from __future__ import annotations

import asyncio
from typing import Any

from bench.documents import draft
from bench.live_services import ReadyWatch, sign_up
from bench.stats import median, ms
from services.container import Services

FLOOD_INVOICES, FLOOD_LINES, SMALL_LINES = 5, 1000, 10
FLOOD_HEAD_START_S = 0.3  # B clicks once A's first render is under way and the rest are queued


async def measure_fairness(services: Services, *, quick: bool) -> dict[str, Any]:
    user_a, user_b = await sign_up(services, "flood-a"), await sign_up(services, "small-b")
    watch = ReadyWatch(services)
    watch.follow(user_a)
    watch.follow(user_b)
    idle: list[float] = []
    busy: list[float] = []
    under_load = 0
    try:
        for _ in range(2 if quick else 6):  # idle and busy samples taken in turns: both see the same machine
            idle += [await watch.click_to_ready(user_b, draft(SMALL_LINES)) for _ in range(2)]
            seconds, a_still_busy = await _one_flood(watch, user_a, user_b)
            busy.append(seconds)
            under_load += a_still_busy
    finally:
        watch.close()
    return {
        "b_idle_click_to_ready_ms": ms(median(idle)),
        "b_busy_click_to_ready_ms": ms(median(busy)),
        "b_busy_worst_ms": ms(max(busy)),
        "ratio_busy_vs_idle": round(median(busy) / median(idle), 2),
        "samples_with_a_still_rendering": f"{under_load}/{len(busy)}",
    }


async def _one_flood(watch: ReadyWatch, user_a: str, user_b: str) -> tuple[float, bool]:
    """A clicks five times, B once a moment later; returns B's click-to-Ready and whether A was still busy."""
    flood = [(await watch.click(user_a, draft(FLOOD_LINES)))[0] for _ in range(FLOOD_INVOICES)]
    await asyncio.sleep(FLOOD_HEAD_START_S)
    seconds = await watch.click_to_ready(user_b, draft(SMALL_LINES))
    a_still_busy = not all(watch.is_done(invoice_id) for invoice_id in flood)
    await asyncio.gather(*(watch.done_at(invoice_id) for invoice_id in flood))
    return seconds, a_still_busy
