"""(issue 15) User B's Generate while anonymous tabs flood the log-in and sign-up forms, vs idle; server memory.

The real app (`python app.py`). B is signed in (a session written to the database) and drives the dashboard over
the socket as a browser does: type the client, a line, a price, click Generate; the time is from the click to
the "is being generated" notice. The flood: anonymous tabs, each from an address of its own (the app trusts
X-Forwarded-For from 127.0.0.1 here, as behind a proxy, so every tab counts as another client), half on the
log-in page and half on sign-up, pressing Enter in the password field every 100 ms with a fresh strong password.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import statistics
from pathlib import Path
from typing import Any

import httpx

from bench.app_server import AppProcess, RssSampler, rss_mb
from bench.dashboards import COOKIE
from bench.live_services import live_services, sign_up
from bench.socket_tab import SocketTab, generate_invoice
from bench.stats import ms

PRESS_INTERVAL_S = 0.5


async def measure_password_flood(uri: str, folder: Path, *, quick: bool) -> dict[str, Any]:
    tabs, generations = (8, 3) if quick else (24, 7)
    app = AppProcess(uri, folder / "app", FORWARDED_ALLOW_IPS="127.0.0.1")
    try:
        await asyncio.to_thread(app.wait_healthy)
        async with live_services(uri, folder / "writer", start=False) as writer:
            token = (await writer.sessions.open(user_id=await sign_up(writer, "flood-b"))).token
            figures = await _scenario(app, token, tabs, generations)
            figures["accounts_made_by_flood"] = await writer.db.users.count_documents({"email": {"$regex": "^flood-"}})
            return figures
    finally:
        app.stop()


async def _scenario(app: AppProcess, token: str, tabs: int, generations: int) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=app.url, cookies={COOKIE: token}, timeout=60) as http:
        dashboard = await SocketTab.open(http, "/")
        try:
            await generate_invoice(dashboard)  # warm-up
            idle = [await generate_invoice(dashboard) for _ in range(generations)]
            rss_before = rss_mb(app.pid)
            sampler = RssSampler(app.pid)
            sampling = asyncio.create_task(sampler.run())
            async with Flood(app.url, tabs) as flood:
                await asyncio.sleep(2)  # every flood tab is submitting
                busy = [await generate_invoice(dashboard) for _ in range(generations)]
            sampling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampling
        finally:
            await dashboard.close()
        alive = (await http.get("/healthz")).status_code == 200
    return {
        "b_generate_idle_ms": ms(statistics.median(idle)),
        "b_generate_flood_ms": ms(statistics.median(busy)),
        "b_generate_flood_worst_ms": ms(max(busy)),
        "ratio_generate_flood_vs_idle": round(statistics.median(busy) / statistics.median(idle), 2),
        "flood_tabs": tabs,
        "flood_presses": flood.presses,
        "server_rss_before_flood_mb": rss_before,
        "server_rss_flood_peak_mb": sampler.server_mb,
        "server_rss_growth_mb": sampler.server_mb - rss_before,
        "app_answered_health_after": alive,
    }


class Flood:
    """Anonymous tabs pressing Enter in the password field, each from an address of its own."""

    def __init__(self, url: str, tabs: int) -> None:
        self._url = url
        self._tabs = tabs
        self._tasks: list[asyncio.Task[None]] = []
        self._clients: list[httpx.AsyncClient] = []
        self._open: list[SocketTab] = []
        self.presses = 0

    async def __aenter__(self) -> Flood:
        for index in range(self._tabs):
            path = "/login" if index % 2 else "/signup"
            address = {"X-Forwarded-For": f"10.77.{index // 250}.{index % 250 + 1}"}
            http = httpx.AsyncClient(base_url=self._url, timeout=60)
            self._clients.append(http)
            tab = await SocketTab.open(http, path, headers=address)
            self._open.append(tab)
            self._tasks.append(asyncio.create_task(self._press(tab)))
        return self

    async def __aexit__(self, *_: object) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for tab in self._open:
            await tab.close()
        for http in self._clients:
            await http.aclose()

    async def _press(self, tab: SocketTab) -> None:
        while True:
            await tab.type("Email", f"flood-{secrets.token_hex(6)}@example.com")
            await tab.type("Password", f"flood {secrets.token_hex(8)} battery staple")
            await tab.press_enter("Password")
            self.presses += 1
            await asyncio.sleep(PRESS_INTERVAL_S)
