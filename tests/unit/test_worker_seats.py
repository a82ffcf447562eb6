"""A job claimed before a worker is free waits for at most one short render, queued on that render's worker."""

import asyncio

from services.jobs.seats import SHORT_RENDER_LINES, WorkerSeats

LONG = SHORT_RENDER_LINES + 1


async def _room_now(seats: WorkerSeats[str]) -> bool:
    try:
        await asyncio.wait_for(seats.wait_for_room(), 0.05)
    except TimeoutError:
        return False
    return True


async def test_each_free_worker_takes_a_job_before_any_is_claimed_ahead() -> None:
    seats = WorkerSeats(["w0", "w1"])
    seats.take("a", LONG)
    assert await _room_now(seats)
    seats.take("b", LONG)
    async with seats.worker("a"), seats.worker("b"):
        assert not await _room_now(seats)  # two long renders: a job claimed now could wait for seconds


async def test_a_job_claimed_ahead_is_handed_at_once_to_the_worker_of_a_short_render_never_a_long_one() -> None:
    """It waits in that worker's own queue, so the worker starts it the moment the render ahead ends."""
    seats = WorkerSeats(["w0", "w1"])
    for job in ("a", "b"):
        seats.take(job, LONG if job == "a" else 1)
    seated: list[str] = []

    async def render(job: str, finished: asyncio.Event) -> None:
        async with seats.worker(job) as worker:
            seated.append(f"{job}@{worker}")
            await finished.wait()

    a_done, b_done, c_done = asyncio.Event(), asyncio.Event(), asyncio.Event()
    running = [asyncio.create_task(render("a", a_done)), asyncio.create_task(render("b", b_done))]
    await asyncio.sleep(0)
    assert await _room_now(seats)  # b is short: one job may wait for it
    seats.take("c", 1)
    running.append(asyncio.create_task(render("c", c_done)))
    await asyncio.sleep(0.01)
    assert seated == ["a@w0", "b@w1", "c@w1"]  # behind b, while b still renders; never behind the long a
    assert not await _room_now(seats)  # one waiting job per short render, no more
    b_done.set()
    await asyncio.sleep(0.01)
    assert await _room_now(seats)  # c renders now, and it is short: one more may wait behind it
    a_done.set()
    c_done.set()
    await asyncio.gather(*running)
    assert await _room_now(seats)


async def test_a_free_worker_is_preferred_to_queueing_behind_a_render() -> None:
    seats = WorkerSeats(["w0", "w1"])
    seats.take("a", 1)
    async with seats.worker("a") as first:
        seats.take("b", 1)
        async with seats.worker("b") as second:
            assert (first, second) == ("w0", "w1")


async def test_a_third_job_for_a_worker_waits_until_a_place_in_its_queue_frees() -> None:
    seats = WorkerSeats(["w0"])
    for job in ("a", "b", "c"):
        seats.take(job, 1)
    seated: list[str] = []
    a_done, b_done = asyncio.Event(), asyncio.Event()

    async def render(job: str, finished: asyncio.Event) -> None:
        async with seats.worker(job) as worker:
            seated.append(f"{job}@{worker}")
            await finished.wait()

    running = [asyncio.create_task(render(job, done)) for job, done in (("a", a_done), ("b", b_done))]
    await asyncio.sleep(0)
    running.append(asyncio.create_task(render("c", b_done)))
    await asyncio.sleep(0.01)
    assert seated == ["a@w0", "b@w0"]  # a renders, b waits in the worker's queue, c waits for a place in it
    a_done.set()
    await asyncio.sleep(0.01)
    assert seated == ["a@w0", "b@w0", "c@w0"]
    b_done.set()
    await asyncio.gather(*running)


async def test_a_job_that_ends_without_a_render_gives_its_seat_back() -> None:
    seats = WorkerSeats(["w0"])
    seats.take("a", LONG)
    assert not await _room_now(seats)
    seats.let_go("a")  # its invoice was deleted, or its PDF made already
    assert await _room_now(seats)


async def test_a_dispatcher_already_waiting_may_claim_ahead_once_a_short_render_starts() -> None:
    """It waits while both claimed jobs are still being read; the second one's render starting makes the room."""
    seats = WorkerSeats(["w0", "w1"])
    seats.take("a", 1)
    seats.take("b", 1)
    room = asyncio.create_task(seats.wait_for_room())
    async with seats.worker("a"):
        await asyncio.sleep(0.01)
        assert not room.done()  # a renders, b is claimed and not yet rendering: b is the one job waiting
        async with seats.worker("b"):
            await asyncio.wait_for(room, 0.5)  # both render now: one job may be claimed ahead, before either ends


async def test_a_process_with_other_render_workers_alive_claims_nothing_ahead() -> None:
    """Another process may have a free worker: a job claimed here would wait behind a render while it idles."""
    others_alive = True
    seats = WorkerSeats(["w0"], may_claim_ahead=lambda: not others_alive)
    seats.take("a", 1)
    async with seats.worker("a"):
        assert not await _room_now(seats)  # a short render, yet nothing is claimed ahead of it
        others_alive = False  # they stopped: this process is alone again
        assert await _room_now(seats)
