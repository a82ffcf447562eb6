"""Who gets the next free PDF worker: the waiting user holding the fewest, in turns, and never one user them all."""

import asyncio

import pytest

from services.jobs.fair_scheduler import FairScheduler

WITHIN_S = 1.0  # everything here is immediate; a grant that takes this long is a grant that never comes


class Job:
    """A job of `user` that holds its worker, once granted, until `finish()`."""

    def __init__(self, scheduler: FairScheduler[str], user: str) -> None:
        self.user = user
        self.granted = asyncio.Event()
        self._finish = asyncio.Event()
        self.task = asyncio.create_task(self._run(scheduler))

    async def _run(self, scheduler: FairScheduler[str]) -> None:
        async with scheduler.slot_for(self.user):
            self.granted.set()
            await self._finish.wait()

    @property
    def running(self) -> bool:
        return self.granted.is_set()

    async def finish(self) -> None:
        self._finish.set()
        await asyncio.wait_for(self.task, WITHIN_S)


async def settled() -> None:
    """Lets every task that can make progress make it (each step below needs at most a few loop turns)."""
    for _ in range(10):
        await asyncio.sleep(0)


async def test_users_waiting_for_a_single_worker_take_turns_instead_of_first_come_all_served() -> None:
    scheduler = FairScheduler(["worker"])
    carol = Job(scheduler, "carol")
    await settled()
    order: list[str] = []

    async def job(user: str) -> None:
        async with scheduler.slot_for(user):
            order.append(user)

    jobs = [asyncio.create_task(job(user)) for user in ["alice"] * 3 + ["bob"] * 3]  # alice asked first, 3 times
    await settled()
    await carol.finish()
    await asyncio.wait_for(asyncio.gather(*jobs), WITHIN_S)
    assert order == ["alice", "bob", "alice", "bob", "alice", "bob"]


async def test_a_free_worker_goes_to_the_waiting_user_who_holds_the_fewest() -> None:
    scheduler = FairScheduler(["w1", "w2", "w3"])
    alice_1, alice_2, bob_1 = Job(scheduler, "alice"), Job(scheduler, "alice"), Job(scheduler, "bob")
    await settled()
    alice_3, bob_2, carol_1 = Job(scheduler, "alice"), Job(scheduler, "bob"), Job(scheduler, "carol")
    await settled()
    assert [job.running for job in (alice_1, alice_2, bob_1, alice_3, bob_2, carol_1)] == [True] * 3 + [False] * 3

    await alice_1.finish()  # alice and bob now hold one each, carol none: carol, although she asked last
    await settled()
    assert [alice_3.running, bob_2.running, carol_1.running] == [False, False, True]

    await bob_1.finish()  # alice holds one, bob none, carol one: bob
    await settled()
    assert [alice_3.running, bob_2.running] == [False, True]
    for job in (alice_2, bob_2, carol_1):
        await job.finish()
    await asyncio.wait_for(alice_3.granted.wait(), WITHIN_S)
    await alice_3.finish()


@pytest.mark.parametrize("workers", [2, 3, 4])
async def test_a_user_with_a_pile_of_jobs_always_leaves_one_worker_for_everybody_else(workers: int) -> None:
    scheduler = FairScheduler([f"w{n}" for n in range(workers)])
    alice = [Job(scheduler, "alice") for _ in range(workers + 2)]
    await settled()
    assert sum(job.running for job in alice) == workers - 1

    bob = Job(scheduler, "bob")
    await settled()
    assert bob.running
    for job in [bob, *alice]:
        await job.finish()


async def test_a_lone_user_gets_the_only_worker() -> None:
    scheduler = FairScheduler(["worker"])
    alice = Job(scheduler, "alice")
    await asyncio.wait_for(alice.granted.wait(), WITHIN_S)
    await alice.finish()


async def test_a_waiter_who_gives_up_before_their_turn_is_skipped() -> None:
    scheduler = FairScheduler(["worker"])
    alice = Job(scheduler, "alice")
    await settled()
    bob, carol = Job(scheduler, "bob"), Job(scheduler, "carol")
    await settled()
    bob.task.cancel()
    await settled()

    await alice.finish()
    await asyncio.wait_for(carol.granted.wait(), WITHIN_S)
    assert bob.task.cancelled() and not bob.running
    await carol.finish()


async def test_a_worker_granted_to_a_waiter_cancelled_before_it_woke_up_goes_to_the_next_one() -> None:
    scheduler = FairScheduler(["worker"])
    bob: Job | None = None

    async def alice() -> None:
        async with scheduler.slot_for("alice"):
            await settled()  # bob and carol queue up behind her
        # leaving the block just handed the worker to bob, the first waiter; his task has not run since
        assert bob is not None
        bob.task.cancel()

    alice_task = asyncio.create_task(alice())
    await asyncio.sleep(0)
    bob, carol = Job(scheduler, "bob"), Job(scheduler, "carol")
    await asyncio.wait_for(alice_task, WITHIN_S)

    await asyncio.wait_for(carol.granted.wait(), WITHIN_S)
    assert bob.task.cancelled() and not bob.running
    await carol.finish()
    dave = Job(scheduler, "dave")  # and the worker is free again afterwards: nothing leaked
    await asyncio.wait_for(dave.granted.wait(), WITHIN_S)
    await dave.finish()
