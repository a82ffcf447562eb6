"""Which render worker takes a claimed job, and when a job may be claimed before a worker is free.

A job's claim and the reads of its invoice take several database round trips. Done only once a worker is free,
they left each worker idle between renders for about a fifth of the time on 2 cores (bench.throughput_profile).
So a job may be claimed while every worker is busy, and starts on whichever worker frees first. That claim ahead
is bounded: at most one waiting job per short render running, so a job claimed ahead waits for at most one short
render. Only a process alone in the cluster claims ahead: with other render workers alive, one of them may be free,
and a job held here would wait behind a render (and count towards its owner's share, services.jobs.claims) while
that worker sat idle.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

Worker = TypeVar("Worker")  # services.jobs.render_pool.WorkerSlot in the app

SHORT_RENDER_LINES = 50  # a render of this many lines takes a few tenths of a second at most


class WorkerSeats(Generic[Worker]):
    def __init__(self, slots: list[Worker], *, may_claim_ahead: Callable[[], bool] = lambda: True) -> None:
        self._workers = len(slots)
        self._may_claim_ahead = may_claim_ahead
        self._idle: asyncio.PriorityQueue[tuple[int, Worker]] = asyncio.PriorityQueue()  # lowest index first
        for index, slot in enumerate(slots):
            self._idle.put_nowait((index, slot))
        self._in_hand: dict[str, int] = {}  # invoice id -> line count of each job claimed and not yet rendered
        self._rendering: set[str] = set()
        self._room = asyncio.Event()

    async def wait_for_room(self) -> None:
        """Returns once another job may be claimed."""
        while not self._may_claim():
            self._room.clear()
            await self._room.wait()

    def take(self, invoice_id: str, lines: int) -> None:
        self._in_hand[invoice_id] = lines

    def let_go(self, invoice_id: str) -> None:
        """The job's render is over (or it needs none): room for the next claim."""
        self._rendering.discard(invoice_id)
        if self._in_hand.pop(invoice_id, None) is not None:
            self._room.set()

    @asynccontextmanager
    async def worker(self, invoice_id: str) -> AsyncIterator[Worker]:
        """The first worker to be free, held for the render of this job."""
        index, slot = await self._idle.get()
        self._rendering.add(invoice_id)
        self._room.set()  # a job that starts a short render makes room for one to be claimed ahead of it
        try:
            yield slot
        finally:
            self._idle.put_nowait((index, slot))
            self.let_go(invoice_id)

    def _may_claim(self) -> bool:
        if len(self._in_hand) < self._workers:
            return True
        if not self._may_claim_ahead():
            return False
        waiting = len(self._in_hand) - len(self._rendering)
        short = sum(1 for invoice_id in self._rendering if self._in_hand[invoice_id] <= SHORT_RENDER_LINES)
        return waiting < short
