"""(issue 14) Open dashboards on one web process: memory per tab, page load and event-loop lag as tabs add up.

The real app (`python app.py`, PDF_RATE_LIMIT 5/minute as in production) and separate holder processes
(bench/dashboards.py) that keep the tabs open: a page load plus NiceGUI's websocket each, all of them distinct
signed-in users. Tabs are added in steps; at each step, once they are connected:
- the server's RSS, and its growth over the RSS with no tab, per tab;
- a tenth of the tabs (every tenth user) click Generate PDF at their limit, 5 a minute, and receive the live
  updates of their invoices, while another user's `/` is loaded and timed: the HTML and the websocket connected
  (`page_load`, the figure the capacity is read from), and until the book is on the page (`list_filled`);
- the event-loop lag the app itself records (`invoice_event_loop_lag_seconds` on /metrics) over that phase;
- the CPU share of the server and of each holder (a holder near a full core would make it the bottleneck).
Capacity: the smallest step whose page-load p95 is at least twice the p95 with no tab open.
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from socketio.exceptions import SocketIOError

from bench.app_server import AppProcess, rss_mb
from bench.dashboards import Dashboards, open_page
from bench.live_services import complete_profile, live_services
from bench.server_probes import MachineLag, cpu_seconds, lag_histogram, pause_histograms
from bench.stats import median, ms, percentile
from services.container import Services
from storage import users

GENERATING_EVERY = 10  # every tenth user generates
GENERATE_EVERY_S = 12.5  # 5 a minute, just inside the moving window (a click at exactly 12 s may find it full)
EMPTY_BOOK = "No invoices yet"
DRAIN_TIMEOUT_S = 600


@dataclass(frozen=True)
class Plan:
    steps: tuple[int, ...]  # connected tabs, the first one 0
    loads: int  # timed page loads per step
    phase_s: float  # generating for at least this long per step
    holders: int  # processes holding the tabs
    linger_s: float  # a closed page's client is kept for the app's reconnect_timeout (15 s) before deletion


FULL = Plan(steps=(0, 125, 250, 500, 1000), loads=40, phase_s=40, holders=2, linger_s=17)
QUICK = Plan(steps=(0, 10, 20), loads=8, phase_s=6, holders=1, linger_s=3)  # a smoke run: RSS per tab is rough


async def measure_dashboards(uri: str, folder: Path, *, quick: bool) -> dict[str, Any]:
    plan = QUICK if quick else FULL
    app = AppProcess(uri, folder / "app", PDF_RATE_LIMIT="5/minute")
    try:
        await asyncio.to_thread(app.wait_healthy)
        async with live_services(uri, folder / "writer", start=False, pdf_workers=0) as writer:
            tokens = await _signed_in_users(writer, plan.steps[-1] + 1)
            return await Scenario(app, writer, plan).run(tokens)
    finally:
        app.stop()


class Scenario:
    def __init__(self, app: AppProcess, writer: Services, plan: Plan) -> None:
        self.app, self.writer, self.plan = app, writer, plan
        self.holders = [Dashboards(app.url) for _ in range(plan.holders)]
        self.opened = 0

    async def run(self, tokens: list[str]) -> dict[str, Any]:
        """Step by step until the last, or until the server loses tabs: that step is its limit, recorded (and
        missed in the targets); the steps beyond it are not attempted."""
        timed, held = tokens[-1], tokens[:-1]
        rows: list[dict[str, Any]] = []
        async with httpx.AsyncClient(base_url=self.app.url, timeout=30) as http:
            whole_run = await lag_histogram(http)
            try:
                for holder in self.holders:
                    await asyncio.to_thread(holder.open)
                await _page_loads(self.app.url, timed, 2)  # warm-up: the page's code paths, NiceGUI's assets
                for step in self.plan.steps:
                    rows.append(await self._step(http, step, held, timed))
                    if _lost_tabs(rows):
                        break
                end = await self._stats()
            finally:
                for holder in self.holders:
                    await asyncio.to_thread(holder.close)
            whole_run = (await lag_histogram(http)).since(whole_run)
        dropped = rows[-1]["tabs"] - end["connected"]
        return _figures(rows) | {
            "most_tabs_planned": self.plan.steps[-1],
            "dashboards_still_connected": end["connected"],
            "sockets_dropped": dropped,
            "sockets_dropped_at_tabs": rows[-1]["tabs"] if dropped else None,
            "drop_reasons": ", ".join(f"{reason}: {count}" for reason, count in end["drops"].items()),
            "lag_p99_ms_whole_run": whole_run.percentile_ms(99),
            "lag_max_bucket_ms_whole_run": whole_run.max_bucket_ms(),
            "steps": rows,
        }

    async def _step(self, http: httpx.AsyncClient, step: int, held: list[str], timed: str) -> dict[str, Any]:
        opening, opening_cpu, new_tabs = time.perf_counter(), cpu_seconds(self.app.pid), step - self.opened
        await self._open(held[self.opened:step])
        open_s, opening_cpu = time.perf_counter() - opening, cpu_seconds(self.app.pid) - opening_cpu
        await asyncio.sleep(3)
        rss = await _rss(self.app.pid)
        before, lag_before, pauses_before = await self._stats(), await lag_histogram(http), await pause_histograms(http)
        cpu_before, wall_before = self._cpu(), time.monotonic()
        with MachineLag() as machine:
            await asyncio.to_thread(self._each, lambda holder: holder.generate(GENERATE_EVERY_S))
            connected, filled = await _during(self.plan.phase_s, _page_loads(self.app.url, timed, self.plan.loads))
            await asyncio.to_thread(self._each, lambda holder: holder.stop_generating())
            cpu_after, wall = self._cpu(), time.monotonic() - wall_before
            lag = (await lag_histogram(http)).since(lag_before)
            pauses = {generation: histogram.since(pauses_before[generation])
                      for generation, histogram in (await pause_histograms(http)).items()}
        await self._drained()
        after = await self._stats()
        idle_cpu = cpu_seconds(self.app.pid)
        await asyncio.sleep(self.plan.linger_s)  # the timed pages' clients are gone: what stays is the held tabs'
        row = _row(step, before, after, rss) | {
            "idle_server_cpu_pct": round(100 * (cpu_seconds(self.app.pid) - idle_cpu) / self.plan.linger_s, 1),
            "rss_after_mb": await _rss(self.app.pid),
            "open_s": round(open_s, 1),
            "open_server_cpu_ms_per_tab": round(1000 * opening_cpu / new_tabs) if new_tabs else None,
            "page_load_p95_ms": _ms(percentile(connected, 95)), "page_load_median_ms": _ms(median(connected)),
            "page_load_failures": connected.count(math.inf), "list_filled_p95_ms": _ms(percentile(filled, 95)),
            "lag_p99_ms": lag.percentile_ms(99), "lag_max_bucket_ms": lag.max_bucket_ms(), "lag_samples": lag.count,
            "machine_lag_p99_ms": ms(percentile(machine.lags, 99)),
            **{f"gc{generation}_pause_max_bucket_ms": pause.max_bucket_ms() for generation, pause in pauses.items()},
            **{f"gc{generation}_collections": pause.count for generation, pause in pauses.items()},
            "server_cpu_pct": round(100 * (cpu_after[0] - cpu_before[0]) / wall),
            "holder_cpu_pct_max": round(100 * max(b - a for a, b in zip(cpu_before[1:], cpu_after[1:],
                                                                            strict=True)) / wall),
        }
        return row

    async def _open(self, tokens: list[str]) -> None:
        """New tabs spread over the holders; every tenth user (by index over all users) generates."""
        base, count = self.opened, len(self.holders)
        shares: list[tuple[list[str], list[str]]] = [([], []) for _ in range(count)]
        for index, token in enumerate(tokens, start=base):
            plain, generating = shares[index % count]
            (generating if index % GENERATING_EVERY == 0 else plain).append(token)
        await asyncio.gather(*(asyncio.to_thread(holder.add, plain, generating)
                               for holder, (plain, generating) in zip(self.holders, shares, strict=True)))
        self.opened += len(tokens)

    async def _stats(self) -> dict[str, Any]:
        """Summed over the holders: counts added, `click_seconds` (this phase's clicks) joined, `drops` merged."""
        every = await asyncio.to_thread(self._each, lambda holder: holder.stats())
        merged = {key: sum((stats[key] for stats in every), start=[] if key == "click_seconds" else 0)
                  for key in every[0] if key != "drops"}
        return merged | {"drops": dict(sum((Counter(stats["drops"]) for stats in every), start=Counter()))}

    async def _drained(self) -> None:
        """Every generated invoice has left `processing` (rendered and announced to its tab)."""
        deadline = time.monotonic() + DRAIN_TIMEOUT_S
        while await self.writer.db.invoices.count_documents({"status": "processing"}):
            if time.monotonic() > deadline:
                raise RuntimeError("generated invoices still processing after the drain timeout")
            await asyncio.sleep(0.5)
        await asyncio.sleep(1)  # the last live updates are on their way

    def _each(self, ask: Any) -> list[dict[str, Any]]:
        return [ask(holder) for holder in self.holders]

    def _cpu(self) -> list[float]:
        return [cpu_seconds(self.app.pid), *(cpu_seconds(holder.pid) for holder in self.holders)]


async def _signed_in_users(writer: Services, count: int) -> list[str]:
    """Users with a complete seller profile and a live session each; their session tokens."""

    async def one(index: int) -> str:
        email = f"tab-{index}@bench.example.com"
        # No sign-up: its argon2 hash costs a core for a good part of a second, and these users never type a password.
        user_id = await users.insert_user(writer.db, email=email, email_skeleton=email, password_hash="-")
        await complete_profile(writer, user_id, f"tab-{index}")
        return (await writer.sessions.open(user_id=user_id)).token

    tokens: list[str] = []
    for start in range(0, count, 50):
        tokens += await asyncio.gather(*(one(index) for index in range(start, min(count, start + 50))))
    return tokens


async def _page_loads(url: str, token: str, count: int) -> tuple[list[float], list[float]]:
    """`/` one after the other: seconds to the websocket connected, and to the (empty) book on the page. A load
    that fails (the server's 503 when the session look-up times out) counts as infinitely slow."""
    connected: list[float] = []
    filled: list[float] = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        for _ in range(count):
            arrived = asyncio.Event()

            def on_update(*payload: Any, book: asyncio.Event = arrived) -> None:
                if EMPTY_BOOK in str(payload):
                    book.set()

            started = time.perf_counter()
            try:
                socket = await open_page(http, url, token, on_update)
            except (RuntimeError, SocketIOError):
                connected.append(math.inf)
                filled.append(math.inf)
                continue
            connected.append(time.perf_counter() - started)
            try:
                await asyncio.wait_for(arrived.wait(), 60)
                filled.append(time.perf_counter() - started)
            finally:
                await socket.disconnect()
    return connected, filled


async def _during(at_least_s: float, loads: Any) -> Any:
    """The page loads, in a phase that lasts at least `at_least_s` (the generating tabs keep clicking)."""
    result, _ = await asyncio.gather(loads, asyncio.sleep(at_least_s))
    return result


async def _rss(pid: int) -> float:
    """Median of five samples 0.2 s apart."""
    samples = []
    for _ in range(5):
        await asyncio.sleep(0.2)
        samples.append(rss_mb(pid))
    return median(samples)


def _ms(seconds: float) -> float | None:
    """None for a percentile that fell on a failed load."""
    return None if math.isinf(seconds) else ms(seconds)


def _row(step: int, before: dict[str, Any], after: dict[str, Any], rss: float) -> dict[str, Any]:
    clicks = after["click_seconds"]
    return {
        "tabs": step, "connected": after["connected"], "generating_tabs": after["generating_tabs"],
        "rss_mb": rss,
        "generated": after["generated"] - before["generated"],
        "generation_failures": after["generation_failures"] - before["generation_failures"],
        "open_retries": before["open_retries"], "drops": after["drops"],
        "click_to_notice_p95_ms": ms(percentile(clicks, 95)) if clicks else None,
        "updates_generating_tabs": after["generating_updates_received"] - before["generating_updates_received"],
        "updates_all_tabs": after["updates_received"] - before["updates_received"],
    }


def _lost_tabs(rows: list[dict[str, Any]]) -> bool:
    """True when tabs dropped their socket (said loudly: the server could not keep them). Generating tabs that
    received none of their live updates are a broken benchmark, not a measurement: that raises."""
    row = rows[-1]
    if row["connected"] != row["tabs"]:
        print(f"!! dashboards: {row['tabs'] - row['connected']} of {row['tabs']} tabs dropped their socket "
              f"(reasons: {row['drops']}); server lag p99 {row['lag_p99_ms']} ms, at most {row['lag_max_bucket_ms']}"
              " ms (None: beyond 2.5 s); no larger step is attempted", file=sys.stderr)
        return True
    if row["generating_tabs"] and (not row["generated"] or row["updates_generating_tabs"] < row["generated"]):
        raise RuntimeError(f"generating tabs: {row['generated']} generated, {row['updates_generating_tabs']} live "
                           f"updates received; steps so far: {json.dumps(rows)}")
    return False


def _figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each step's main figures flat (for the table), the RSS per tab, and the capacity. RSS per tab is over the
    RSS with no tab once the first step's timed pages have come and gone (memory the heap keeps for reuse)."""
    first = rows[0]
    figures: dict[str, Any] = {}
    for row in rows:
        tabs = row["tabs"]
        row["rss_per_tab_kb"] = round((row["rss_mb"] - first["rss_after_mb"]) * 1024 / tabs) if tabs else None
        row["ratio_page_load_p95_vs_no_tabs"] = (None if row["page_load_p95_ms"] is None  # failed loads: 503s
                                                 else round(row["page_load_p95_ms"] / first["page_load_p95_ms"], 2))
        figures |= {f"tabs_{tabs}_{name}": row[name] for name in (
            "rss_mb", "rss_per_tab_kb", "page_load_p95_ms", "ratio_page_load_p95_vs_no_tabs", "list_filled_p95_ms",
            "page_load_failures", "lag_p99_ms", "lag_max_bucket_ms", "machine_lag_p99_ms", "generating_tabs",
            "generated", "updates_generating_tabs", "open_server_cpu_ms_per_tab", "server_cpu_pct",
            "idle_server_cpu_pct", "holder_cpu_pct_max")}
    ratios = [row["ratio_page_load_p95_vs_no_tabs"] for row in rows]
    doubled = [row["tabs"] for row, ratio in zip(rows, ratios, strict=True)
               if row["tabs"] and (ratio is None or ratio >= 2 or row["connected"] < row["tabs"])]
    lags = [row["lag_p99_ms"] for row in rows]
    return figures | {
        "most_tabs": rows[-1]["tabs"],
        "capacity_tabs": doubled[0] if doubled else f"> {rows[-1]['tabs']}",
        "ratio_page_load_p95_largest": None if None in ratios else max(ratios),
        "lag_p99_ms_at_most_tabs": lags[-1],
        "lag_p99_ms_worst_step": None if None in lags else max(lag for lag in lags if lag is not None),
    }
