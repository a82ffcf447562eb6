"""Slows, then refuses for a while, repeated failed logins per account+address and per address.

The counters expire on their own (moving windows), so the real user is never locked out for good, and a
successful login clears the account+address counter.
"""

import asyncio
import math
import time

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.strategies import MovingWindowRateLimiter

from services.counters import CounterStorage

PER_ACCOUNT_AND_ADDRESS = RateLimitItemPerMinute(5, 15)  # 5 failures per 15 minutes
PER_ADDRESS = RateLimitItemPerMinute(30, 15)
SLOWDOWN_PER_FAILURE_S = 0.5
MAX_SLOWDOWN_S = 3.0


class LoginThrottle:
    def __init__(self, storage: CounterStorage, *, per_account: RateLimitItem = PER_ACCOUNT_AND_ADDRESS,
                 per_address: RateLimitItem = PER_ADDRESS, slowdown_s: float = SLOWDOWN_PER_FAILURE_S) -> None:
        self._limiter = MovingWindowRateLimiter(storage.limits_storage)
        self._per_account = per_account
        self._per_address = per_address
        self._slowdown_s = slowdown_s

    async def seconds_refused(self, email: str, address: str) -> int:
        """0 when a login attempt may proceed, else how long this account+address or address must wait."""
        waits = [await self._wait(item, *keys) for item, keys in self._rules(email, address)]
        return max(waits)

    async def failed(self, email: str, address: str) -> None:
        for item, keys in self._rules(email, address):
            await self._limiter.hit(item, *keys)
        stats = await self._limiter.get_window_stats(self._per_account, *self._account_keys(email, address))
        failures = self._per_account.amount - stats.remaining
        await asyncio.sleep(min(MAX_SLOWDOWN_S, self._slowdown_s * failures))

    async def succeeded(self, email: str, address: str) -> None:
        await self._limiter.clear(self._per_account, *self._account_keys(email, address))

    async def _wait(self, item: RateLimitItem, *keys: str) -> int:
        if await self._limiter.test(item, *keys):
            return 0
        stats = await self._limiter.get_window_stats(item, *keys)
        return max(1, math.ceil(stats.reset_time - time.time()))

    def _rules(self, email: str, address: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        return [(self._per_account, self._account_keys(email, address)),
                (self._per_address, ("login-failures-address", address))]

    @staticmethod
    def _account_keys(email: str, address: str) -> tuple[str, ...]:
        return ("login-failures-account", email, address)
