"""Password hashing on its own small, bounded thread pool, so a flood of log-ins cannot starve anything else.

argon2 takes about 64 MiB and a core's worth of work per hash. The shared default executor also validates
invoices; here at most `workers` hashes run at once (so their memory is bounded by workers × 64 MiB), and at
most `max_waiting` more may queue: beyond that a submission is refused at once with a plain message.
"""

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from services.errors import Refusal

T = TypeVar("T")
HASHING_NICENESS = 10  # as the PDF workers: below the web process, on par with renders (15 starved log-ins)
BUSY = "Too many people are logging in right now. Try again in a few seconds."


class HashingBusy(Refusal):
    def __init__(self) -> None:
        super().__init__(BUSY)


def default_hashing_workers() -> int:
    """One fewer than the cores (at least one): a core stays free for the web process and the database."""
    return max(1, (os.cpu_count() or 1) - 1)


class HashingPool:
    def __init__(self, workers: int | None = None, *, max_waiting: int = 32) -> None:
        self.workers = workers or default_hashing_workers()
        self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="password-hashing",
                                            initializer=_lower_priority)
        self._max_in_flight = self.workers + max_waiting
        self._in_flight = 0

    async def run(self, work: Callable[..., T], *args: object) -> T:
        if self._in_flight >= self._max_in_flight:
            raise HashingBusy()
        self._in_flight += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)
        finally:
            self._in_flight -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _lower_priority() -> None:
    """Linux schedules threads one by one: a hashing thread (and argon2's lane threads it starts, which inherit
    its niceness) yields the CPU to the event loop and the database."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)
