"""Open dashboards: a page load plus NiceGUI's websocket each, held open in a process of their own.

A separate process, so that the benchmark's own timings do not wait on this traffic. Each dashboard does what
a browser tab does: GET / with the session cookie, then connect the socket.io websocket with the page's
client id (implicit handshake) and keep it open, receiving the live updates the server pushes.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import uuid
from multiprocessing.connection import Connection
from typing import Any

COOKIE = "invoice_session"
_CLIENT_ID = re.compile(r"'client_id': '([0-9a-f-]+)'")


class Dashboards:
    def __init__(self, url: str, tokens: list[str]) -> None:
        self._url, self._tokens = url, tokens
        self._conn, child = multiprocessing.get_context("spawn").Pipe()
        self._process = multiprocessing.get_context("spawn").Process(target=_serve, args=(url, tokens, child),
                                                                     daemon=True)

    def open(self, timeout_s: float = 120) -> dict[str, int]:
        self._process.start()
        if not self._conn.poll(timeout_s):
            raise TimeoutError("the dashboards did not connect in time")
        return dict(self._conn.recv())

    def stats(self) -> dict[str, int]:
        self._conn.send("stats")
        return dict(self._conn.recv())

    def close(self) -> None:
        if self._process.is_alive():
            self._conn.send("stop")
            self._process.join(30)
        if self._process.is_alive():
            self._process.kill()


def _serve(url: str, tokens: list[str], conn: Connection) -> None:
    asyncio.run(_hold(url, tokens, conn))


async def _hold(url: str, tokens: list[str], conn: Connection) -> None:
    import httpx

    updates = [0]
    limit = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        await http.get("/", cookies={COOKIE: tokens[0]})  # one browser cookie for every tab, before they race for it
        sockets = await asyncio.gather(*(_open(http, url, token, updates, limit) for token in tokens))
    conn.send(_stats(sockets, updates))
    while True:
        command = await asyncio.to_thread(conn.recv)
        if command == "stop":
            break
        conn.send(_stats(sockets, updates))
    await asyncio.gather(*(socket.disconnect() for socket in sockets), return_exceptions=True)


async def _open(http: Any, url: str, token: str, updates: list[int], limit: asyncio.Semaphore) -> Any:
    import socketio

    async with limit:
        page = await http.get("/", cookies={COOKIE: token})
        match = _CLIENT_ID.search(page.text)
        if page.status_code != 200 or match is None:
            raise RuntimeError(f"the dashboard did not load: HTTP {page.status_code}")
        socket = socketio.AsyncClient(reconnection=False)

        def count(*_: Any) -> None:
            updates[0] += 1

        socket.on("update", count)
        query = (f"client_id={match.group(1)}&next_message_id=0&implicit_handshake=true"
                 f"&tab_id={uuid.uuid4()}&document_id={uuid.uuid4()}")
        browser = page.cookies.get("invoice_browser") or http.cookies.get("invoice_browser")  # the page is bound to it
        await socket.connect(f"{url}?{query}", socketio_path="/_nicegui_ws/socket.io", transports=["websocket"],
                             headers={"Cookie": f"{COOKIE}={token}; invoice_browser={browser}"})
        return socket


def _stats(sockets: list[Any], updates: list[int]) -> dict[str, int]:
    return {"connected": sum(bool(socket.connected) for socket in sockets), "updates_received": updates[0]}
