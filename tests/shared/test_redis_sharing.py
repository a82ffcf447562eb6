"""What several app processes share through Redis: live updates and the rate-limit counters."""

import asyncio

from services.counters import CounterStorage
from services.invoices.rate_limit import GenerationLimiter
from services.live.bus import UserEvent
from services.live.redis_bus import RedisEventBus


async def test_an_event_published_by_one_process_reaches_the_owners_listeners_in_another(redis_url: str) -> None:
    replica_a, replica_b = RedisEventBus(redis_url), RedisEventBus(redis_url)
    await replica_a.start()
    await replica_b.start()
    alice_on_b: list[UserEvent] = []
    bob_on_b: list[UserEvent] = []

    async def alice_listener(event: UserEvent) -> None:
        alice_on_b.append(event)

    async def bob_listener(event: UserEvent) -> None:
        bob_on_b.append(event)

    replica_b.subscribe("alice", alice_listener)
    replica_b.subscribe("bob", bob_listener)
    event = UserEvent(user_id="alice", kind="invoice_changed", subject_id="invoice-1")
    await replica_a.publish(event)
    for _ in range(50):
        if alice_on_b:
            break
        await asyncio.sleep(0.05)
    assert alice_on_b == [event] and bob_on_b == []
    await replica_a.stop()
    await replica_b.stop()


async def test_two_processes_share_one_rate_limit_window(redis_url: str) -> None:
    storage_a, storage_b = CounterStorage(redis_url), CounterStorage(redis_url)
    replica_a = GenerationLimiter("5/minute", storage_a)
    replica_b = GenerationLimiter("5/minute", storage_b)
    results = [(await replica_a.try_acquire("carol"))[0] for _ in range(3)]
    results += [(await replica_b.try_acquire("carol"))[0] for _ in range(3)]
    assert results == [True, True, True, True, True, False]
    allowed, quota = await replica_a.try_acquire("dave")
    assert allowed and quota.remaining == 4
    refused, carol = await replica_b.try_acquire("carol")
    assert not refused and carol.remaining == 0 and 0 < carol.wait_s <= 60
    await storage_a.close()
    await storage_b.close()
