"""Runs PDF jobs in the background: fair slot -> worker process -> GridFS -> Ready, or Failed with a reason."""

import asyncio
import logging

from services.events import EventBus, UserEvent
from services.fair_scheduler import FairScheduler
from services.pdf_document import pdf_document, pdf_filename
from services.pdf_render import RenderError
from services.render_pool import RenderPool, WorkerCrashed, WorkerSlot
from storage import invoices, pdf_files
from storage.database import Database

log = logging.getLogger(__name__)

CRASH_RETRIES = 2
UNEXPECTED_FAILURE = "Something went wrong while making this PDF. Press Retry; if it fails again, contact support."


class PdfJobs:
    def __init__(self, db: Database, pool: RenderPool, bus: EventBus) -> None:
        self._db = db
        self._pool = pool
        self._bus = bus
        self._scheduler: FairScheduler[WorkerSlot] = FairScheduler([])
        self._tasks: set[asyncio.Task[None]] = set()
        self.accepting = True

    def start(self) -> None:
        self._scheduler = FairScheduler(self._pool.slots)

    def submit(self, *, owner_id: str, invoice_id: str) -> None:
        task = asyncio.create_task(self._run(owner_id, invoice_id), name=f"pdf job {invoice_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def in_flight(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout_s: float) -> None:
        """Stops taking jobs and waits up to timeout_s for the running ones."""
        self.accepting = False
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=timeout_s)

    async def _run(self, owner_id: str, invoice_id: str) -> None:
        try:
            await self._render_and_store(owner_id, invoice_id)
        except Exception:
            log.exception("PDF job %s failed unexpectedly", invoice_id)
            await invoices.mark_failed(self._db, owner_id=owner_id, invoice_id=invoice_id, reason=UNEXPECTED_FAILURE)
        await self._bus.publish(UserEvent(user_id=owner_id, kind="invoice_changed", subject_id=invoice_id))

    async def _render_and_store(self, owner_id: str, invoice_id: str) -> None:
        invoice = await invoices.find_for_owner(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if invoice is None or invoice.status != "processing":
            return
        try:
            data = await self._render(owner_id, pdf_document(invoice))
        except RenderError as error:
            await invoices.mark_failed(self._db, owner_id=owner_id, invoice_id=invoice_id, reason=str(error))
            return
        stored = await pdf_files.store_pdf(
            self._db, owner_id=owner_id, invoice_id=invoice_id, filename=pdf_filename(invoice), data=data
        )
        await invoices.mark_ready(self._db, owner_id=owner_id, invoice_id=invoice_id, pdf=stored)

    async def _render(self, owner_id: str, document: dict[str, object]) -> bytes:
        for attempt in range(CRASH_RETRIES + 1):
            try:
                async with self._scheduler.slot_for(owner_id) as slot:
                    return await slot.render(document, self._pool.timeout_s)
            except WorkerCrashed:
                if attempt == CRASH_RETRIES:
                    raise
                log.warning("A PDF worker crashed; trying again (attempt %d)", attempt + 2)
        raise AssertionError("unreachable")
