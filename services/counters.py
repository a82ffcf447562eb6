"""The counter storage behind the PDF rate limit and the login throttle."""

from typing import Any

from limits.aio.storage import Storage
from limits.storage import storage_from_string
from redis.asyncio import ConnectionPool


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
