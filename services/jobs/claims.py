"""Claiming the next job fairly across the whole cluster.

Order: start-time fair queueing tags (storage.job_clock), so users with work waiting take turns by render
cost whichever process they clicked on. Reserve: while the cluster has more than one render slot, no owner
may hold all of them, so one is always within reach of everybody else. The reserve is checked against the
running jobs just before the atomic claim; two workers claiming at the same instant may let an owner exceed
it by one job for the length of that render. An instance alone in the cluster (the default single process)
knows every running job itself and checks the reserve without a read.
"""

from collections import Counter
from collections.abc import Callable

from services.jobs.virtual_clock import VirtualClock
from services.pdf.cost import render_cost
from storage import job_clock, jobs, pdf_files, render_workers
from storage.database import Database
from storage.jobs import Job


class FairClaims:
    def __init__(self, db: Database, *, instance: str, slots: int, lease_s: float, clock: VirtualClock | None = None,
                 held_here: Callable[[], list[str]] | None = None) -> None:
        """held_here: the owner of each job this instance holds; without it the reserve is always read."""
        self._db = db
        self._instance = instance
        self._slots = slots
        self._lease_s = lease_s
        self._clock = clock or VirtualClock(db)
        self._held_here = held_here
        self.capacity = slots

    def alone_in_cluster(self) -> bool:
        """No other render worker was seen alive at the last heartbeat."""
        return self.capacity <= self._slots

    async def heartbeat(self) -> None:
        """Tells the cluster this instance is alive with its slots, and learns the cluster's capacity."""
        await render_workers.heartbeat(self._db, instance=self._instance, slots=self._slots)
        self.capacity = max(self._slots, await render_workers.capacity(self._db, seen_within_s=self._lease_s))

    async def leave(self) -> None:
        await render_workers.leave(self._db, instance=self._instance)

    async def next_job(self, *, idle: bool = True) -> Job | None:
        """idle: the last attempt found nothing, so first poll with one indexed read (a busy worker skips it)."""
        if idle and not await jobs.any_queued(self._db):
            return None
        job = await jobs.claim_next(self._db, instance=self._instance, lease_s=self._lease_s,
                                    skip_owners=await self._owners_at_their_share(), file_id=pdf_files.new_file_id())
        if job is not None:
            await self._clock.advance(job.tag)
        return job

    async def _owners_at_their_share(self) -> list[str]:
        share = max(1, self.capacity - 1)
        if self._held_here is not None and self.alone_in_cluster():
            running = Counter(self._held_here())
        else:
            running = Counter(await jobs.running_owners(self._db))
        return [owner for owner, count in running.items() if count >= share]


async def start_tag(db: Database, *, owner_id: str, lines: int) -> float:
    return await job_clock.start_tag(db, owner_id=owner_id, cost=render_cost(lines))
