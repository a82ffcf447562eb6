"""Measures event-loop lag: how much later than asked a short sleep wakes up."""

import asyncio
import time

from services.observability.metrics import EVENT_LOOP_LAG

INTERVAL_S = 0.5


async def watch_loop_lag() -> None:
    while True:
        started = time.perf_counter()
        await asyncio.sleep(INTERVAL_S)
        EVENT_LOOP_LAG.observe(max(0.0, time.perf_counter() - started - INTERVAL_S))
