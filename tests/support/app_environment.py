"""The settings app.py runs with under NiceGUI's user simulation (the `user` and `create_user` fixtures).

Nothing here is autouse: a directory whose every test runs the app opts in with an autouse fixture in its
conftest (tests/app, tests/faults); a module opts in with `pytestmark = runs_the_app`, a single test with
`@runs_the_app` (tests/security).
"""

import sys
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from nicegui import Client
from nicegui.slot import Slot
from nicegui.testing import User
from nicegui.testing.user_download import UserDownload
from nicegui.testing.user_navigate import UserNavigate
from nicegui.testing.user_notify import UserNotify

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
SETTING_MARKERS = {"render_timeout": "RENDER_TIMEOUT_S", "rate_limit": "PDF_RATE_LIMIT", "pdf_workers": "PDF_WORKERS",
                   "https": "HTTPS", "metrics_allow": "METRICS_ALLOW", "job_lease": "JOB_LEASE_S",
                   "job_recovery_interval": "JOB_RECOVERY_INTERVAL_S"}


@pytest.fixture
def app_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_database_uri: str,
                    request: pytest.FixtureRequest) -> str:
    """The app's settings, on a fresh database of the test MongoDB server (its URI is returned)."""
    monkeypatch.setenv("MONGODB_URI", fresh_database_uri)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("PDF_WORKERS", "1")
    monkeypatch.setenv("PDF_RATE_LIMIT", "1000/minute")
    for marker in request.node.iter_markers():
        if marker.name in SETTING_MARKERS:
            monkeypatch.setenv(SETTING_MARKERS[marker.name], str(marker.args[0]))
    return fresh_database_uri


@pytest.fixture
def main_module_survives_the_simulation() -> Iterator[None]:
    """NiceGUI's simulation reset deletes sys.modules['__main__']; spawned PDF workers need it."""
    main_module = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main_module


@pytest.fixture
def ui_calls_reach_their_own_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the simulation `ui.navigate`, `ui.notify` and `ui.download` belong to whichever User had an attribute
    read last, often another tab (a background task of that tab reads one): a page sent elsewhere, a notice or a
    download from a handler or a live event would reach the wrong tab. Here each reaches the tab it came from."""
    tabs: weakref.WeakValueDictionary[str, User] = weakref.WeakValueDictionary()
    original_open, original_to = User.open, UserNavigate.to
    original_notify, original_download = UserNotify.__call__, UserDownload.__call__

    def tab_of() -> User | None:
        stack = Slot.get_stack()  # not `context.client`, which makes a page of its own before the app has started
        return tabs.get(stack[-1].parent.client.id) if stack else None

    async def open_and_remember(self: User, path: str, **options: Any) -> Client:
        client = await original_open(self, path, **options)
        tabs[client.id] = self
        return client

    def navigate(self: UserNavigate, target: Callable[..., Any] | str, new_tab: bool = False) -> None:
        tab = tab_of()
        original_to(tab.navigate if tab else self, target, new_tab)

    def notify(self: UserNotify, message: str, **options: Any) -> None:
        tab = tab_of()
        original_notify(tab.notify if tab else self, message, **options)

    def download(self: UserDownload, src: str | Path | bytes, filename: str | None = None,
                 media_type: str = "") -> Any:
        tab = tab_of()
        return original_download(tab.download if tab else self, src, filename, media_type)

    monkeypatch.setattr(User, "open", open_and_remember)
    monkeypatch.setattr(UserNavigate, "to", navigate)
    monkeypatch.setattr(UserNotify, "__call__", notify)
    monkeypatch.setattr(UserDownload, "__call__", download)


runs_the_app = pytest.mark.usefixtures("app_environment", "main_module_survives_the_simulation",
                                       "ui_calls_reach_their_own_tab")
