"""The database fails after an invoice is stored and before its job is written (as when the process dies there):
the invoice is still made, without a restart, and shows Ready in the owner's tab."""

from typing import Any

import pytest
from nicegui.testing import User
from pymongo import MongoClient
from pymongo.errors import AutoReconnect

from storage import jobs
from tests.support.app import fill_invoice, sign_up
from ui.guarded import DATABASE_UNAVAILABLE


@pytest.mark.job_lease(1)
@pytest.mark.job_recovery_interval(0.2)
async def test_an_invoice_stored_without_its_job_gets_one_and_is_made_without_a_restart(
        user: User, monkeypatch: pytest.MonkeyPatch, app_environment: str) -> None:
    await sign_up(user, "dora@example.com")
    write_job = jobs.create

    async def lost_on_the_way(*args: Any, **kwargs: Any) -> None:
        monkeypatch.setattr(jobs, "create", write_job)
        raise AutoReconnect("connection closed")

    monkeypatch.setattr(jobs, "create", lost_on_the_way)
    fill_invoice(user, "Acme", [("Anvils", "3", "20")])
    user.find("Generate PDF").click()
    await user.should_see(DATABASE_UNAVAILABLE, retries=50)
    assert jobs.create is write_job  # the job write failed once
    await user.should_see("Ready", retries=300)
    await user.should_see("INV-0001")
    with MongoClient(app_environment) as client:
        stored = list(client.get_default_database().invoices.find({}, {"status": 1, "number": 1, "attempts": 1}))
    assert [(doc["number"], doc["status"], doc["attempts"]) for doc in stored] == [("INV-0001", "ready", 1)]
