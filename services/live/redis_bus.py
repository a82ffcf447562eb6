"""The event bus across app processes: events are delivered locally at once and relayed through Redis pub/sub.

A process ignores its own relayed messages. When the Redis connection drops and comes back, every local
subscriber gets a `resync` event, so open tabs re-read the database and miss nothing.
"""

import asyncio
import json
import logging
import uuid
from contextlib import suppress

from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.live.bus import EventBus, UserEvent

log = logging.getLogger(__name__)
CHANNEL = "invoice-service:user-events"
RECONNECT_DELAY_S = 1.0


class RedisEventBus(EventBus):
    def __init__(self, redis_url: str) -> None:
        super().__init__()
        self._redis: Redis = Redis.from_url(redis_url)
        self._origin = uuid.uuid4().hex
        self._relay: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()

    async def start(self) -> None:
        self._relay = asyncio.create_task(self._relay_forever(), name="redis event relay")
        with suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), 5)

    async def stop(self) -> None:
        if self._relay:
            self._relay.cancel()
            with suppress(asyncio.CancelledError):
                await self._relay
        await self._redis.aclose()

    async def publish(self, event: UserEvent) -> None:
        await self.deliver_here(event)
        message = json.dumps({"origin": self._origin, "user_id": event.user_id, "kind": event.kind,
                              "subject_id": event.subject_id})
        try:
            await self._redis.publish(CHANNEL, message)
        except RedisError as error:
            log.warning("Could not relay a live update through Redis: %s", error)

    async def _relay_forever(self) -> None:
        first = True
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self._connected.set()
                    if not first:
                        await self._resync_everyone()
                    first = False
                    async for message in pubsub.listen():
                        await self._relay_in(message)
            except RedisError as error:
                log.warning("Redis event relay interrupted (%s); reconnecting", error)
            await asyncio.sleep(RECONNECT_DELAY_S)

    async def _relay_in(self, message: dict[str, object]) -> None:
        if message.get("type") != "message" or not isinstance(message.get("data"), bytes | str):
            return
        payload = json.loads(message["data"])  # type: ignore[arg-type]
        if payload.get("origin") == self._origin:
            return
        await self.deliver_here(UserEvent(user_id=payload["user_id"], kind=payload["kind"],
                                          subject_id=payload["subject_id"]))

    async def _resync_everyone(self) -> None:
        for user_id in self.subscribed_users():
            await self.deliver_here(UserEvent(user_id=user_id, kind="resync", subject_id=""))
