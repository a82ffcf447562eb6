"""Where an end-to-end invoice's time goes outside the renderer: `python -m bench.throughput_profile [invoices]`.

Runs the throughput scenario (bench.throughput) once with a pymongo CommandListener on the app's client and
prints, per generated invoice: database commands by kind and collection (with their mean round trip), the CPU
milliseconds of the web process, the embedded database server and the render workers, and each worker's idle
gaps between renders. PROFILE_WEB=cumulative (or tottime) adds a cProfile of the web process, PROFILE_FILTER a
filter on its rows, PROFILE_CPU=1 times it by CPU, PROFILE_ROUNDS=N repeats the scenario N times on the growing
database (one report each). Not part of bench.run: a diagnostic.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient, monitoring

from bench.documents import draft
from bench.live_services import SECRET, ReadyWatch, _warm, sign_up
from bench.throughput import _raw_rate
from services.container import build_services
from services.settings import Settings
from storage import pdf_files
from storage.database import database_of
from storage.documents import Document
from storage.runtime.embedded_mongo import EmbeddedMongo

TICKS = os.sysconf("SC_CLK_TCK")


class CommandCounter(monitoring.CommandListener):
    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.micros: Counter[tuple[str, str]] = Counter()
        self._keys: dict[int, tuple[str, str]] = {}
        self.sent_bytes = 0
        self.recording = False

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if not self.recording:
            return
        name = event.command_name
        target = event.command.get(name)
        collection = target if isinstance(target, str) else ""
        if name == "getMore":
            collection = str(event.command.get("collection", ""))
        self.counts[(name, collection)] += 1
        self._keys[event.request_id] = (name, collection)
        self.sent_bytes += len(repr(event.command))  # a rough size: bytes values are printed in full

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        key = self._keys.pop(event.request_id, None)
        if key is not None:
            self.micros[key] += event.duration_micros

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


async def profile(total: int) -> None:
    with tempfile.TemporaryDirectory(prefix="throughput-profile-") as folder:
        mongo = EmbeddedMongo(Path(folder) / "mongo")
        uri = mongo.start()
        try:
            await _profile(uri.rsplit("/", 1)[0] + "/profile", Path(folder), mongo, total)
        finally:
            mongo.stop()


async def _profile(uri: str, folder: Path, mongo: EmbeddedMongo, total: int) -> None:
    counter = CommandCounter()
    client: AsyncMongoClient[Document] = AsyncMongoClient(uri, tz_aware=True, event_listeners=[counter])
    services = build_services(Settings(mongodb_uri=uri, data_dir=folder, secret_key=SECRET,
                                       pdf_rate_limit="100000/minute", signup_limit_per_address="100000/hour",
                                       signup_limit_overall="100000/hour"), database_of(client))
    await services.start()
    await _warm(services)
    try:
        users = [await sign_up(services, f"profile-{index}") for index in range(20)]
        watch = ReadyWatch(services)
        for user in users:
            watch.follow(user)
        server_pid = mongo._process.pid if mongo._process else 0  # a bench, not the app
        workers = services.pool.worker_pids()
        for _ in range(int(os.environ.get("PROFILE_ROUNDS", "1"))):
            counter.counts.clear()
            counter.micros.clear()
            await _measure_round(services, watch, users, counter, server_pid, workers, total)
        watch.close()
        stored = [(document["length"], len(document.get("png", b""))) async for document
                  in services.db[pdf_files.DOCUMENTS].find({}, {"length": 1, "png": 1})]
        sizes, thumbs = [size for size, _ in stored], [size for _, size in stored]
        print(f"PDF bytes: mean {sum(sizes) / len(sizes):.0f}; thumbnail PNG bytes: mean "
              f"{sum(thumbs) / max(1, len(thumbs)):.0f}")
    finally:
        await services.stop()
        await client.close()


async def _measure_round(services: Any, watch: ReadyWatch, users: list[str], counter: CommandCounter,
                         server_pid: int, workers: list[int], total: int) -> None:
    busy = _time_renders(services)
    before = (time.process_time(), cpu_s(server_pid), sum(cpu_s(pid) for pid in workers))
    counter.recording = True
    profiler = (cProfile.Profile(time.process_time) if os.environ.get("PROFILE_CPU") else cProfile.Profile()) \
        if os.environ.get("PROFILE_WEB") else None
    if profiler:
        profiler.enable()
    started = time.perf_counter()

    async def clicks(user: str) -> list[str]:
        return [(await watch.click(user, draft(10)))[0] for _ in range(total // len(users))]

    ids = [invoice_id for user_ids in await asyncio.gather(*(clicks(user) for user in users))
           for invoice_id in user_ids]
    await asyncio.gather(*(watch.done_at(invoice_id) for invoice_id in ids))
    elapsed = time.perf_counter() - started
    counter.recording = False
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(os.environ["PROFILE_WEB"])
        stats.print_stats(os.environ.get("PROFILE_FILTER", ""), 60)
        if os.environ.get("PROFILE_CALLERS"):
            stats.print_callers(os.environ["PROFILE_CALLERS"])
    after = (time.process_time(), cpu_s(server_pid), sum(cpu_s(pid) for pid in workers))
    _print(counter, len(ids), elapsed, [b - a for a, b in zip(before, after, strict=True)])
    for index, spans in enumerate(busy):
        print(f"slot {index}: {len(spans)} renders; {_idle(spans, elapsed)}")
    for slot in services.pool.slots:
        del slot.render_timed  # the next round times afresh
    before_raw = (time.perf_counter(), sum(cpu_s(pid) for pid in workers), time.process_time())
    raw_rate = await _raw_rate(services, [(user, invoice_id) for user, invoice_id in zip(
        [user for user in users for _ in range(total // len(users))], ids, strict=False)])
    raw_cpu = sum(cpu_s(pid) for pid in workers) - before_raw[1]
    print(f"bare pool on the same documents: {raw_rate:.2f}/s, render workers {1000 * raw_cpu / len(ids):.1f} ms "
          f"CPU each, web process {1000 * (time.process_time() - before_raw[2]) / len(ids):.1f} ms")


def _time_renders(services: Any) -> list[list[tuple[float, float]]]:
    """From each render's submission to its result: a render queued behind another (services.jobs.seats) overlaps
    it, so a worker idles only between the spans once they are merged."""
    spans: list[list[tuple[float, float]]] = []
    for slot in services.pool.slots:
        mine: list[tuple[float, float]] = []
        spans.append(mine)
        render = slot.render_timed

        async def timed(request: Any, timeout_s: float, render: Any = render, mine: Any = mine) -> Any:
            started = time.perf_counter()
            try:
                return await render(request, timeout_s)
            finally:
                mine.append((started, time.perf_counter()))

        slot.render_timed = timed
    return spans


def _idle(spans: list[tuple[float, float]], elapsed: float) -> str:
    merged: list[list[float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    gaps = sorted(merged[i + 1][0] - merged[i][1] for i in range(len(merged) - 1)) or [0.0]
    busy = sum(end - start for start, end in merged)
    return (f"{len(merged) - 1} gaps between renders, median {1000 * gaps[len(gaps) // 2]:.1f} ms, mean "
            f"{1000 * sum(gaps) / len(gaps):.1f} ms; idle {100 * (1 - busy / elapsed):.1f}% of the run")


def _print(counter: CommandCounter, invoices: int, elapsed: float, cpu: list[float]) -> None:
    print(f"{invoices} invoices in {elapsed:.2f} s = {invoices / elapsed:.2f}/s (load {os.getloadavg()[0]:.2f})")
    print("CPU ms per invoice: web process {:.1f}, database server {:.1f}, render workers {:.1f}".format(
        *(1000 * value / invoices for value in cpu)))
    commands = sum(counter.counts.values())
    print(f"database commands per invoice: {commands / invoices:.2f}; "
          f"sent ~{counter.sent_bytes / invoices / 1024:.0f} KiB per invoice")
    for (name, collection), count in counter.counts.most_common():
        micros = counter.micros[(name, collection)]
        print(f"  {count / invoices:6.2f}  {name:18} {collection:18} {micros / count / 1000:6.2f} ms each")


if __name__ == "__main__":
    asyncio.run(profile(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
