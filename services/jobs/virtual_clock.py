"""This process's view of the cluster's virtual time V (storage.job_clock): read at most once a second, written
at most twice a second.

Each enqueue read V and each claim wrote it: two of a generated invoice's dozen and a half round trips. V only
moves forward and only places the first job of an owner with no work ahead of it (it starts at V): a V up to a
second old places that job ahead of at most a second's claims, which have all left the queue already. Claims
made here move this process's V at once; the recovery loop writes what is still unwritten.
"""

import math
import time

from services.pdf.cost import render_cost
from storage import job_clock
from storage.database import Database

READ_EVERY_S = 1.0
WRITE_EVERY_S = 0.5


class VirtualClock:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._time = 0.0
        self._read_at = -math.inf
        self._written = 0.0
        self._written_at = -math.inf

    async def start_tag(self, *, owner_id: str, lines: int) -> float:
        return await job_clock.start_tag(self._db, owner_id=owner_id, cost=render_cost(lines),
                                         virtual=await self._now())

    async def advance(self, tag: float) -> None:
        """A job with this tag was claimed here."""
        self._time = max(self._time, tag)
        if time.monotonic() - self._written_at >= WRITE_EVERY_S:
            await self.flush()

    async def flush(self) -> None:
        if self._time > self._written:
            written = self._time
            await job_clock.advance(self._db, tag=written)
            self._written, self._written_at = written, time.monotonic()

    async def _now(self) -> float:
        if time.monotonic() - self._read_at >= READ_EVERY_S:
            self._time = max(self._time, await job_clock.virtual_time(self._db))
            self._read_at = time.monotonic()
        return self._time
