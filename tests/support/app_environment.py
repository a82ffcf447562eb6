"""The settings app.py runs with under NiceGUI's user simulation (the `user` and `create_user` fixtures).

Nothing here is autouse: a directory whose every test runs the app opts in with an autouse fixture in its
conftest (tests/app, tests/faults); a module opts in with `pytestmark = runs_the_app`, a single test with
`@runs_the_app` (tests/security).
"""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

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


runs_the_app = pytest.mark.usefixtures("app_environment", "main_module_survives_the_simulation")
