"""PDF_WORKERS spawn worker processes, each in its own one-worker ProcessPoolExecutor.

One executor per worker means a render that hangs or crashes is killed on its own: the renders running
on the other workers carry on. The pool is bounded: at most PDF_WORKERS renders run at any moment.
"""

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from services.einvoice.issued_document import render_issued_document, warm_up
from services.invoices.model import RenderedDocument, RenderRequest
from services.pdf.render import RenderError
from storage.runtime.process_lifetime import die_with_parent

log = logging.getLogger(__name__)


WARM_UP_ALLOWANCE_S = 60.0  # a worker that has not warmed up in this much more than the render timeout is stuck
WORKER_NICENESS = 10  # on a busy machine the web process, which serves every user, gets the CPU first


class RenderTimedOut(RenderError):
    pass


class WorkerCrashed(RenderError):
    pass


class WorkerLost(RenderError):
    """The worker died while this render waited behind another one: not this render's doing."""


class WorkerSlot:
    def __init__(self) -> None:
        self._executor, self._warm = self._new_executor()
        self._latest: tuple[ProcessPoolExecutor | None, Future[RenderedDocument] | None] = (None, None)

    async def render(self, request: RenderRequest, timeout_s: float) -> RenderedDocument:
        return (await self.render_timed(request, timeout_s))[0]

    async def render_timed(self, request: RenderRequest, timeout_s: float) -> tuple[RenderedDocument, float]:
        """The document and the seconds its render took.

        The render's timeout starts once the worker has warmed up, and once the render ahead of it in this worker's
        queue (services.jobs.seats) has ended: neither is this render's time.

        Every turn of the event loop between one render's end and the next one's submission leaves the worker
        idle, and on a busy loop a turn takes milliseconds: a render may be submitted while the one ahead still
        runs (the worker takes it from its queue at once), a warm worker is not waited for (wrapping its finished
        future costs two turns), and the render is awaited under asyncio.timeout (wait_for costs one more).
        """
        try:
            if not self._warm.done():
                await asyncio.wait_for(asyncio.wrap_future(self._warm), timeout_s + WARM_UP_ALLOWANCE_S)
            self._warm.result()  # a worker that died while warming up raises BrokenProcessPool here
            executor, (ahead_of, ahead) = self._executor, self._latest
            future = self._executor.submit(render_issued_document, request)
            self._latest = (executor, future)
            if ahead_of is executor and ahead is not None and not ahead.done():
                await asyncio.wait([asyncio.wrap_future(ahead)])
                if ahead.cancelled() or isinstance(ahead.exception(), BrokenProcessPool):
                    raise WorkerLost("The PDF engine stopped while this PDF waited for it.")
            started = time.perf_counter()
            async with asyncio.timeout(timeout_s):
                rendered = await asyncio.wrap_future(future)
            return rendered, time.perf_counter() - started
        except TimeoutError:
            await asyncio.to_thread(self.replace_worker)
            raise RenderTimedOut(f"The PDF took longer than {timeout_s:g} seconds to make and was stopped.") from None
        except BrokenProcessPool:
            await asyncio.to_thread(self.replace_worker)
            raise WorkerCrashed("The PDF engine stopped unexpectedly while making this PDF.") from None

    def worker_pids(self) -> list[int]:
        return list(_processes(self._executor))

    def wait_until_warm(self, timeout_s: float) -> None:
        """Blocks until this worker has warmed up (raises TimeoutError past timeout_s)."""
        self._warm.result(timeout_s)

    def replace_worker(self) -> None:
        old = self._executor
        self._executor, self._warm = self._new_executor()
        _kill(old)

    def close(self, grace_s: float) -> None:
        """Let a running render finish for up to grace_s, then kill the worker; never leaves an orphan."""
        processes = list(_processes(self._executor).values())  # shutdown() forgets them
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(grace_s)
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
            process.join(1.0)

    @staticmethod
    def _new_executor() -> tuple[ProcessPoolExecutor, Future[int]]:
        """A worker started now, so it warms up before the first click; the future completes once it has."""
        executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker, initargs=(os.getpid(),))
        return executor, executor.submit(os.getpid)


def _start_worker(app_pid: int) -> None:
    """Runs first in each worker: it must die with the app, even a SIGKILLed one, then it warms up.

    A failed warm-up only costs speed: an initializer that raises would break the worker for good.
    """
    die_with_parent(app_pid)
    os.nice(WORKER_NICENESS)
    try:
        warm_up()
    except Exception:
        logging.getLogger(__name__).exception("PDF worker warm-up failed; the worker serves renders anyway")


def _processes(executor: ProcessPoolExecutor) -> dict[int, Any]:
    # ProcessPoolExecutor offers no public way to reach its workers, and killing them is the only way to
    # stop a render that hangs inside C code.
    return dict(getattr(executor, "_processes", None) or {})


def _kill(executor: ProcessPoolExecutor) -> None:
    for pid in _processes(executor):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    executor.shutdown(wait=True, cancel_futures=True)


class RenderPool:
    def __init__(self, workers: int, *, timeout_s: float) -> None:
        self.workers = workers
        self.timeout_s = timeout_s
        self.slots: list[WorkerSlot] = []

    def start(self) -> None:
        """Spawns the workers; each warms up (imports, fonts, one tiny render) in the background."""
        self.slots = [WorkerSlot() for _ in range(self.workers)]

    def worker_pids(self) -> list[int]:
        return [pid for slot in self.slots for pid in slot.worker_pids()]

    async def close(self, grace_s: float) -> None:
        await asyncio.gather(*(asyncio.to_thread(slot.close, grace_s) for slot in self.slots))
