"""How many PDFs a user may still generate this minute, and how long a refused user waits (in-memory counters)."""

from collections.abc import AsyncIterator
from types import SimpleNamespace

import pytest

from services.invoices.rate_limit import CounterStorage, GenerationLimiter, Quota


class Clock:
    """Stands in for time.time() in the counters and the limiter, so a minute passes without waiting for it."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(now=1_000_000.0)
    fake_time = SimpleNamespace(time=clock.time)
    monkeypatch.setattr("limits.aio.storage.memory.time", fake_time)
    monkeypatch.setattr("services.invoices.rate_limit.time", fake_time)
    return clock


@pytest.fixture
async def five_a_minute(clock: Clock) -> AsyncIterator[GenerationLimiter]:
    storage = CounterStorage("memory://")
    yield GenerationLimiter("5/minute", storage)
    await storage.close()


def test_only_a_user_with_nothing_left_is_told_to_wait() -> None:
    assert Quota(limit=5, remaining=0, resets_in_s=42).wait_s == 42
    assert Quota(limit=5, remaining=1, resets_in_s=42).wait_s == 0


async def test_five_generations_a_minute_are_counted_down_and_the_sixth_is_refused(
        five_a_minute: GenerationLimiter) -> None:
    answers = [await five_a_minute.try_acquire("alice") for _ in range(6)]
    assert [allowed for allowed, _ in answers] == [True, True, True, True, True, False]
    assert [quota.remaining for _, quota in answers] == [4, 3, 2, 1, 0, 0]
    assert [quota.wait_s for _, quota in answers] == [0, 0, 0, 0, 60, 60]


async def test_a_user_who_generated_nothing_has_the_whole_quota_and_no_reset_to_wait_for(
        five_a_minute: GenerationLimiter) -> None:
    assert await five_a_minute.quota("alice") == Quota(limit=5, remaining=5, resets_in_s=0)


async def test_each_user_has_a_quota_of_their_own(five_a_minute: GenerationLimiter) -> None:
    for _ in range(5):
        await five_a_minute.try_acquire("alice")
    allowed, bob = await five_a_minute.try_acquire("bob")
    assert allowed and bob.remaining == 4
    assert (await five_a_minute.quota("alice")).remaining == 0


async def test_the_reset_counts_down_to_when_the_oldest_generation_leaves_the_minute(
        clock: Clock, five_a_minute: GenerationLimiter) -> None:
    await five_a_minute.try_acquire("alice")  # at 0 s
    clock.now += 20
    for _ in range(4):
        await five_a_minute.try_acquire("alice")  # at 20 s
    clock.now += 10.6
    assert await five_a_minute.quota("alice") == Quota(limit=5, remaining=0, resets_in_s=30)  # 29.4 s, rounded up
    clock.now += 29.3
    assert (await five_a_minute.quota("alice")).resets_in_s == 1  # 0.1 s: never "0 s" while still refused

    clock.now += 0.2  # 60.1 s: the first generation has left the minute, the other four have 20 s to go
    allowed, quota = await five_a_minute.try_acquire("alice")
    assert allowed and quota == Quota(limit=5, remaining=0, resets_in_s=20)
    refused, _ = await five_a_minute.try_acquire("alice")
    assert not refused
