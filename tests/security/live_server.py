"""A real app process, people signed in to it without a browser, and raw Socket.IO connections to its pages."""

import hashlib
import json
import re
import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import socketio
from pymongo import MongoClient

from tests.support.servers import ServerProcess

SOCKET_PATH = "/_nicegui_ws/socket.io"


@dataclass
class Page:
    """One tab as the server built it: its client (page) id and its elements."""

    client_id: str
    elements: dict[str, Any]

    def element_with_text(self, text: str) -> tuple[int, str]:
        """(element id, first listener id) of the element showing `text`."""
        for element_id, element in self.elements.items():
            if element.get("text") == text or element.get("props", {}).get("label") == text:
                listeners = element.get("events") or [{}]
                return int(element_id), str(listeners[0].get("listener_id", ""))
        raise AssertionError(f"no element shows {text!r}")


@dataclass
class Person:
    """A browser: its cookie jar (a session when signed in) and the user id behind it."""

    server: ServerProcess
    http: httpx.AsyncClient
    user_id: str
    session_token: str

    async def open(self, path: str = "/") -> Page:
        response = await self.http.get(path)
        assert response.status_code == 200, response.text[:500]
        client_id = re.search(r"'client_id': '([0-9a-f-]+)'", response.text)
        elements = re.search(r"parseElements\(String\.raw`(.*?)`\)", response.text, re.S)
        assert client_id and elements
        return Page(client_id=client_id.group(1), elements=json.loads(elements.group(1)))

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())


class People:
    """Everyone signed in during a test; their HTTP connections are closed at the end."""

    def __init__(self, server: ServerProcess, database_uri: str) -> None:
        self.server = server
        self.database_uri = database_uri
        self._people: list[Person] = []

    def sign_in(self, email: str) -> Person:
        person = sign_in(self.server, self.database_uri, email)
        self._people.append(person)
        return person

    async def close(self) -> None:
        for person in self._people:
            await person.http.aclose()


COMPLETE_SELLER = {"name": "Live Server Tester", "street": "Hauptstraße 1", "postcode": "10115", "city": "Berlin",
                   "country": "DE", "vat_id": "DE136695976"}


def sign_in(server: ServerProcess, database_uri: str, email: str) -> Person:
    """An account with a seller profile that may issue, and a live session, written straight into the app's
    database, as sign-up, onboarding and a login would leave them."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with MongoClient(database_uri) as client:
        db = client.get_default_database()
        user_id = str(db.users.insert_one({"email": email, "email_skeleton": email, "password_hash": "x",
                                           "seller": COMPLETE_SELLER, "created_at": now}).inserted_id)
        db.sessions.insert_one({"_id": hashlib.sha256(token.encode()).hexdigest(), "user_id": user_id,
                                "created_at": now, "expires_at": now + timedelta(days=1)})
    http = httpx.AsyncClient(base_url=server.url, cookies={"invoice_session": token}, timeout=30)
    return Person(server=server, http=http, user_id=user_id, session_token=token)


def session_alive(database_uri: str, person: Person) -> bool:
    with MongoClient(database_uri) as client:
        session_id = hashlib.sha256(person.session_token.encode()).hexdigest()
        return client.get_default_database().sessions.find_one({"_id": session_id}) is not None


@asynccontextmanager
async def socket_to(server: ServerProcess, page: Page, *, cookie: str = "",
                    origin: str | None = None) -> AsyncIterator[socketio.AsyncClient]:
    """A Socket.IO connection that attaches to `page` the way NiceGUI's own script does (implicit handshake).

    Raises socketio.exceptions.ConnectionError when the server refuses it.
    """
    headers = {"Cookie": cookie} if cookie else {}
    headers["Origin"] = origin or server.url
    query = (f"client_id={page.client_id}&tab_id={uuid.uuid4()}&document_id={uuid.uuid4()}"
             "&next_message_id=0&implicit_handshake=true")
    sio = socketio.AsyncClient(reconnection=False)
    try:
        await sio.connect(f"{server.url}?{query}", headers=headers, transports=["websocket"],
                          socketio_path=SOCKET_PATH, wait_timeout=10)
        yield sio
    finally:
        await sio.shutdown()
        if sio.eio.http is not None:
            await sio.eio.http.close()
