"""Runs PDF jobs: fair slot -> claim (lease) -> worker process -> GridFS -> Ready, or Failed with a reason.

Every invoice in `processing` is a durable job. Whoever holds its lease renders it; a lease that is not renewed
(the app died) expires, and any instance's recovery loop picks the job up again, up to MAX_ATTEMPTS attempts.
"""

import asyncio
import logging
import uuid
from contextlib import suppress
from typing import Literal

from pymongo.errors import PyMongoError

from services.errors import ShuttingDown
from services.invoices.model import InvoiceRecord, RenderRequest
from services.jobs.db_retry import until_database_answers
from services.jobs.fair_scheduler import FairScheduler
from services.jobs.render_pool import RenderPool, WorkerCrashed, WorkerSlot
from services.live.bus import EventBus
from services.pdf.document import pdf_filename
from services.pdf.render import RenderError
from storage import invoices, jobs, pdf_files
from storage.database import Database
from storage.jobs import JobLease

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
MISSING_DETAILS = "This invoice's line items could not be found, so no PDF can be made. Please create it again."
UNEXPECTED_FAILURE = "Something went wrong while making this PDF. Press Retry; if it fails again, contact support."
Outcome = Literal["done", "again"]


class PdfJobs:
    """The one owner of the PDF job lifecycle: accepting, initial lease, submit, claim, renew, release, finish."""

    def __init__(self, db: Database, pool: RenderPool, bus: EventBus, *, lease_s: float,
                 recovery_interval_s: float) -> None:
        self.instance = uuid.uuid4().hex
        self.accepting = True
        self._db = db
        self._pool = pool
        self._bus = bus
        self._lease_s = lease_s
        self._recovery_interval_s = recovery_interval_s
        self._scheduler: FairScheduler[WorkerSlot] = FairScheduler([])
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._rendering: set[str] = set()
        self._recovery: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._scheduler = FairScheduler(self._pool.slots)
        self._recovery = asyncio.create_task(self._recover_forever(), name="pdf job recovery")

    def new_lease(self) -> JobLease:
        """The lease a new or retried invoice starts with; raises ShuttingDown once the app stops taking jobs."""
        if not self.accepting:
            raise ShuttingDown()
        return JobLease.starting_now(self.instance, self._lease_s)

    async def enqueue(self, *, owner_id: str, invoice_id: str) -> None:
        """An invoice stored in `processing` under a lease from new_lease(): its tabs show it, and it renders."""
        await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)
        self.submit(owner_id=owner_id, invoice_id=invoice_id)

    def submit(self, *, owner_id: str, invoice_id: str) -> None:
        if invoice_id in self._tasks or not self.accepting:
            return
        task = asyncio.create_task(self._run(owner_id, invoice_id), name=f"pdf job {invoice_id}")
        self._tasks[invoice_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(invoice_id, None))

    async def recover_once(self) -> None:
        for job in await jobs.expired(self._db):
            if job.invoice_id in self._tasks:
                continue
            if job.attempts >= MAX_ATTEMPTS:
                await self._give_up(job.owner_id, job.invoice_id, job.last_error)
            else:
                self.submit(owner_id=job.owner_id, invoice_id=job.invoice_id)

    async def drain(self, grace_s: float) -> None:
        """Stops taking jobs; running renders get grace_s; everything unfinished is handed back for the next start."""
        self.accepting = False
        if self._recovery:
            self._recovery.cancel()
        for invoice_id, task in list(self._tasks.items()):
            if invoice_id not in self._rendering:
                task.cancel()
        rendering = [task for invoice_id, task in self._tasks.items() if invoice_id in self._rendering]
        if rendering:
            _, late = await asyncio.wait(rendering, timeout=grace_s)
            for task in late:
                task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def _run(self, owner_id: str, invoice_id: str) -> None:
        try:
            outcome: Outcome = "again"
            while outcome == "again":
                outcome = await self._attempt(owner_id, invoice_id)
        except asyncio.CancelledError:
            with suppress(PyMongoError):
                await jobs.release(self._db, owner_id=owner_id, invoice_id=invoice_id, instance=self.instance)
            raise
        except Exception:
            log.exception("PDF job %s failed unexpectedly", invoice_id)
            await self._fail(owner_id, invoice_id, UNEXPECTED_FAILURE)
        finally:
            self._rendering.discard(invoice_id)

    async def _attempt(self, owner_id: str, invoice_id: str) -> Outcome:
        renewal: asyncio.Task[None] | None = None
        try:
            async with self._scheduler.slot_for(owner_id) as slot:
                invoice = await until_database_answers(lambda: jobs.claim(
                    self._db, owner_id=owner_id, invoice_id=invoice_id, instance=self.instance,
                    lease_s=self._lease_s, max_attempts=MAX_ATTEMPTS), what="claiming a PDF job")
                if invoice is None:
                    await self._give_up_if_exhausted(owner_id, invoice_id)
                    return "done"
                self._rendering.add(invoice_id)
                renewal = asyncio.create_task(self._renew_lease(owner_id, invoice_id), name=f"lease {invoice_id}")
                content = await until_database_answers(lambda: invoices.find_content(
                    self._db, owner_id=owner_id, invoice_id=invoice_id), what="reading an invoice's lines")
                if content is None:
                    await self._fail(owner_id, invoice_id, MISSING_DETAILS)
                    return "done"
                try:
                    data = await slot.render(RenderRequest(invoice.number, content, invoice.kind, invoice.credit_for),
                                             self._pool.timeout_s)
                except WorkerCrashed as crash:
                    await jobs.release(self._db, owner_id=owner_id, invoice_id=invoice_id, instance=self.instance,
                                       last_error=str(crash))
                    return "again"
                except RenderError as error:
                    await self._fail(owner_id, invoice_id, str(error))
                    return "done"
            await self._store(invoice, data)  # the worker is already free for the next job
            return "done"
        finally:
            if renewal is not None:
                renewal.cancel()

    async def _store(self, invoice: InvoiceRecord, data: bytes) -> None:
        owner_id, invoice_id = invoice.owner_id, invoice.id
        stored = await until_database_answers(lambda: pdf_files.store_pdf(
            self._db, owner_id=owner_id, invoice_id=invoice_id, filename=pdf_filename(invoice.number), data=data),
            what="storing a PDF")
        ready = await until_database_answers(lambda: invoices.mark_ready(
            self._db, owner_id=owner_id, invoice_id=invoice_id, pdf=stored), what="marking a PDF ready")
        superseded = stored if ready is None else invoice.pdf  # lost a race, or replaced an older PDF
        if superseded is not None:
            await pdf_files.delete_pdf(self._db, owner_id=owner_id, file_id=superseded.file_id)
        if ready is not None:
            await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)

    async def _give_up_if_exhausted(self, owner_id: str, invoice_id: str) -> None:
        current = await invoices.find_for_owner(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if current is not None and current.status == "processing" and current.attempts >= MAX_ATTEMPTS:
            await self._give_up(owner_id, invoice_id, current.last_error)

    async def _give_up(self, owner_id: str, invoice_id: str, last_error: str) -> None:
        reason = f"We could not make this PDF after {MAX_ATTEMPTS} attempts"
        await self._fail(owner_id, invoice_id, f"{reason}: {last_error}" if last_error else f"{reason}.")

    async def _fail(self, owner_id: str, invoice_id: str, reason: str) -> None:
        await until_database_answers(lambda: invoices.mark_failed(
            self._db, owner_id=owner_id, invoice_id=invoice_id, reason=reason), what="recording a failed PDF")
        await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)

    async def _renew_lease(self, owner_id: str, invoice_id: str) -> None:
        while True:
            await asyncio.sleep(self._lease_s / 3)
            with suppress(PyMongoError):
                await jobs.renew(self._db, owner_id=owner_id, invoice_id=invoice_id, instance=self.instance,
                                 lease_s=self._lease_s)

    async def _recover_forever(self) -> None:
        while True:
            try:
                await self.recover_once()
            except PyMongoError as error:
                log.warning("Job recovery could not reach the database: %s", error)
            await asyncio.sleep(self._recovery_interval_s)
