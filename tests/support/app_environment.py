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
from nicegui import Client, context
from nicegui.testing import User
from nicegui.testing.user_navigate import UserNavigate

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
SETTING_MARKERS = {"render_timeout": "RENDER_TIMEOUT_S", "rate_limit": "PDF_RATE_LIMIT", "pdf_workers": "PDF_WORKERS",
                   "https": "HTTPS", "metrics_allow": "METRICS_ALLOW"}


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
def navigation_stays_in_its_tab(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ui.navigate` in the simulation is the navigator of whichever User had an attribute read last; a page sent
    elsewhere from a handler or a live event would move that User, often another tab. Here it moves its own tab."""
    tabs: weakref.WeakValueDictionary[str, User] = weakref.WeakValueDictionary()
    original_open, original_to = User.open, UserNavigate.to

    async def open_and_remember(self: User, path: str, **options: Any) -> Client:
        client = await original_open(self, path, **options)
        tabs[client.id] = self
        return client

    def to_the_tab_it_came_from(self: UserNavigate, target: Callable[..., Any] | str, new_tab: bool = False) -> None:
        tab = tabs.get(_current_client_id(), self.user)
        original_to(tab.navigate, target, new_tab)

    monkeypatch.setattr(User, "open", open_and_remember)
    monkeypatch.setattr(UserNavigate, "to", to_the_tab_it_came_from)


def _current_client_id() -> str:
    try:
        return context.client.id
    except RuntimeError:  # called outside any page
        return ""


runs_the_app = pytest.mark.usefixtures("app_environment", "main_module_survives_the_simulation",
                                       "navigation_stays_in_its_tab")
