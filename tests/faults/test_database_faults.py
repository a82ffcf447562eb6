"""The embedded database is unreachable for ten seconds, or killed: pages load, actions say so, nothing is lost."""

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest
from nicegui import core
from nicegui.testing import User
from nicegui.testing.user_simulation import user_simulation

from storage.runtime.database_runtime import DatabaseRuntime
from tests.support.app import fill_invoice, generate, renders_held, sign_up
from tests.support.servers import REPO_ROOT
from ui.dashboard.invoice_form import AUTOSAVE_AFTER_S

UNAVAILABLE = "temporarily unavailable"
OUTAGE_S = 10


@pytest.fixture
async def embedded_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> User:
    monkeypatch.delenv("MONGODB_URI")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "embedded"))
    async with user_simulation(main_file=REPO_ROOT / "app.py") as user:
        yield user


def nx_pid() -> int:
    runtime: DatabaseRuntime = core.app.state.database_runtime
    assert runtime.embedded is not None
    return int(runtime.embedded.pid_file.read_text().strip())


async def test_a_ten_second_database_outage_is_survived_with_plain_messages(embedded_app: User) -> None:
    user = embedded_app
    await sign_up(user, "alice@example.com")
    with renders_held():
        await generate(user, "In flight during the outage", [("Work", "1", "10")])
        outage_started = time.monotonic()
        database = nx_pid()
        os.kill(database, signal.SIGSTOP)
    try:
        page = await user.http_client.get("/")
        assert page.status_code == 200 and "Log out" in page.text  # pages keep loading
        user.find("Client name").type("Typed during the outage")
        user.find("Description").type("Work")
        user.find("Unit price").type("10")
        user.find("Generate PDF").click()
        await user.should_see(UNAVAILABLE, retries=150)
        assert (await user.http_client.get("/healthz")).status_code == 503
        await asyncio.sleep(max(0.0, OUTAGE_S - (time.monotonic() - outage_started)))
    finally:
        os.kill(database, signal.SIGCONT)
    await user.should_see("Ready", retries=300)  # the render that finished during the outage was stored
    user.find("Generate PDF").click()  # what was typed is still there
    await user.should_see("INV-0002", retries=200)
    await user.should_see("Typed during the outage")
    assert (await user.http_client.get("/healthz")).status_code == 200


async def test_generate_clicked_while_a_draft_save_waits_on_the_database_still_issues_the_invoice(
        embedded_app: User) -> None:
    user = embedded_app
    await sign_up(user, "carol@example.com")
    database = nx_pid()
    os.kill(database, signal.SIGSTOP)
    try:
        fill_invoice(user, "Typed while the database paused", [("Work", "1", "10")])
        await asyncio.sleep(AUTOSAVE_AFTER_S + 1.5)  # the draft's autosave has begun and waits on the database
        user.find("Generate PDF").click()
        await asyncio.sleep(0.5)
    finally:
        os.kill(database, signal.SIGCONT)
    await user.should_see("INV-0001", retries=200)  # the click waited for the save instead of being dropped
    await user.should_see("Typed while the database paused")


async def test_a_killed_embedded_database_is_restarted_and_work_goes_on(embedded_app: User) -> None:
    user = embedded_app
    await sign_up(user, "bob@example.com")
    old_pid = nx_pid()
    os.kill(old_pid, signal.SIGKILL)
    for _ in range(100):
        await asyncio.sleep(0.1)
        if (await user.http_client.get("/healthz")).status_code == 200 and nx_pid() != old_pid:
            break
    assert nx_pid() != old_pid
    await user.open("/")
    await generate(user, "After the restart", [("Work", "2", "10")])
    await user.should_see("Ready", retries=300)
