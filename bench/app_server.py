"""(c, second half) Dashboard page loads idle vs busy; (e) server memory idle, with dashboards, under load.

Runs the real app (`python app.py`) against an embedded MongoDB started here. HTTP log-in needs the websocket,
so sessions are opened directly in the shared database and sent as the session cookie. To make the app's
workers busy, invoices are generated here by services that never start (database writes only): their jobs go
to the shared queue, and the app's render workers claim and render them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from bench.dashboards import COOKIE, Dashboards
from bench.documents import draft
from bench.live_services import live_services, sign_up
from bench.stats import ms, percentile
from services.container import Services

REPO = Path(__file__).resolve().parents[1]
FLOOD_LINES = 1000


class AppProcess:
    """`python app.py` on a free port, as an operator would start it (PYTEST_* variables stripped)."""

    def __init__(self, uri: str, data_dir: Path, **settings: str) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "NICEGUI_"))}
        env |= {"DATA_DIR": str(data_dir), "PORT": str(port), "HOST": "127.0.0.1", "MONGODB_URI": uri,
                "PDF_RATE_LIMIT": "1000/minute", "JOB_RECOVERY_INTERVAL_S": "2", **settings}
        self.log = data_dir / "server.log"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.process.pid

    def wait_healthy(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"the app did not start; see {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.process.wait()


class RssSampler:
    """Highest RSS of the app process and of its busiest worker, sampled every 100 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.server_mb = 0
        self.worker_mb = 0

    async def run(self) -> None:
        while True:
            self.server_mb = max(self.server_mb, rss_mb(self.pid))
            self.worker_mb = max([self.worker_mb, *(rss_mb(child) for child in _children(self.pid))])
            await asyncio.sleep(0.1)


async def measure_app(uri: str, folder: Path, *, quick: bool) -> dict[str, Any]:
    dashboards, loads, jobs = (20, 16, 4) if quick else (100, 120, 12)
    app = AppProcess(uri, folder / "app")
    try:
        app.wait_healthy()
        async with live_services(uri, folder / "writer", start=False, pdf_workers=0) as writer:
            return await _scenario(app, writer, dashboards, loads, jobs)
    finally:
        app.stop()


async def _scenario(app: AppProcess, writer: Services, users: int, loads: int, jobs: int) -> dict[str, Any]:
    """One open dashboard per user; the first two users flood, the last one's page is loaded and timed."""
    ids = [await sign_up(writer, f"dashboard-{index}") for index in range(users)]  # hashing refuses 100 at once
    tokens = [(await writer.sessions.open(user_id=user_id)).token for user_id in ids]
    await asyncio.sleep(2)
    figures: dict[str, Any] = {"server_rss_idle_mb": rss_mb(app.pid)}
    dashboards = Dashboards(app.url, tokens)
    try:
        opened = await asyncio.to_thread(dashboards.open)
        await asyncio.sleep(2)
        figures |= {"dashboards_connected": opened["connected"], "server_rss_dashboards_mb": rss_mb(app.pid)}
        idle = await _page_loads(app.url, tokens[-1], loads // 2)
        busy, sampler = await _busy_page_loads(app, writer, ids[:2], tokens[-1], loads, jobs)
        idle += await _page_loads(app.url, tokens[-1], loads - loads // 2)  # before and after: a drift weighs alike
        after = await asyncio.to_thread(dashboards.stats)
    finally:
        await asyncio.to_thread(dashboards.close)
    return figures | {
        "server_rss_under_load_max_mb": sampler.server_mb,
        "worker_rss_under_load_max_mb": sampler.worker_mb,
        "page_load_idle_p95_ms": ms(percentile(idle, 95)),
        "page_load_busy_p95_ms": ms(percentile(busy, 95)),
        "page_load_idle_samples": len(idle),
        "page_load_busy_samples": len(busy),
        "ratio_page_load_busy_vs_idle": round(percentile(busy, 95) / percentile(idle, 95), 2),
        "dashboards_still_connected": after["connected"],
        "live_updates_received": after["updates_received"],
    }


async def _page_loads(url: str, token: str, count: int, *, while_busy: Any = None) -> list[float]:
    seconds: list[float] = []
    async with httpx.AsyncClient(base_url=url, cookies={COOKIE: token}, timeout=60) as http:
        for _ in range(count):
            if while_busy is not None and not await while_busy():
                break
            started = time.perf_counter()
            response = await http.get("/")
            seconds.append(time.perf_counter() - started)
            response.raise_for_status()
    return seconds


async def _busy_page_loads(app: AppProcess, writer: Services, flooders: list[str], token: str, loads: int,
                           jobs: int) -> tuple[list[float], RssSampler]:
    """Page loads while the app renders 1000-line invoices of two users (both workers busy)."""
    for _ in range(jobs):
        for user in flooders:
            await writer.invoices.generate(owner_id=user, draft=draft(FLOOD_LINES))

    async def rendering() -> bool:
        return await writer.db.jobs.find_one({"state": "running"}, {"_id": 1}) is not None

    async def work_left() -> bool:  # not `rendering`: the moment between one render and the next claim is busy
        return await writer.db.jobs.find_one({}, {"_id": 1}) is not None

    await _poll(rendering, 0.05)  # the app's workers claim the writer's jobs from the shared queue
    sampler = RssSampler(app.pid)
    sampling = asyncio.create_task(sampler.run())
    busy = await _page_loads(app.url, token, loads, while_busy=work_left)

    async def all_done() -> bool:
        return await writer.db.invoices.count_documents({"status": "processing"}) == 0

    await _poll(all_done, 0.2)
    sampling.cancel()
    return busy, sampler


async def _poll(condition: Callable[[], Awaitable[bool]], interval_s: float) -> None:
    """Waits on state kept by another process (the app's rows in the database): there is no event to await."""
    while not await condition():  # noqa: ASYNC110
        await asyncio.sleep(interval_s)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for row in status:
                if row.startswith("VmRSS:"):
                    return int(row.split()[1]) // 1024
    except FileNotFoundError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except FileNotFoundError:
        return []
