"""A render worker is killed, a render hangs, a stored PDF is corrupted: each invoice ends Ready or Failed."""

import asyncio
import logging
import os
import signal

import pytest
from bson import ObjectId
from nicegui import ui
from nicegui.testing import User
from pymongo import MongoClient

from storage import pdf_files
from tests.support.app import app_services, generate, renders_held, sign_up, signed_up_pair
from tests.support.metrics import scrape, value


def _invoices(database_uri: str) -> list[dict[str, object]]:
    with MongoClient(database_uri) as client:
        return list(client.get_default_database().invoices.find({}))


@pytest.mark.pdf_workers(2)
async def test_a_worker_killed_mid_render_is_replaced_and_the_job_retried_while_others_go_on(
        user: User, create_user, app_environment: str) -> None:
    user, bob = await signed_up_pair(user, create_user)
    with renders_held():
        victims = app_services().pool.worker_pids()
        await generate(user, "Acme", [("Anvils", "3", "20")])
        await generate(bob, "Globex", [("Magnets", "1", "5")])
        await asyncio.sleep(0.5)
        os.kill(victims[0], signal.SIGKILL)
    await user.should_see("Ready", retries=300)
    await bob.should_see("Ready", retries=300)
    assert not set(victims[:1]) & set(app_services().pool.worker_pids())  # the dead worker was replaced
    stored = _invoices(app_environment)
    assert len(stored) == 2 and {doc["status"] for doc in stored} == {"ready"}
    assert sorted(doc["attempts"] for doc in stored) in ([1, 1], [1, 2])  # a crash costs one more attempt


@pytest.mark.pdf_workers(1)
async def test_a_job_queued_behind_a_render_whose_worker_is_killed_is_made_without_costing_it_an_attempt(
        user: User, create_user, app_environment: str, caplog: pytest.LogCaptureFixture) -> None:
    """The one worker renders Alice's invoice with Bob's queued behind it (claimed ahead): only hers crashed."""
    caplog.set_level(logging.INFO, logger="services.jobs")
    user, bob = await signed_up_pair(user, create_user)
    with renders_held():
        victim = app_services().pool.worker_pids()
        await generate(user, "Acme", [("Anvils", "3", "20")])
        await _claimed(caplog, 1)
        await generate(bob, "Globex", [("Magnets", "1", "5")])
        await _claimed(caplog, 2)
        await asyncio.sleep(0.3)  # from the claim to the worker's queue: a few milliseconds
        os.kill(victim[0], signal.SIGKILL)
    await user.should_see("Ready", retries=300)
    await bob.should_see("Ready", retries=300)
    attempts = {doc["client"]["name"]: doc["attempts"] for doc in _invoices(app_environment)}
    assert attempts == {"Acme": 2, "Globex": 1}
    handed_back = [record for record in caplog.records if "stopped before it started" in record.getMessage()]
    assert len(handed_back) == 1  # Bob's job was in the killed worker's queue, and came back from it


async def _claimed(caplog: pytest.LogCaptureFixture, jobs: int, *, within_s: float = 20) -> None:
    for _ in range(int(within_s / 0.05)):
        if sum("job claimed" in record.getMessage() for record in caplog.records) >= jobs:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {jobs} jobs claimed within {within_s} s")


@pytest.mark.render_timeout(3)
@pytest.mark.pdf_workers(2)
async def test_a_render_that_hangs_past_the_timeout_fails_with_a_reason_and_others_are_not_failed(
        user: User, create_user, app_environment: str) -> None:
    user, bob = await signed_up_pair(user, create_user)
    timeouts_before = value(await scrape(user), "invoice_render_failures_total", reason="timeout")
    hung = app_services().pool.slots[0].worker_pids()
    with renders_held(hung):
        await generate(user, "Acme", [("Anvils", "3", "20")])
        await generate(bob, "Globex", [("Magnets", "1", "5")])
        await bob.should_see("Ready", retries=300)  # the other worker went on
        await user.should_see("Failed", retries=300)
    await user.should_see("took longer than 3 seconds")
    statuses = sorted(doc["status"] for doc in _invoices(app_environment))
    assert statuses == ["failed", "ready"]
    assert value(await scrape(user), "invoice_render_failures_total", reason="timeout") - timeouts_before == 1


async def test_a_corrupted_stored_pdf_is_never_served_and_can_be_made_again(
        user: User, app_environment: str) -> None:
    await sign_up(user, "alice@example.com")
    await generate(user, "Initech", [("TPS reports", "10", "1.5")])
    await user.should_see("Ready", retries=300)
    href = user.find("Download").elements.pop().props["href"]
    with MongoClient(app_environment) as client:
        db = client.get_default_database()
        file_id = db.invoices.find_one({})["pdf"]["file_id"]
        tampered = bytearray(db[pdf_files.DOCUMENTS].find_one({"_id": ObjectId(file_id)})["pdf"])
        tampered[len(tampered) // 2] ^= 0xFF  # one flipped byte on disk
        db[pdf_files.DOCUMENTS].update_one({"_id": ObjectId(file_id)}, {"$set": {"pdf": bytes(tampered)}})

    response = await user.http_client.get(href)
    assert response.status_code == 410 and b"%PDF" not in response.content
    assert "damaged" in response.text
    await user.should_see("Failed", retries=100)
    user.find(kind=ui.button, content="Retry").click()
    await user.should_see("Ready", retries=300)
    fresh = await user.http_client.get(user.find("Download").elements.pop().props["href"])
    assert fresh.status_code == 200 and fresh.content.startswith(b"%PDF")
    assert len(_invoices(app_environment)) == 1
    with MongoClient(app_environment) as client:  # the damaged PDF (and its thumbnail) went; the new one is there
        db = client.get_default_database()
        remade = db.invoices.find_one({})["pdf"]["file_id"]
        assert remade != file_id
        assert [doc["_id"] for doc in db[pdf_files.DOCUMENTS].find({}, {"_id": 1})] == [ObjectId(remade)]
