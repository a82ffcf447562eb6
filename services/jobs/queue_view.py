"""The queue as users and operators see it: each waiting invoice's place in line, and the queue gauges.

Both read only the jobs collection (live jobs), so their cost follows the queue, never the stored invoices.
"""

from bisect import bisect_left

from services.observability.metrics import JOBS_BY_STATE, OLDEST_QUEUED_AGE, QUEUE_LENGTH, RENDER_CAPACITY
from storage import jobs, render_workers
from storage.database import Database
from storage.jobs import now_ms

POSITION_CAP = 500  # past this many jobs ahead the list says "more than 500 ahead"
COUNT_CAP = 100_000
STATES = ("queued", "running")


class QueueView:
    def __init__(self, db: Database, *, lease_s: float = 30.0) -> None:
        self._db = db
        self._lease_s = lease_s

    async def positions(self, *, owner_id: str) -> dict[str, int]:
        """Invoice id -> place in the cluster-wide line (1 = next to be claimed) of the owner's waiting jobs."""
        waiting = await jobs.queued_of_owner(self._db, owner_id=owner_id)
        if not waiting:
            return {}
        ahead = await jobs.queued_tags_before(self._db, tag=waiting[-1].tag, limit=POSITION_CAP)
        return {job.invoice_id: min(POSITION_CAP + 1, bisect_left(ahead, job.tag) + 1) for job in waiting}

    async def refresh_gauges(self) -> None:
        for state in STATES:
            JOBS_BY_STATE.labels(state=state).set(await jobs.count_in_state(self._db, state, limit=COUNT_CAP))
        QUEUE_LENGTH.set(await jobs.count_in_state(self._db, "queued", limit=COUNT_CAP))
        oldest = await jobs.oldest_queued_ms(self._db)
        OLDEST_QUEUED_AGE.set(max(0.0, (now_ms() - oldest) / 1000) if oldest is not None else 0.0)
        RENDER_CAPACITY.set(await render_workers.capacity(self._db, seen_within_s=self._lease_s))
