"""Background loops ride out database errors, but must still stop when their task is cancelled."""

import asyncio


def stop_if_cancelled() -> None:
    """Raises CancelledError when the current task is being cancelled.

    pymongo's async driver can end an operation interrupted by a cancellation with a network error (a
    PyMongoError) instead of CancelledError; a loop that catches those to retry would otherwise swallow the
    cancellation and never stop (seen: shutdown hanging in PdfJobs.drain under load).
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


async def cancel_and_wait(tasks: list[asyncio.Task[None]], *, retry_every_s: float = 1.0) -> None:
    """Cancels the tasks and waits until each has ended, cancelling again any that swallowed the request."""
    while pending := [task for task in tasks if not task.done()]:
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=retry_every_s)
