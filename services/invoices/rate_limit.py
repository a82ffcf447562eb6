"""Per-user limits (moving windows), exact under concurrency, counted in services.counters: PDF generations,
draft saves."""

import math
import time
from dataclasses import dataclass

from limits import parse
from limits.aio.strategies import MovingWindowRateLimiter

from services.counters import CounterStorage

GENERATIONS = "pdf-generation"
DRAFT_SAVES = "draft-saves"


@dataclass(frozen=True)
class Quota:
    limit: int
    remaining: int
    resets_in_s: int  # seconds until the oldest counted generation leaves the window (0 when none counted)

    @property
    def wait_s(self) -> int:
        return self.resets_in_s if self.remaining == 0 else 0


class GenerationLimiter:
    """At most `rule` (limits syntax, e.g. "5/minute") per user; `namespace` keeps each limit's counters apart."""

    def __init__(self, rule: str, storage: CounterStorage, *, namespace: str = GENERATIONS) -> None:
        self._item = parse(rule)
        self._limiter = MovingWindowRateLimiter(storage.limits_storage)
        self._namespace = namespace

    async def try_acquire(self, user_id: str) -> tuple[bool, Quota]:
        """Counts one if the user has one left; the check and the count are one atomic step."""
        allowed = await self._limiter.hit(self._item, self._namespace, user_id)
        return allowed, await self.quota(user_id)

    async def quota(self, user_id: str) -> Quota:
        stats = await self._limiter.get_window_stats(self._item, self._namespace, user_id)
        limit = self._item.amount
        resets_in = 0 if stats.remaining >= limit else max(1, math.ceil(stats.reset_time - time.time()))
        return Quota(limit=limit, remaining=stats.remaining, resets_in_s=resets_in)
