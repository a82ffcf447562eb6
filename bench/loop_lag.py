"""(c, first half) Event-loop lag of the process that runs the services, with every PDF worker busy."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.documents import draft
from bench.live_services import ReadyWatch, sign_up
from bench.stats import ms, percentile
from services.container import Services

TICK_S = 0.01
FLOOD_INVOICES, FLOOD_LINES = 15, 1000  # per user: about 3 s of rendering on 2 workers


class LagProbe:
    """A task that sleeps TICK_S over and over and records by how much each sleep overshot.

    It also records the CPU time the loop's thread spent during each tick: an overshoot made of CPU time is
    the loop running other callbacks; the rest is the process waiting for a core (an oversubscribed machine).
    """

    def __init__(self) -> None:
        self.lags: list[float] = []
        self.cpu: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> LagProbe:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()

    async def _run(self) -> None:
        while True:
            started, cpu_started = time.perf_counter(), time.thread_time()
            await asyncio.sleep(TICK_S)
            self.lags.append(time.perf_counter() - started - TICK_S)
            self.cpu.append(time.thread_time() - cpu_started)


async def measure_loop_lag(services: Services, *, quick: bool) -> dict[str, Any]:
    """Two users flood at once: with each user capped at one slot, that keeps both workers rendering."""
    users = [await sign_up(services, f"lag-{index}") for index in range(len(services.pool.slots))]
    watch = ReadyWatch(services)
    for user in users:
        watch.follow(user)
    async with LagProbe() as idle:
        await asyncio.sleep(1 if quick else 3)
    count = 2 if quick else FLOOD_INVOICES
    async with LagProbe() as clicking:
        flood = [(await watch.click(user, draft(FLOOD_LINES)))[0] for _ in range(count) for user in users]
    async with LagProbe() as busy:
        await asyncio.gather(*(watch.done_at(invoice_id) for invoice_id in flood))
    watch.close()
    return {
        "idle_p99_ms": ms(percentile(idle.lags, 99)),
        "busy_p99_ms": ms(percentile(busy.lags, 99)),
        "busy_max_ms": ms(max(busy.lags)),
        "busy_samples": len(busy.lags),
        "busy_loop_cpu_per_tick_p99_ms": ms(percentile(busy.cpu, 99)),
        "while_clicking_max_ms": ms(max(clicking.lags, default=0.0)),
        "flood": f"{len(users)} users x {count} x {FLOOD_LINES} lines",
    }
