"""Jobs whose holder died: expired leases go back to the queue (or fail after MAX_ATTEMPTS); invoices in
`processing` whose writer died before writing their job get one. The lease scan reads the small jobs collection;
the adoption reads the invoices in `processing` (the backlog, from the status index), at start-up and then once a
lease.
"""

import logging
from datetime import UTC, datetime, timedelta

from pymongo.errors import DuplicateKeyError

from services.jobs.claims import start_tag
from services.jobs.outcomes import MAX_ATTEMPTS, JobOutcomes
from services.jobs.wakeups import JobWakeups
from services.live.bus import EventBus
from services.observability.metrics import RETRIES
from storage import invoices, jobs
from storage.database import Database

log = logging.getLogger("services.jobs")
ADOPTION_BATCH = 500


class Recovery:
    def __init__(self, db: Database, outcomes: JobOutcomes, wakeups: JobWakeups, bus: EventBus, *,
                 lease_s: float) -> None:
        self._db = db
        self._bus = bus
        self._outcomes = outcomes
        self._wakeups = wakeups
        self._lease_s = lease_s

    async def once(self) -> None:
        found = 0
        for job in await jobs.expired(self._db):
            if job.attempts >= MAX_ATTEMPTS:
                await self._outcomes.give_up(job)
            elif await jobs.requeue_expired(self._db, job):
                RETRIES.inc()
                log.info("job requeued after its lease expired invoice=%s owner=%s attempt=%d holder=%s",
                         job.invoice_id, job.owner_id, job.attempts, job.holder)
                await self._bus.invoice_changed(owner_id=job.owner_id, invoice_id=job.invoice_id)  # queued again
                found += 1
        if found:
            self._wakeups.wake_here()

    async def adopt_orphans(self, *, older_than_s: float = 0.0) -> None:
        """Gives a job to each invoice in `processing` unchanged for older_than_s that has none. A writer still
        about to write its job then finds it written, which it accepts (services.jobs.runner.PdfJobs.enqueue)."""
        updated_before = datetime.now(UTC) - timedelta(seconds=older_than_s) if older_than_s else None
        batch: list[tuple[str, str]] = []
        async for found in invoices.processing_ids(self._db, updated_before=updated_before):
            batch.append(found)
            if len(batch) == ADOPTION_BATCH:
                await self._adopt(batch)
                batch = []
        await self._adopt(batch)

    async def _adopt(self, batch: list[tuple[str, str]]) -> None:
        if not batch:
            return
        with_job = await jobs.live_ids(self._db, [invoice_id for _, invoice_id in batch])
        for owner_id, invoice_id in batch:
            if invoice_id in with_job:
                continue
            lines = await invoices.line_count(self._db, owner_id=owner_id, invoice_id=invoice_id)
            try:
                await jobs.create(self._db, owner_id=owner_id, invoice_id=invoice_id, lines=lines,
                                  tag=await start_tag(self._db, owner_id=owner_id, lines=lines))
            except DuplicateKeyError:
                continue
            log.info("job adopted for an invoice in processing invoice=%s owner=%s", invoice_id, owner_id)
            await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)  # its place in line
            self._wakeups.wake_here()
