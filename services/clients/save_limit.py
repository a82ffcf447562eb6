"""Per-user bound on client saves (moving window), counted in services.counters like the PDF limit."""

import math
import time

from limits import parse
from limits.aio.strategies import MovingWindowRateLimiter

from services.clients.errors import TooManyClientSaves
from services.counters import CounterStorage

NAMESPACE = "client-saves"
DEFAULT_RULE = "60/minute"


class ClientSaveLimiter:
    def __init__(self, storage: CounterStorage, rule: str = DEFAULT_RULE) -> None:
        self._item = parse(rule)
        self._limiter = MovingWindowRateLimiter(storage.limits_storage)

    async def count_save(self, user_id: str) -> None:
        """Counts one save, or raises TooManyClientSaves having counted nothing; one atomic step."""
        if await self._limiter.hit(self._item, NAMESPACE, user_id):
            return
        stats = await self._limiter.get_window_stats(self._item, NAMESPACE, user_id)
        raise TooManyClientSaves(self._item.amount, max(1, math.ceil(stats.reset_time - time.time())))
