"""Jobs whose holder died: expired leases go back to the queue (or fail after MAX_ATTEMPTS), jobs a writer left
unpublished are published, and at start-up invoices in `processing` without a job get one (an upgrade from
leases kept on invoices). Every scan reads the small jobs collection, except the one at start-up.
"""

import logging

from pymongo.errors import DuplicateKeyError

from services.jobs.claims import start_tag
from services.jobs.outcomes import MAX_ATTEMPTS, JobOutcomes
from services.jobs.wakeups import JobWakeups
from services.live.bus import EventBus
from services.observability.metrics import RETRIES
from storage import invoices, jobs
from storage.database import Database

log = logging.getLogger("services.jobs")


class Recovery:
    def __init__(self, db: Database, outcomes: JobOutcomes, wakeups: JobWakeups, bus: EventBus, *,
                 lease_s: float) -> None:
        self._db = db
        self._bus = bus
        self._outcomes = outcomes
        self._wakeups = wakeups
        self._lease_s = lease_s

    async def once(self) -> None:
        found = await jobs.publish_stale_new(self._db, older_than_s=self._lease_s)
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

    async def adopt_orphans(self) -> None:
        for owner_id, invoice_id in await invoices.processing_ids(self._db):
            lines = await invoices.line_count(self._db, owner_id=owner_id, invoice_id=invoice_id)
            try:
                await jobs.create(self._db, owner_id=owner_id, invoice_id=invoice_id, lines=lines, state="queued",
                                  tag=await start_tag(self._db, owner_id=owner_id, lines=lines))
            except DuplicateKeyError:
                continue
            log.info("job adopted for an invoice in processing invoice=%s owner=%s", invoice_id, owner_id)
            self._wakeups.wake_here()
