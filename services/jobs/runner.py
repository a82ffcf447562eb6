"""Runs PDF jobs from the shared queue: claim (fair, cluster-wide) -> worker process -> GridFS -> Ready.

Any process may enqueue; a process with render slots (PDF_WORKERS > 0) also claims: each free worker, or one about
to be free (services.jobs.seats), takes the next job in fair order, renders it under a renewed lease and stores
the PDF. A holder that dies stops renewing;
recovery anywhere puts its job back, up to MAX_ATTEMPTS attempts.
"""

import asyncio
import logging
import uuid
from contextlib import suppress
from dataclasses import replace

from pymongo.errors import DuplicateKeyError, PyMongoError

from services.errors import ShuttingDown
from services.invoices.model import InvoiceContent, InvoiceRecord, RenderedDocument, RenderRequest
from services.jobs.cancellation import cancel_and_wait, stop_if_cancelled
from services.jobs.claims import FairClaims
from services.jobs.db_retry import until_database_answers
from services.jobs.outcomes import MAX_ATTEMPTS, MISSING_DETAILS, UNEXPECTED_FAILURE, JobOutcomes
from services.jobs.recently_issued import RecentlyIssued
from services.jobs.recovery import Recovery
from services.jobs.render_pool import RenderPool, RenderTimedOut, WorkerCrashed, WorkerLost, WorkerSlot
from services.jobs.seats import WorkerSeats
from services.jobs.virtual_clock import VirtualClock
from services.jobs.wakeups import JobWakeups
from services.live.bus import EventBus
from services.observability.metrics import JOBS_FINISHED, RENDER_SECONDS, RETRIES, size_bucket
from services.pdf.document import pdf_filename
from services.pdf.render import RenderError
from storage import invoices, jobs, logos, pdf_files
from storage.database import Database
from storage.jobs import Job

log = logging.getLogger("services.jobs")

__all__ = ["MAX_ATTEMPTS", "PdfJobs"]


class PdfJobs:
    """The one owner of the PDF job lifecycle: enqueue, claim, renew, release, finish, recover."""

    def __init__(self, db: Database, pool: RenderPool, bus: EventBus, wakeups: JobWakeups, *, lease_s: float,
                 recovery_interval_s: float) -> None:
        self.instance = uuid.uuid4().hex
        self.accepting = True
        self._db = db
        self._pool = pool
        self._bus = bus
        self._wakeups = wakeups
        self._lease_s = lease_s
        self._recovery_interval_s = recovery_interval_s
        self._outcomes = JobOutcomes(db, bus)
        self._recovery = Recovery(db, self._outcomes, wakeups, bus, lease_s=lease_s)
        self._clock = VirtualClock(db)
        self._claims = FairClaims(db, instance=self.instance, slots=pool.workers, lease_s=lease_s, clock=self._clock,
                                  held_here=self._owners_held)
        self._seats: WorkerSeats[WorkerSlot] = WorkerSeats([])
        self._issued = RecentlyIssued()
        self._running: dict[str, tuple[str, asyncio.Task[None]]] = {}  # invoice id -> (owner, its job's task)
        self._loops: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Processes without render slots only enqueue; the others also claim and recover."""
        if not self._pool.slots:
            return
        self._seats = WorkerSeats(self._pool.slots, may_claim_ahead=self._claims.alone_in_cluster)
        self._wakeups.start_listening()
        self._loops = [asyncio.create_task(self._dispatch_forever(), name="pdf job dispatcher"),
                       asyncio.create_task(self._recover_forever(), name="pdf job recovery")]

    def ensure_accepting(self) -> None:
        if not self.accepting:
            raise ShuttingDown()

    async def enqueue(self, *, owner_id: str, invoice_id: str, lines: int,
                      issued: tuple[InvoiceRecord, InvoiceContent] | None = None) -> None:
        """The invoice is stored (or reopened) in `processing`: its job is written claimable, workers wake, its tabs
        show it. A job written meanwhile by recovery (this writer seemed dead) stands.

        `issued`: the invoice just stored and what it says, for a first render here that reads nothing back.
        """
        tag = await self._clock.start_tag(owner_id=owner_id, lines=lines)
        if issued is not None and self._pool.workers:
            self._issued.keep(*issued, tag=tag)
        with suppress(DuplicateKeyError):
            await jobs.create(self._db, owner_id=owner_id, invoice_id=invoice_id, tag=tag, lines=lines)
        log.info("job queued invoice=%s owner=%s", invoice_id, owner_id)
        await self._wakeups.announce()
        await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)

    async def drain(self, grace_s: float) -> None:
        """Stops claiming; running renders get grace_s, then go back to the queue (the attempt is refunded)."""
        self.accepting = False
        await cancel_and_wait(self._loops)
        running = [task for _, task in self._running.values()]
        if running:
            _, late = await asyncio.wait(running, timeout=grace_s)
            for task in late:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
        if self._pool.slots:
            with suppress(PyMongoError):
                await self._clock.flush()
                await self._claims.leave()

    async def recover_once(self) -> None:
        await self._recovery.once()

    async def _dispatch_forever(self) -> None:
        found_one = False
        while True:
            await self._seats.wait_for_room()
            job = None
            try:
                job = await self._claims.next_job(idle=not found_one)
            except PyMongoError as error:
                stop_if_cancelled()
                log.warning("Could not claim a PDF job (database unreachable?): %s", error)
            found_one = job is not None
            if job is None:
                await self._wakeups.nap()
                continue
            self._wakeups.busy()
            log.info("job claimed invoice=%s owner=%s attempt=%d worker=%s", job.invoice_id, job.owner_id,
                     job.attempts, self.instance)
            self._seats.take(job.invoice_id, job.lines)
            task = asyncio.create_task(self._run(job), name=f"pdf job {job.invoice_id}")
            self._running[job.invoice_id] = (job.owner_id, task)
            task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[None]) -> None:
        for invoice_id, (_, running) in list(self._running.items()):
            if running is task:
                del self._running[invoice_id]

    def _owners_held(self) -> list[str]:
        return [owner_id for owner_id, _ in self._running.values()]

    async def _run(self, job: Job) -> None:
        renewal = asyncio.create_task(self._renew_lease(job), name=f"lease {job.invoice_id}")
        try:
            found = await self._issued_invoice(job)
            record, content = found if found is not None else (None, None)
            await self._clear_leftovers(job, record)
            if record is None or record.status != "processing":
                await jobs.finish(self._db, job, holder=self.instance)  # finished already, or deleted
                return
            data = await self._render(job, record, content)  # the worker is free before this PDF is stored
            self._wakeups.wake_here()  # the owner may be below its share again
            if data is not None:
                await self._store(job, record, data)
        except asyncio.CancelledError:
            with suppress(PyMongoError):
                await jobs.release(self._db, job, instance=self.instance, refund=True)
                log.info("job handed back invoice=%s owner=%s", job.invoice_id, job.owner_id)
                await self._bus.invoice_changed(owner_id=job.owner_id, invoice_id=job.invoice_id)  # queued again
            raise
        except Exception:
            log.exception("job failed unexpectedly invoice=%s owner=%s", job.invoice_id, job.owner_id)
            await self._outcomes.fail(job, UNEXPECTED_FAILURE, reason_class="unexpected")
        finally:
            renewal.cancel()
            self._seats.let_go(job.invoice_id)
            self._wakeups.wake_here()

    async def _issued_invoice(self, job: Job) -> tuple[InvoiceRecord, InvoiceContent | None] | None:
        """What the job renders: held here since it was issued, or read (None when the invoice is gone)."""
        held = self._issued.take(owner_id=job.owner_id, invoice_id=job.invoice_id, tag=job.tag,
                                 attempts=job.attempts)
        if held is not None:
            return held
        return await until_database_answers(lambda: invoices.find_issued(
            self._db, owner_id=job.owner_id, invoice_id=job.invoice_id), what="reading an invoice")

    async def _render(self, job: Job, record: InvoiceRecord, content: InvoiceContent | None) -> RenderedDocument | None:
        """The PDF and its thumbnail, or None when the attempt ended otherwise (failed, or handed back: a crash)."""
        if content is None:
            await self._outcomes.fail(job, MISSING_DETAILS, reason_class="missing_details")
            return None
        logo = await until_database_answers(lambda: logos.read_logo(
            self._db, owner_id=job.owner_id, logo_id=content.logo_id), what="reading a logo")
        request = RenderRequest(record.number, content, record.kind, record.credit_for, logo_png=logo or b"")
        try:
            async with self._seats.worker(job.invoice_id) as slot:
                rendered, seconds = await slot.render_timed(request, self._pool.timeout_s)
        except WorkerLost:  # another render's crash or timeout stopped the worker before it started this one
            log.info("job handed back, its worker stopped before it started invoice=%s owner=%s", job.invoice_id,
                     job.owner_id)
            await self._hand_back(job, refund=True)
            return None
        except WorkerCrashed as crash:
            await self._after_crash(job, str(crash))
            return None
        except RenderError as error:
            reason_class = "timeout" if isinstance(error, RenderTimedOut) else "render_error"
            await self._outcomes.fail(job, str(error), reason_class=reason_class)
            return None
        RENDER_SECONDS.labels(size=size_bucket(len(content.lines))).observe(seconds)
        return rendered

    async def _after_crash(self, job: Job, error: str) -> None:
        if job.attempts >= MAX_ATTEMPTS:
            await self._outcomes.give_up(replace(job, last_error=error))
            return
        RETRIES.inc()
        log.info("job handed back after a worker crash invoice=%s owner=%s attempt=%d", job.invoice_id,
                 job.owner_id, job.attempts)
        await self._hand_back(job, last_error=error)

    async def _hand_back(self, job: Job, *, last_error: str = "", refund: bool = False) -> None:
        """To the queue, for any worker; refund: the attempt does not count."""
        await until_database_answers(lambda: jobs.release(self._db, job, instance=self.instance, last_error=last_error,
                                                          refund=refund), what="handing back a PDF job")
        self._wakeups.wake_here()
        await self._bus.invoice_changed(owner_id=job.owner_id, invoice_id=job.invoice_id)  # queued again

    async def _store(self, job: Job, record: InvoiceRecord, rendered: RenderedDocument) -> None:
        """Under the file id the claim announced. An attempt that lost its lease meanwhile still stores: whichever
        attempt marks the invoice ready first wins, and the other deletes its own file."""
        owner_id, invoice_id, file_id = job.owner_id, job.invoice_id, job.announced_files[-1]
        stored = await until_database_answers(lambda: pdf_files.store_pdf(
            self._db, owner_id=owner_id, invoice_id=invoice_id, filename=pdf_filename(record.number),
            data=rendered.pdf, file_id=file_id, thumbnail_png=rendered.thumbnail_png), what="storing a PDF")
        ready = await until_database_answers(lambda: invoices.mark_ready(
            self._db, owner_id=owner_id, invoice_id=invoice_id, pdf=stored, attempts=job.attempts),
            what="marking a PDF ready")
        superseded = record.pdf if ready else stored  # replaced a damaged PDF, or lost a race
        if superseded is not None:
            await pdf_files.delete_pdf(self._db, owner_id=owner_id, file_id=superseded.file_id)
        await until_database_answers(lambda: jobs.finish(self._db, job, holder=self.instance), what="closing a job")
        if ready:
            JOBS_FINISHED.labels(outcome="ready").inc()
            log.info("job ready invoice=%s owner=%s attempt=%d bytes=%d", invoice_id, owner_id, job.attempts,
                     stored.size)
            await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)

    async def _clear_leftovers(self, job: Job, record: InvoiceRecord | None) -> None:
        """A file announced by an earlier attempt that no invoice points to was left by a holder that died."""
        kept = record.pdf.file_id if record is not None and record.pdf is not None else ""
        for file_id in job.leftover_files:
            if file_id != kept:
                await pdf_files.discard_leftover(self._db, owner_id=job.owner_id, file_id=file_id)
                log.info("job removed what an interrupted attempt may have left invoice=%s owner=%s",
                         job.invoice_id, job.owner_id)

    async def _renew_lease(self, job: Job) -> None:
        while True:
            await asyncio.sleep(self._lease_s / 3)
            try:
                await jobs.renew(self._db, job, instance=self.instance, lease_s=self._lease_s)
            except PyMongoError:
                stop_if_cancelled()

    async def _recover_forever(self) -> None:
        with suppress(PyMongoError):
            await self._claims.heartbeat()
            await self._recovery.adopt_orphans()
        beat_every = max(1, round(self._lease_s / 3 / self._recovery_interval_s))
        adopt_every = max(1, round(self._lease_s / self._recovery_interval_s))
        rounds = 0
        while True:
            try:
                await self._recovery.once()
                await self._clock.flush()
                if rounds % beat_every == 0:
                    await self._claims.heartbeat()
                if rounds % adopt_every == adopt_every - 1:
                    await self._recovery.adopt_orphans(older_than_s=self._lease_s)
            except PyMongoError as error:
                stop_if_cancelled()
                log.warning("Job recovery could not reach the database: %s", error)
            rounds += 1
            await asyncio.sleep(self._recovery_interval_s)
