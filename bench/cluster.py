"""(f) The render cluster: a web side that renders nothing (these services, PDF_WORKERS=0) and two
`python app.py worker` processes, on the embedded database running as its own process.

  cluster   user B's 10-line invoice, click to Ready, queued behind user A's 30 1000-line invoices spread over
            both worker processes, vs B on an idle cluster (Redis carries wake-ups and live pushes)
  wakeup    enqueue to claim by an idle worker, with Redis (publish on enqueue) and without (polling with
            back-off); and the idle cluster's database commands per second, counted on the wire
"""

from __future__ import annotations

import asyncio
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bson import ObjectId

from bench.cluster_parts import WORKER_LEASE_MS, counting_proxy, redis_server, worker_processes
from bench.documents import draft
from bench.live_services import ReadyWatch, live_services, sign_up
from bench.stats import median, ms, percentile

FLOOD_INVOICES, FLOOD_LINES, SMALL_LINES = 30, 1000, 10
FLOOD_HEAD_START_S = 0.3
IDLE_BEFORE_SAMPLE_S = 3.0  # long enough for an idle worker's poll delay to reach its cap (1 s without Redis)
PROBE_INTERVAL_S = 0.005
IDLE_SETTLE_S = 10.0


async def measure_cluster(database_uri: str, folder: Path, *, quick: bool) -> dict[str, Any]:
    with redis_server(_made(folder / "redis")) as redis_url:
        async with live_services(database_uri, folder / "web", pdf_workers=0, redis_url=redis_url) as services, \
                _workers(folder, database_uri, redis_url):
            user_a, user_b = await sign_up(services, "cluster-flood-a"), await sign_up(services, "cluster-small-b")
            watch = ReadyWatch(services)
            watch.follow(user_a)
            watch.follow(user_b)
            idle: list[float] = []
            busy: list[float] = []
            under_load = 0
            try:
                for _ in range(1 if quick else 4):
                    idle += [await watch.click_to_ready(user_b, draft(SMALL_LINES)) for _ in range(2)]
                    flood = [(await watch.click(user_a, draft(FLOOD_LINES)))[0]
                             for _ in range(10 if quick else FLOOD_INVOICES)]
                    await asyncio.sleep(FLOOD_HEAD_START_S)
                    busy.append(await watch.click_to_ready(user_b, draft(SMALL_LINES)))
                    under_load += not all(watch.is_done(invoice_id) for invoice_id in flood)
                    await asyncio.gather(*(watch.done_at(invoice_id) for invoice_id in flood))
            finally:
                watch.close()
    return {
        "worker_processes": 2,
        "flood": f"{10 if quick else FLOOD_INVOICES} x {FLOOD_LINES} lines",
        "b_idle_click_to_ready_ms": ms(median(idle)),
        "b_busy_click_to_ready_ms": ms(median(busy)),
        "b_busy_worst_ms": ms(max(busy)),
        "ratio_busy_vs_idle": round(median(busy) / median(idle), 2),
        "samples_with_a_still_rendering": f"{under_load}/{len(busy)}",
    }


async def measure_wakeups(database_uri: str, folder: Path, *, quick: bool) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for mode in ("redis", "polling"):
        with ExitStack() as stack:
            redis_url = stack.enter_context(redis_server(_made(folder / mode))) if mode == "redis" else None
            async with counting_proxy(database_uri) as (proxied_uri, counter), \
                    live_services(proxied_uri, folder / f"web-{mode}", pdf_workers=0, redis_url=redis_url) as web, \
                    _workers(folder / mode, proxied_uri, redis_url):
                owner = await sign_up(web, f"wakeup-{mode}")
                samples = [await _enqueue_to_claim(web, owner) for _ in range(3 if quick else 10)]
                latencies = [queued_to_claimed for _, queued_to_claimed in samples]
                await asyncio.sleep(IDLE_SETTLE_S)  # the last job is stored and every poller has backed off
                counter.commands.clear()
                window_s = 5.0 if quick else 30.0
                await asyncio.sleep(window_s)
                figures |= {
                    f"{mode}_click_to_claim_median_ms": ms(median([click for click, _ in samples])),
                    f"{mode}_enqueue_to_claim_median_ms": ms(median(latencies)),
                    f"{mode}_enqueue_to_claim_p90_ms": ms(percentile(latencies, 90)),
                    f"{mode}_max_ms": ms(max(latencies)),
                    f"idle_queries_per_s_{mode}": round(counter.app_commands() / window_s, 2),
                    f"idle_driver_monitoring_per_s_{mode}": round(counter.monitoring_commands() / window_s, 2),
                    f"idle_commands_{mode}": dict(counter.commands.most_common()),
                }
    figures["idle_window_s"] = 5.0 if quick else 30.0
    return figures


async def _enqueue_to_claim(web: Any, owner: str) -> tuple[float, float]:
    """(click to claim as probed here, queued to claimed by the job's own timestamps), after an idle wait that
    lets pollers back off fully. The job records when it was queued (enqueued_ms, at publish) and when it was
    claimed (lease_until_ms - the lease); if the probe misses the running state, the probe's time counts."""
    await asyncio.sleep(IDLE_BEFORE_SAMPLE_S)
    clicked = time.perf_counter()
    invoice = await web.invoices.generate(owner_id=owner, draft=draft(1))
    while True:
        job = await web.db.jobs.find_one({"_id": ObjectId(invoice.id)},
                                         {"state": 1, "enqueued_ms": 1, "lease_until_ms": 1})
        probed = time.perf_counter() - clicked
        if job is None:
            return probed, probed
        if job["state"] == "running":
            return probed, (job["lease_until_ms"] - WORKER_LEASE_MS - job["enqueued_ms"]) / 1000
        await asyncio.sleep(PROBE_INTERVAL_S)


class _workers:
    """Two worker processes for the length of an `async with` (started in a thread: it waits for them)."""

    def __init__(self, folder: Path, mongodb_uri: str, redis_url: str | None) -> None:
        self._context = worker_processes(2, _made(folder / "workers"), mongodb_uri=mongodb_uri, redis_url=redis_url)

    async def __aenter__(self) -> list[int]:
        return await asyncio.to_thread(self._context.__enter__)

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self._context.__exit__, None, None, None)


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder
