"""Sign-ups per address and overall, counted atomically before any hashing or look-up of the email.

Sign-up answers whether an email is registered (a person needs to know), so the answers are rationed: probing
many addresses, or making accounts in bulk to multiply the per-user PDF quota, is slow.
"""

import math
import time

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter

from services.counters import CounterStorage
from services.errors import AccountError

FROM_THIS_ADDRESS = "Too many sign-ups from your network. Try again in {minutes} minute(s)."
OVERALL = "Sign-ups are paused for a few minutes because of unusual activity. Try again in {minutes} minute(s)."


class SignupThrottle:
    def __init__(self, storage: CounterStorage, *, per_address: str = "5/hour", overall: str = "100/hour") -> None:
        self._limiter = MovingWindowRateLimiter(storage.limits_storage)
        self._rules: list[tuple[RateLimitItem, str, str]] = [
            (parse(per_address), "signups-address", FROM_THIS_ADDRESS),
            (parse(overall), "signups-overall", OVERALL),
        ]

    async def attempt(self, address: str) -> None:
        """Counts one sign-up attempt; raises AccountError (with how long to wait) past a limit."""
        for item, key, message in self._rules:
            keys = (key, address) if key == "signups-address" else (key,)
            if not await self._limiter.hit(item, *keys):
                stats = await self._limiter.get_window_stats(item, *keys)
                raise AccountError(message.format(minutes=max(1, math.ceil((stats.reset_time - time.time()) / 60))))
