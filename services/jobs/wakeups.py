"""How an idle render worker learns of a new job: at once in its own process, through Redis across processes,
and by polling with back-off as the safety net (and the only way without Redis).
"""

import asyncio
import logging
from contextlib import suppress

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
CHANNEL = "invoice-service:jobs-queued"
FIRST_POLL_S = 0.05
POLL_CAP_S = 1.0  # without Redis: a new job waits at most this long for an idle worker
POLL_CAP_WITH_REDIS_S = 5.0  # with Redis the publish wakes workers; polling only covers a lost message
RECONNECT_DELAY_S = 1.0


class JobWakeups:
    def __init__(self, redis_url: str | None) -> None:
        self._redis: Redis | None = Redis.from_url(redis_url) if redis_url else None
        self._event = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None
        self._delay = FIRST_POLL_S

    @property
    def poll_cap_s(self) -> float:
        return POLL_CAP_WITH_REDIS_S if self._redis is not None else POLL_CAP_S

    def start_listening(self) -> None:
        """Only processes that render listen; every process may announce."""
        if self._redis is not None:
            self._listener = asyncio.create_task(self._listen_forever(), name="job wake-up listener")

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with suppress(asyncio.CancelledError):
                await self._listener
        if self._redis is not None:
            await self._redis.aclose()

    async def announce(self) -> None:
        """A job was queued: wake this process's dispatcher, and every other one through Redis."""
        self.wake_here()
        if self._redis is not None:
            try:
                await self._redis.publish(CHANNEL, b"1")
            except RedisError as error:
                log.warning("Could not announce a queued job through Redis (workers will poll): %s", error)

    def wake_here(self) -> None:
        self._event.set()

    async def nap(self) -> None:
        """Waits for a wake-up or the current poll delay, whichever is first; the delay doubles while idle."""
        with suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), self._delay)
        if self._event.is_set():
            self._delay = FIRST_POLL_S
        else:
            self._delay = min(self.poll_cap_s, self._delay * 2)
        self._event.clear()

    def busy(self) -> None:
        """Work was found: poll promptly again once idle."""
        self._delay = FIRST_POLL_S

    async def _listen_forever(self) -> None:
        assert self._redis is not None
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self.wake_here()  # anything queued while we were not listening
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._event.set()
            except RedisError as error:
                log.warning("Job wake-up listener lost Redis (%s); polling meanwhile, reconnecting", error)
            await asyncio.sleep(RECONNECT_DELAY_S)
