"""What the attack tests share: browsers, who is signed in, invoices as stored, and forged socket events."""

import asyncio
import contextlib
import hashlib
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from uuid import uuid4

import httpx
from bson import ObjectId
from nicegui import Client, core, ui
from nicegui.nicegui import _on_event
from nicegui.testing import User

from services.accounts.sessions import COOKIE_NAME, SignedInUser
from services.invoices.model import InvoiceRecord
from storage import invoices
from tests.support.app import app_services, generate

T = TypeVar("T")
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")


def new_browser() -> User:
    """A browser with no cookies, talking to the app already running in this test."""
    return User(http_client())


def http_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="http://test")


def cookie_header(browser: User) -> str:
    """Every cookie the browser holds right now, as an attacker who copied them would replay them."""
    return "; ".join(f"{name}={value}" for name, value in browser.http_client.cookies.items())


async def signed_in(browser: User) -> SignedInUser:
    who = await app_services().sessions.resolve(browser.http_client.cookies.get(COOKIE_NAME))
    assert who is not None, "this browser is not signed in"
    return who


async def ready_invoice(browser: User, client_name: str) -> InvoiceRecord:
    """Generates an invoice in the browser's dashboard and waits until its PDF is ready."""
    owner = await signed_in(browser)
    before = {invoice.id for invoice in await app_services().invoices.list_invoices(owner_id=owner.user_id)}
    await generate(browser, client_name, [("Consulting", "3", "100")])
    new = await wait_for(lambda: _new_invoice(owner.user_id, before, "ready"))
    await browser.should_see("Download", retries=100)
    return new


async def failed_invoice(browser: User, client_name: str) -> InvoiceRecord:
    """Generates an invoice whose render is held until RENDER_TIMEOUT_S stops it: it ends up failed."""
    owner = await signed_in(browser)
    before = {invoice.id for invoice in await app_services().invoices.list_invoices(owner_id=owner.user_id)}
    await generate(browser, client_name, [("Consulting", "3", "100")])
    return await wait_for(lambda: _new_invoice(owner.user_id, before, "failed"))


async def _new_invoice(owner_id: str, known: set[str], status: str) -> InvoiceRecord | None:
    for invoice in await app_services().invoices.list_invoices(owner_id=owner_id):
        if invoice.id not in known and invoice.status == status:
            return await invoices.find_for_owner(app_services().db, owner_id=owner_id, invoice_id=invoice.id)
    return None


async def wait_for(probe: Callable[[], Awaitable[T | None]], timeout_s: float = 30.0) -> T:
    deadline = time.monotonic() + timeout_s
    while (result := await probe()) is None:
        assert time.monotonic() < deadline, "gave up waiting"
        await asyncio.sleep(0.05)
    return result


async def stored_invoice(invoice_id: str) -> dict[str, Any]:
    """The invoice exactly as the database holds it (header and details), whoever owns it."""
    db = app_services().db
    document = await db.invoices.find_one({"_id": ObjectId(invoice_id)})
    details = await db.invoice_details.find_one({"_id": ObjectId(invoice_id)}, {"_id": 0, "owner_id": 0})
    assert document is not None and details is not None
    return {**document, **details}


async def invoice_count() -> int:
    return await app_services().db.invoices.count_documents({})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def button(browser: User, text: str) -> ui.button:
    """The one button with this text on the page the browser shows now."""
    return next(iter(browser.find(kind=ui.button, content=text).elements))  # type: ignore[return-value]


def forge_event(*, client_id: str, element_id: int, listener_id: str) -> set[asyncio.Task[Any]]:
    """Sends what a browser's socket sends for a DOM event, through NiceGUI's own socket.io handler.

    Returns the handler tasks it started (none: the event was dropped). The handler ignores which socket a
    message comes from (nicegui/nicegui.py `_on_event`): the page's client id and the listener id are the only
    credentials. For an element that has no such listener NiceGUI raises KeyError, which socket.io logs and
    drops; here that counts as "nothing started".
    """
    message = {"id": element_id, "client_id": client_id, "listener_id": listener_id, "args": []}
    before = asyncio.all_tasks()
    with contextlib.suppress(KeyError):
        _on_event(f"attacker-{uuid4()}", message)
    return asyncio.all_tasks() - before


def click_listener(element: ui.element) -> str:
    """The id the page gave the browser for this element's click listener (it is in the page's props)."""
    # NiceGUI exposes no public accessor; its own user simulation reads the same dictionary.
    listeners = element._event_listeners.values()
    return next(listener.id for listener in listeners if listener.type == "click")


async def click_over_the_socket(client: Client, element: ui.element) -> None:
    """Clicks as a real browser tab would, over the socket, and waits for the handler to finish."""
    started = forge_event(client_id=client.id, element_id=element.id, listener_id=click_listener(element))
    assert started, "the click reached no handler"
    await asyncio.wait(started, timeout=30)
