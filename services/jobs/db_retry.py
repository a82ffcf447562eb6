"""Background work outlives short database outages: a write is retried until the database answers again."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from pymongo.errors import ConnectionFailure

from services.jobs.cancellation import stop_if_cancelled

log = logging.getLogger(__name__)
T = TypeVar("T")
FIRST_DELAY_S = 0.25
MAX_DELAY_S = 5.0


async def until_database_answers(call: Callable[[], Awaitable[T]], *, what: str, give_up_after_s: float = 600) -> T:
    """Runs call(), retrying on connection failures with backoff; other errors propagate at once."""
    delay = FIRST_DELAY_S
    waited = 0.0
    while True:
        try:
            return await call()
        except ConnectionFailure as error:
            stop_if_cancelled()
            if waited >= give_up_after_s:
                raise
            log.warning("Database unreachable while %s (%s); retrying in %.1f s", what, error, delay)
        await asyncio.sleep(delay)
        waited += delay
        delay = min(MAX_DELAY_S, delay * 2)
