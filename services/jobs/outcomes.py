"""How a job ends when it does not end Ready: its invoice is marked Failed with a reason a user can read,
the job leaves the queue, the owner's tabs are told, and the operator's metrics and log see one line."""

import logging

from services.jobs.db_retry import until_database_answers
from services.live.bus import EventBus
from services.observability.metrics import FAILURES, JOBS_FINISHED
from storage import invoices, jobs
from storage.database import Database
from storage.jobs import Job

log = logging.getLogger("services.jobs")

MAX_ATTEMPTS = 3
MISSING_DETAILS = "This invoice's line items could not be found, so no PDF can be made. Please create it again."
UNEXPECTED_FAILURE = "Something went wrong while making this PDF. Press Retry; if it fails again, contact support."


class JobOutcomes:
    def __init__(self, db: Database, bus: EventBus) -> None:
        self._db = db
        self._bus = bus

    async def fail(self, job: Job, reason: str, *, reason_class: str) -> None:
        await until_database_answers(lambda: jobs.finish(self._db, job), what="closing a failed PDF job")
        await until_database_answers(lambda: invoices.mark_failed(  # after: a retry finds no job in its way
            self._db, owner_id=job.owner_id, invoice_id=job.invoice_id, reason=reason, attempts=job.attempts),
            what="recording a failed PDF")
        FAILURES.labels(reason=reason_class).inc()
        JOBS_FINISHED.labels(outcome="failed").inc()
        log.info("job failed invoice=%s owner=%s attempt=%d reason=%s", job.invoice_id, job.owner_id, job.attempts,
                 reason_class)
        await self._bus.invoice_changed(owner_id=job.owner_id, invoice_id=job.invoice_id)

    async def give_up(self, job: Job) -> None:
        reason = f"We could not make this PDF after {MAX_ATTEMPTS} attempts"
        await self.fail(job, f"{reason}: {job.last_error}" if job.last_error else f"{reason}.", reason_class="gave_up")
