"""The app's real services against a real (embedded) MongoDB, and a stopwatch from click to Ready."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bson import ObjectId
from pymongo import AsyncMongoClient

from services.accounts.seller_draft import SellerDraft
from services.container import Services, build_services
from services.invoices.drafts import InvoiceDraft
from services.live.bus import UserEvent
from services.settings import Settings
from storage.database import database_of
from storage.documents import Document
from storage.runtime.embedded_mongo import EmbeddedMongo

SECRET = "bench-secret-bench-secret-bench-secret-0123"
PASSWORD = "bench-password-1"
DONE = ("ready", "failed")


@asynccontextmanager
async def embedded_mongo(folder: Path) -> AsyncIterator[str]:
    """Started from the main thread: the server is tied to the thread that starts it (PR_SET_PDEATHSIG)."""
    mongo = EmbeddedMongo(folder)
    uri = mongo.start()
    try:
        yield uri
    finally:
        mongo.stop()


@asynccontextmanager
async def live_services(uri: str, folder: Path, *, start: bool = True, **settings: Any) -> AsyncIterator[Services]:
    """build_services + start, with warm workers; `start=False` gives services that only write to the database."""
    # Generous timeouts: the benchmark measures speed, and a shared CI machine can be slow to answer at first.
    client: AsyncMongoClient[Document] = AsyncMongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=60_000,
                                                          connectTimeoutMS=60_000, socketTimeoutMS=120_000)
    options: dict[str, Any] = {"pdf_rate_limit": "100000/minute", "signup_limit_per_address": "100000/hour",
                               "signup_limit_overall": "100000/hour", **settings}  # the bench signs up many users
    services = build_services(Settings(mongodb_uri=uri, data_dir=folder, secret_key=SECRET, **options),
                              database_of(client))
    try:
        if start:
            await services.start()
            await _warm(services)
        yield services
    finally:
        if start:
            await services.stop()
        else:
            await services.jobs.drain(0)
        await client.close()


async def sign_up(services: Services, name: str) -> str:
    """An account that has completed onboarding (business name, address and the VAT ID an e-invoice shows), so it
    may issue invoices."""
    account = await services.accounts.sign_up(f"{name}@bench.example.com", PASSWORD)
    await complete_profile(services, account.id, name)
    return account.id


async def complete_profile(services: Services, user_id: str, name: str) -> None:
    await services.sellers.update(user_id, SellerDraft(name=f"{name} GmbH", street="Hauptstraße 1", postcode="10115",
                                                       city="Berlin", country="DE", vat_id="DE136695976"))


class ReadyWatch:
    """Follows users' live pushes (services.bus), as a dashboard does, and notes when each invoice is done."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._done: dict[str, asyncio.Future[float]] = {}
        self._unsubscribe: list[Any] = []

    def follow(self, user_id: str) -> None:
        self._unsubscribe.append(self._services.bus.subscribe(user_id, self._on_event))

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()

    async def click(self, user_id: str, draft: InvoiceDraft) -> tuple[str, float]:
        """Generates; returns the invoice id and the moment of the click (perf_counter)."""
        clicked = time.perf_counter()
        invoice = await self._services.invoices.generate(owner_id=user_id, draft=draft)
        self._done.setdefault(invoice.id, asyncio.get_running_loop().create_future())
        return invoice.id, clicked

    async def done_at(self, invoice_id: str) -> float:
        """perf_counter when the live push said the invoice is Ready (or Failed)."""
        return await self._done[invoice_id]

    def is_done(self, invoice_id: str) -> bool:
        return self._done[invoice_id].done()

    async def click_to_ready(self, user_id: str, draft: InvoiceDraft) -> float:
        invoice_id, clicked = await self.click(user_id, draft)
        return await self.done_at(invoice_id) - clicked

    async def _on_event(self, event: UserEvent) -> None:
        future = self._done.get(event.subject_id)
        if event.kind != "invoice_changed" or future is None or future.done():
            return
        status = await self._status(event.user_id, event.subject_id)
        if status in DONE and not future.done():
            future.set_result(time.perf_counter())

    async def _status(self, user_id: str, invoice_id: str) -> str | None:
        """Only the status field: reading whole 1000-line invoices here would load the loop being measured."""
        row = await self._services.db.invoices.find_one({"_id": ObjectId(invoice_id), "owner_id": user_id},
                                                        {"status": 1})
        return None if row is None else str(row["status"])


async def _warm(services: Services) -> None:
    """Waits until every worker has imported xhtml2pdf and rendered once, so no figure includes a cold start."""
    from bench.documents import render_request

    request = render_request(1, number="INV-WARM")
    await asyncio.gather(*(slot.render(request, 120) for slot in services.pool.slots))
