"""Which render worker takes a claimed job, and when a job may be claimed before a worker is free.

A job's claim and the reads of its invoice take several database round trips. Done only once a worker is free,
they left each worker idle between renders for about a fifth of the time on 2 cores (bench.throughput_profile).
So a job may be claimed while every worker is busy. That claim ahead is bounded: at most one job waits behind
each short render running, so it waits for at most one short render. It is handed to that worker at once and
waits in the worker's own queue (services.jobs.render_pool): the worker starts it the moment the render ahead
ends, where handing it over then cost the web process's event loop two turns and the executor two thread hops
(1-2 ms a render on a busy loop). Only a process alone in the cluster claims ahead: with other render workers
alive, one of them may be free, and a job held here would wait behind a render (and count towards its owner's
share, services.jobs.claims) while that worker sat idle.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

Worker = TypeVar("Worker")  # services.jobs.render_pool.WorkerSlot in the app

SHORT_RENDER_LINES = 50  # a render of this many lines takes a few tenths of a second at most


class WorkerSeats(Generic[Worker]):
    def __init__(self, slots: list[Worker], *, may_claim_ahead: Callable[[], bool] = lambda: True) -> None:
        self._slots = slots
        self._may_claim_ahead = may_claim_ahead
        self._lanes: list[list[str]] = [[] for _ in slots]  # each worker's jobs: the one rendering, one behind it
        self._in_hand: dict[str, int] = {}  # invoice id -> line count of each job claimed and not yet rendered
        self._room = asyncio.Event()
        self._lane_freed = asyncio.Event()

    async def wait_for_room(self) -> None:
        """Returns once another job may be claimed."""
        while not self._may_claim():
            self._room.clear()
            await self._room.wait()

    def take(self, invoice_id: str, lines: int) -> None:
        self._in_hand[invoice_id] = lines

    def let_go(self, invoice_id: str) -> None:
        """The job's render is over (or it needs none): room for the next claim."""
        for lane in self._lanes:
            if invoice_id in lane:
                lane.remove(invoice_id)
                self._lane_freed.set()
        if self._in_hand.pop(invoice_id, None) is not None:
            self._room.set()

    @asynccontextmanager
    async def worker(self, invoice_id: str) -> AsyncIterator[Worker]:
        """A free worker, or a short render's worker to queue behind; held until this job's render is over."""
        index = await self._seat(invoice_id)
        if self._lanes[index][0] == invoice_id and self._is_short(invoice_id):
            self._room.set()  # a job that starts a short render makes room for one to be claimed ahead of it
        try:
            yield self._slots[index]
        finally:
            self.let_go(invoice_id)

    async def _seat(self, invoice_id: str) -> int:
        while True:
            free = [index for index, lane in enumerate(self._lanes) if not lane]
            behind = [index for index, lane in enumerate(self._lanes)
                      if len(lane) == 1 and self._is_short(lane[0]) and self._may_claim_ahead()]
            if free or behind:
                index = (free or behind)[0]
                self._lanes[index].append(invoice_id)
                return index
            self._lane_freed.clear()
            await self._lane_freed.wait()

    def _is_short(self, invoice_id: str) -> bool:
        return self._in_hand.get(invoice_id, SHORT_RENDER_LINES + 1) <= SHORT_RENDER_LINES

    def _may_claim(self) -> bool:
        if len(self._in_hand) < len(self._slots):
            return True
        if not self._may_claim_ahead():
            return False
        rendering = [lane[0] for lane in self._lanes if lane]
        waiting = len(self._in_hand) - len(rendering)
        return waiting < sum(1 for invoice_id in rendering if self._is_short(invoice_id))
