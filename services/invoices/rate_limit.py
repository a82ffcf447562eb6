"""Per-user limit on PDF generations (moving window), exact under concurrency, storage from settings."""

import math
import time
from dataclasses import dataclass
from typing import Any

from limits import parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from redis.asyncio import ConnectionPool

NAMESPACE = "pdf-generation"


@dataclass(frozen=True)
class Quota:
    limit: int
    remaining: int
    resets_in_s: int  # seconds until the oldest counted generation leaves the window (0 when none counted)

    @property
    def wait_s(self) -> int:
        return self.resets_in_s if self.remaining == 0 else 0


class CounterStorage:
    """Where the moving-window counters live: this process's memory, or a Redis shared by every app process."""

    def __init__(self, uri: str) -> None:
        self._pool = ConnectionPool.from_url(uri) if uri.startswith(("redis://", "rediss://", "unix://")) else None
        options: dict[str, Any] = {"implementation": "redispy", "connection_pool": self._pool} if self._pool else {}
        storage = storage_from_string(uri if uri.startswith("async+") else f"async+{uri}", **options)
        assert isinstance(storage, Storage)
        self.limits_storage = storage

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()


class GenerationLimiter:
    def __init__(self, rule: str, storage: CounterStorage) -> None:
        self._item = parse(rule)
        self._limiter = MovingWindowRateLimiter(storage.limits_storage)

    async def try_acquire(self, user_id: str) -> tuple[bool, Quota]:
        """Counts one generation if the user has one left; the check and the count are one atomic step."""
        allowed = await self._limiter.hit(self._item, NAMESPACE, user_id)
        return allowed, await self.quota(user_id)

    async def quota(self, user_id: str) -> Quota:
        stats = await self._limiter.get_window_stats(self._item, NAMESPACE, user_id)
        limit = self._item.amount
        resets_in = 0 if stats.remaining >= limit else max(1, math.ceil(stats.reset_time - time.time()))
        return Quota(limit=limit, remaining=stats.remaining, resets_in_s=resets_in)
