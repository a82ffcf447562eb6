"""Counts every login attempt before its password is checked, and refuses past the limits.

Three moving windows, each checked and counted in one atomic step (`hit`), so a parallel burst cannot slip
past: per account and address, per account from any address (a rotating or spoofed address gains nothing),
and per address. Each failure is also answered more slowly. The windows expire on their own, so the real user
is never locked out for good, and a successful login clears the account's counters.
"""

import asyncio
import math
import time

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.strategies import MovingWindowRateLimiter

from services.counters import CounterStorage

PER_ACCOUNT_AND_ADDRESS = RateLimitItemPerMinute(5, 15)  # 5 attempts per 15 minutes
PER_ACCOUNT = RateLimitItemPerMinute(10, 15)
PER_ADDRESS = RateLimitItemPerMinute(30, 15)
SLOWDOWN_PER_FAILURE_S = 0.5
MAX_SLOWDOWN_S = 3.0


class LoginThrottle:
    def __init__(self, storage: CounterStorage, *, per_account_and_address: RateLimitItem = PER_ACCOUNT_AND_ADDRESS,
                 per_account: RateLimitItem = PER_ACCOUNT, per_address: RateLimitItem = PER_ADDRESS,
                 slowdown_s: float = SLOWDOWN_PER_FAILURE_S) -> None:
        self._limiter = MovingWindowRateLimiter(storage.limits_storage)
        self._per_account_and_address = per_account_and_address
        self._per_account = per_account
        self._per_address = per_address
        self._slowdown_s = slowdown_s

    async def attempt(self, email: str, address: str) -> int:
        """Counts this attempt; 0 when it may go on to the password check, else how many seconds to wait."""
        for item, keys in self._rules(email, address):
            if not await self._limiter.hit(item, *keys):
                return await self._wait(item, *keys)
        return 0

    async def failed(self, email: str, address: str) -> None:
        """The attempt (already counted) failed: answer it more slowly the more failures there were."""
        stats = await self._limiter.get_window_stats(self._per_account_and_address,
                                                     *self._account_and_address(email, address))
        failures = self._per_account_and_address.amount - stats.remaining
        await asyncio.sleep(min(MAX_SLOWDOWN_S, self._slowdown_s * failures))

    async def succeeded(self, email: str, address: str) -> None:
        await self._limiter.clear(self._per_account_and_address, *self._account_and_address(email, address))
        await self._limiter.clear(self._per_account, "login-attempts-account", email)

    async def _wait(self, item: RateLimitItem, *keys: str) -> int:
        stats = await self._limiter.get_window_stats(item, *keys)
        return max(1, math.ceil(stats.reset_time - time.time()))

    def _rules(self, email: str, address: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        return [(self._per_account_and_address, self._account_and_address(email, address)),
                (self._per_account, ("login-attempts-account", email)),
                (self._per_address, ("login-attempts-address", address))]

    @staticmethod
    def _account_and_address(email: str, address: str) -> tuple[str, ...]:
        return ("login-attempts-account-address", email, address)
