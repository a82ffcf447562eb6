"""A background loop that rides out database errors still stops when shutdown cancels it."""

import asyncio

from pymongo.errors import AutoReconnect, PyMongoError

from services.jobs.cancellation import cancel_and_wait, stop_if_cancelled


async def _query_interrupted_as_network_error() -> None:
    """What pymongo can do: the cancellation arrives mid-operation and surfaces as a network error."""
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        raise AutoReconnect("connection closed") from None


async def _retrying_loop(*, honours_cancellation: bool) -> None:
    """Queries, then waits a while before the next round, as job recovery does."""
    while True:
        try:
            await _query_interrupted_as_network_error()
        except PyMongoError:
            if honours_cancellation:
                stop_if_cancelled()
        await asyncio.sleep(3600)


async def test_a_retrying_loop_stops_at_the_first_cancellation() -> None:
    task = asyncio.create_task(_retrying_loop(honours_cancellation=True))
    await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.wait([task], timeout=2)
    assert task.cancelled()


async def test_shutdown_ends_a_loop_that_swallows_cancellation() -> None:
    task = asyncio.create_task(_retrying_loop(honours_cancellation=False))
    await asyncio.sleep(0.01)
    await asyncio.wait_for(cancel_and_wait([task], retry_every_s=0.05), timeout=5)
    assert task.cancelled()


async def test_a_loop_that_swallows_cancellation_outlives_a_single_cancel() -> None:
    """Why shutdown needs cancel_and_wait: the hang this guards against."""
    task = asyncio.create_task(_retrying_loop(honours_cancellation=False))
    await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.wait([task], timeout=0.2)
    assert not task.done()
    await cancel_and_wait([task], retry_every_s=0.05)
