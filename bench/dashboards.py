"""Open dashboards: a page load plus NiceGUI's websocket each, held open in a process of their own.

A separate process, so that the benchmark's own timings do not wait on this traffic. Each dashboard does what
a browser tab does: GET / with the session cookie, then connect the socket.io websocket with the page's
client id (implicit handshake) and keep it open, receiving the live updates the server pushes. Tabs can be
added in steps; some of them can be *generating* tabs, which click Generate PDF at a steady pace on request.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, TypeVar

import httpx
from socketio.exceptions import SocketIOError

COOKIE = "invoice_session"
BROWSER_COOKIE = "invoice_browser"
OPENING_AT_ONCE = 2  # page builds are CPU work on the server's one loop: more at once only queue there
OPEN_ATTEMPTS, RETRY_AFTER_S = 5, 5.0
T = TypeVar("T")
_CLIENT_ID = re.compile(r"'client_id': '([0-9a-f-]+)'")


async def open_page(http: httpx.AsyncClient, url: str, token: str, on_update: Callable[..., None]) -> Any:
    """GET / as the session `token`, then the page's websocket, connected (a `socketio.AsyncClient`)."""
    import socketio

    # The cookie header itself, not the client's jar: pages opened at once on one client would otherwise race
    # for its browser cookie. Sent without one, each page is a browser of its own and is bound to the new cookie.
    page = await http.get("/", headers={"Cookie": f"{COOKIE}={token}"})
    match, browser = _CLIENT_ID.search(page.text), page.cookies.get(BROWSER_COOKIE)
    if page.status_code != 200 or match is None or browser is None:
        raise RuntimeError(f"the dashboard did not load: HTTP {page.status_code}")
    socket = socketio.AsyncClient(reconnection=False)
    socket.on("update", on_update)
    query = (f"client_id={match.group(1)}&next_message_id=0&implicit_handshake=true"
             f"&tab_id={uuid.uuid4()}&document_id={uuid.uuid4()}")
    await socket.connect(f"{url}?{query}", socketio_path="/_nicegui_ws/socket.io", transports=["websocket"],
                         headers={"Cookie": f"{COOKIE}={token}; {BROWSER_COOKIE}={browser}"}, wait_timeout=60)
    return socket


class Dashboards:
    """One holding process. `open()` starts it with `tokens`; `add()` opens more; `generate()` starts the
    generating tabs clicking, `stop_generating()` stops them; `stats()` counts what is still connected."""

    def __init__(self, url: str, tokens: list[str] | None = None) -> None:
        self._tokens = tokens or []
        self._conn, child = multiprocessing.get_context("spawn").Pipe()
        self._process = multiprocessing.get_context("spawn").Process(target=_serve, args=(url, child), daemon=True)

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def open(self, timeout_s: float = 120) -> dict[str, Any]:
        self._process.start()
        return self.add(self._tokens, timeout_s=timeout_s)

    def add(self, tokens: list[str], generating: list[str] | None = None, timeout_s: float = 600) -> dict[str, Any]:
        return self._ask(("add", tokens, generating or []), timeout_s)

    def generate(self, interval_s: float) -> dict[str, Any]:
        """Each generating tab clicks Generate PDF every `interval_s`, their first clicks spread over it."""
        return self._ask(("generate", interval_s), 60)

    def stop_generating(self) -> dict[str, Any]:
        return self._ask(("stop_generating",), 120)

    def stats(self) -> dict[str, Any]:
        return self._ask(("stats",), 60)

    def close(self) -> None:
        if self._process.is_alive():
            self._conn.send(("stop",))
            self._process.join(30)
        if self._process.is_alive():
            self._process.kill()

    def _ask(self, command: tuple[Any, ...], timeout_s: float) -> dict[str, Any]:
        self._conn.send(command)
        if not self._conn.poll(timeout_s):
            raise TimeoutError(f"the dashboards did not answer {command[0]!r} in time")
        answer = self._conn.recv()
        if isinstance(answer, BaseException):
            raise answer
        return dict(answer)


@dataclass
class _Held:
    sockets: list[Any] = field(default_factory=list)
    generating: list[Any] = field(default_factory=list)  # SocketTabs
    clients: list[httpx.AsyncClient] = field(default_factory=list)
    updates: list[int] = field(default_factory=lambda: [0])
    open_retries: int = 0
    drops: dict[str, int] = field(default_factory=dict)  # sockets the server or the transport closed, by reason
    generated: int = 0
    generation_failures: int = 0
    click_seconds: list[float] = field(default_factory=list)  # since the last `generate`

    def stats(self) -> dict[str, Any]:
        return {"connected": sum(bool(socket.connected) for socket in self.sockets)
                + sum(tab.connected for tab in self.generating),
                "generating_tabs": len(self.generating),
                "updates_received": self.updates[0] + sum(tab.updates for tab in self.generating),
                "generating_updates_received": sum(tab.updates for tab in self.generating),
                "open_retries": self.open_retries, "drops": dict(self.drops), "generated": self.generated,
                "generation_failures": self.generation_failures, "click_seconds": list(self.click_seconds)}


def _serve(url: str, conn: Connection) -> None:
    asyncio.run(_hold(url, conn))


async def _hold(url: str, conn: Connection) -> None:
    held = _Held()
    stopping = asyncio.Event()
    clicking: list[asyncio.Task[None]] = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        while True:
            command = await asyncio.to_thread(conn.recv)
            try:
                if command[0] == "stop":
                    break
                if command[0] == "add":
                    await _add(http, url, held, command[1], command[2])
                elif command[0] == "generate":
                    stopping.clear()
                    held.click_seconds.clear()
                    clicking = _start_clicking(held, command[1], stopping)
                elif command[0] == "stop_generating":
                    stopping.set()
                    await asyncio.gather(*clicking)
            except Exception as error:  # handed to the benchmark, which fails loudly
                conn.send(RuntimeError(f"{command[0]}: {error!r}"))
                continue
            conn.send(held.stats())
        await asyncio.gather(*(socket.disconnect() for socket in held.sockets),
                             *(tab.close() for tab in held.generating), return_exceptions=True)
    for client in held.clients:
        await client.aclose()


async def _add(http: httpx.AsyncClient, url: str, held: _Held, tokens: list[str], generating: list[str]) -> None:
    from bench.socket_tab import SocketTab

    limit = asyncio.Semaphore(OPENING_AT_ONCE)

    def count(*_: Any) -> None:
        held.updates[0] += 1

    async def plain(token: str) -> Any:
        socket = await open_page(http, url, token, count)

        def dropped(reason: str = "unknown") -> None:
            held.drops[str(reason)] = held.drops.get(str(reason), 0) + 1

        socket.on("disconnect", dropped)
        return socket

    async def generator(token: str) -> SocketTab:
        client = httpx.AsyncClient(base_url=url, cookies={COOKIE: token}, timeout=60)
        held.clients.append(client)
        return await SocketTab.open(client, "/")

    async def retried(opening: Callable[[str], Awaitable[T]], token: str) -> T:
        """As a person would: a page that did not come (the server's 503 says "retry after 5 s") is reloaded."""
        async with limit:
            for _ in range(OPEN_ATTEMPTS - 1):
                try:
                    return await opening(token)
                except (RuntimeError, httpx.HTTPError, SocketIOError):
                    held.open_retries += 1
                    await asyncio.sleep(RETRY_AFTER_S)
            return await opening(token)

    held.sockets += await asyncio.gather(*(retried(plain, token) for token in tokens))
    held.generating += await asyncio.gather(*(retried(generator, token) for token in generating))


def _start_clicking(held: _Held, interval_s: float, stopping: asyncio.Event) -> list[asyncio.Task[None]]:
    from bench.socket_tab import SocketTab, generate_invoice

    async def keep_clicking(tab: SocketTab, offset_s: float) -> None:
        if await _stopped_within(stopping, offset_s):
            return
        while True:
            started = time.monotonic()
            try:
                held.click_seconds.append(await generate_invoice(tab))
                held.generated += 1
            except (TimeoutError, LookupError):  # no notice, or the form was not there (a refused tab)
                held.generation_failures += 1
            except SocketIOError:  # the tab lost its socket: counted as not connected, it clicks no more
                held.generation_failures += 1
                return
            if await _stopped_within(stopping, interval_s - (time.monotonic() - started)):
                return

    count = len(held.generating)
    return [asyncio.create_task(keep_clicking(tab, interval_s * index / count))
            for index, tab in enumerate(held.generating)]


async def _stopped_within(stopping: asyncio.Event, seconds: float) -> bool:
    try:
        await asyncio.wait_for(stopping.wait(), max(0.0, seconds))
    except TimeoutError:
        return False
    return True
