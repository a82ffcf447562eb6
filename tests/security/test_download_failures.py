"""Finding 6: a download (or a page) while the database is away answers a readable 503 page, never a bare 500."""

import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from nicegui import core
from nicegui.testing import User
from nicegui.testing.user_simulation import user_simulation

from services.accounts.sessions import COOKIE_NAME
from storage.runtime.database_runtime import DatabaseRuntime
from tests.support.app import generate, sign_up
from tests.support.app_environment import runs_the_app
from tests.support.servers import REPO_ROOT

pytestmark = runs_the_app


@pytest.fixture
async def embedded_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[User]:
    monkeypatch.delenv("MONGODB_URI")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "embedded"))
    async with user_simulation(main_file=REPO_ROOT / "app.py") as user:
        yield user


async def test_a_download_while_the_database_is_paused_answers_503_with_a_readable_page(embedded_app: User) -> None:
    user = embedded_app
    await sign_up(user, "paula@example.com")
    await generate(user, "Paused Ltd", [("Work", "1", "10")])
    await user.should_see("Download", retries=300)
    (link,) = user.find("Download").elements
    href = str(link.props["href"])
    assert (await user.http_client.get(href)).status_code == 200
    database = _database_pid()
    os.kill(database, signal.SIGSTOP)
    try:
        response = await user.http_client.get(href)
    finally:
        os.kill(database, signal.SIGCONT)
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert "temporarily unavailable" in response.text and response.headers["retry-after"]


async def test_a_page_whose_session_cannot_be_looked_up_answers_503_with_a_readable_page(embedded_app: User) -> None:
    """A session this process has not seen yet (another replica's, or any after a restart) while the database is
    away or too slow for the look-up: the readable 503 page, not a 500 from the page rewriter."""
    user = embedded_app
    await sign_up(user, "paula@example.com")
    unseen = {"Cookie": f"{COOKIE_NAME}=a-session-this-process-has-not-seen"}
    database = _database_pid()
    os.kill(database, signal.SIGSTOP)
    try:
        response = await user.http_client.get("/", headers=unseen)
    finally:
        os.kill(database, signal.SIGCONT)
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert "temporarily unavailable" in response.text and response.headers["retry-after"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def _database_pid() -> int:
    runtime: DatabaseRuntime = core.app.state.database_runtime
    assert runtime.embedded is not None
    return int(runtime.embedded.pid_file.read_text().strip())
