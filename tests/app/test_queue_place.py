"""A queued PDF's place in the cluster-wide line follows other users' jobs, which send this tab no event."""

import asyncio

from bson import ObjectId
from nicegui.testing import User

from services.accounts.sessions import COOKIE_NAME
from services.jobs.seats import SHORT_RENDER_LINES
from storage import jobs
from storage.jobs import now_ms
from tests.support.app import app_services, generate, renders_held, sign_up

LINES = [("Consulting", "1", "100")]
LONG = LINES * (SHORT_RENDER_LINES + 1)  # no job is claimed ahead of a long render (services.jobs.seats): the other
# user's queued job below stays in line, instead of being claimed here to wait for this worker
ELSEWHERE = "someone-elsewhere"  # a user of another web process, whose render runs in another worker process


async def test_the_place_of_a_queued_pdf_moves_by_itself_as_jobs_of_other_users_come_and_go(user: User) -> None:
    await sign_up(user, "alice@example.com")
    signed_in = await app_services().sessions.resolve(user.http_client.cookies.get(COOKIE_NAME))
    assert signed_in is not None
    db = app_services().db
    with renders_held():
        await generate(user, "First client", LONG)
        await _until_running(signed_in.user_id)
        await generate(user, "Second client", LINES)  # alice already holds her share of the workers: it waits
        await user.should_see("Queued, position 1", retries=50)
        waiting = await jobs.queued_of_owner(db, owner_id=signed_in.user_id)
        # another process's user: one render under way elsewhere (so that user's next job waits too) and one
        # job queued ahead of alice's
        await jobs.create(db, owner_id=ELSEWHERE, invoice_id=str(ObjectId()), tag=0, lines=1, state="running")
        await db.jobs.update_one({"owner_id": ELSEWHERE}, {"$set": {"holder": "elsewhere",
                                                                     "lease_until_ms": now_ms() + 600_000}})
        ahead = str(ObjectId())
        await jobs.create(db, owner_id=ELSEWHERE, invoice_id=ahead, tag=waiting[0].tag - 1, lines=1, state="queued")

        await user.should_see("Queued, position 2", retries=100)  # no reload, no event for alice

        await db.jobs.delete_one({"_id": ObjectId(ahead)})  # taken and finished elsewhere
        await user.should_see("Queued, position 1", retries=100)
        await db.jobs.delete_many({"owner_id": ELSEWHERE})


async def _until_running(owner_id: str, timeout_s: float = 30) -> None:
    for _ in range(int(timeout_s * 10)):
        if await app_services().db.jobs.find_one({"owner_id": owner_id, "state": "running"}) is not None:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"no job of {owner_id} started within {timeout_s} s")
