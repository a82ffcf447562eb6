"""One browser tab driven without a browser: the page over HTTP, then NiceGUI's Socket.IO events, as its script
sends them (typing into an input, clicking, pressing Enter), and every message the server pushes back."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
import uuid
from typing import Any

import httpx
import socketio

SOCKET_PATH = "/_nicegui_ws/socket.io"
_CLIENT_ID = re.compile(r"'client_id': '([0-9a-f-]+)'")
_ELEMENTS = re.compile(r"parseElements\(String\.raw`(.*?)`\)", re.S)


class SocketTab:
    def __init__(self, http: httpx.AsyncClient, client_id: str, elements: dict[str, Any]) -> None:
        self._http = http
        self.client_id = client_id
        self._elements = elements
        self._sio = socketio.AsyncClient(reconnection=False)
        self._received: list[str] = []
        self._arrived = asyncio.Event()

    @classmethod
    async def open(cls, http: httpx.AsyncClient, path: str, *, headers: dict[str, str] | None = None) -> SocketTab:
        page = await http.get(path, headers=headers)
        page.raise_for_status()
        client_id, elements = _CLIENT_ID.search(page.text), _ELEMENTS.search(page.text)
        if client_id is None or elements is None:
            raise RuntimeError(f"{path} is not a NiceGUI page")
        tab = cls(http, client_id.group(1), json.loads(elements.group(1)))
        await tab._connect(headers or {})
        return tab

    async def _connect(self, headers: dict[str, str]) -> None:
        async def note(event: str, data: Any = None) -> None:
            self._received.append(f"{event} {json.dumps(data, default=str)}")
            self._arrived.set()

        self._sio.on("*", note)
        cookies = "; ".join(f"{name}={value}" for name, value in self._http.cookies.items())
        query = (f"client_id={self.client_id}&tab_id={uuid.uuid4()}&document_id={uuid.uuid4()}"
                 "&next_message_id=0&implicit_handshake=true")
        await self._sio.connect(f"{self._http.base_url}?{query}".replace("/?", "?"), socketio_path=SOCKET_PATH,
                                transports=["websocket"], headers={**headers, "Cookie": cookies}, wait_timeout=30)

    async def type(self, label: str, value: str) -> None:
        await self._emit(self._listener(label, "update:value"), [json.dumps(value)])

    async def click(self, text: str) -> None:
        await self._emit(self._listener(text, "click"), ['{"isTrusted": true}'])

    async def press_enter(self, label: str) -> None:
        await self._emit(self._listener(label, "keydown"), ['{"key": "Enter"}'])

    async def wait_for(self, text: str, *, after: int = 0, timeout_s: float = 60) -> float:
        """Seconds until a message (beyond the first `after` ones) containing `text` has arrived."""
        started = time.perf_counter()
        while not any(text in message for message in self._received[after:]):
            self._arrived.clear()
            await asyncio.wait_for(self._arrived.wait(), max(0.01, timeout_s - (time.perf_counter() - started)))
        return time.perf_counter() - started

    @property
    def received(self) -> int:
        return len(self._received)

    @property
    def connected(self) -> bool:
        return bool(self._sio.connected)

    @property
    def updates(self) -> int:
        """Element updates pushed by the server (live updates among them), not notices or navigation."""
        return sum(message.startswith("update ") for message in self._received)

    async def close(self) -> None:
        await self._sio.shutdown()
        if self._sio.eio.http is not None:
            await self._sio.eio.http.close()

    def _listener(self, text: str, event_type: str) -> tuple[int, str]:
        for element_id, element in self._elements.items():
            if text in (element.get("text"), element.get("props", {}).get("label")):
                for listener in element.get("events", []):
                    if listener.get("type") == event_type:
                        return int(element_id), str(listener["listener_id"])
        raise LookupError(f"no {event_type} listener on {text!r}")

    async def _emit(self, target: tuple[int, str], args: list[str]) -> None:
        element_id, listener_id = target
        await self._sio.emit("event", {"client_id": self.client_id, "id": element_id, "listener_id": listener_id,
                                       "args": args})


async def generate_invoice(tab: SocketTab) -> float:
    """On the dashboard: seconds from the click on Generate to the notice that the invoice is being generated."""
    await tab.type("Client name", f"Client {secrets.token_hex(3)}")
    await tab.type("Description", "Consulting")
    await tab.type("Unit price", "100")
    await asyncio.sleep(0.1)  # the typed values have arrived
    seen = tab.received
    await tab.click("Generate PDF")
    return await tab.wait_for("is being generated", after=seen)
