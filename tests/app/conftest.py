"""The app under NiceGUI's user simulation, on a fresh database of the test MongoDB server."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


@pytest.fixture(autouse=True)
def app_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_database_uri: str) -> str:
    monkeypatch.setenv("MONGODB_URI", fresh_database_uri)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("PDF_WORKERS", "1")
    monkeypatch.setenv("PDF_RATE_LIMIT", "1000/minute")
    return fresh_database_uri


@pytest.fixture(autouse=True)
def main_module_survives_the_simulation() -> Iterator[None]:
    """NiceGUI's simulation reset deletes sys.modules['__main__']; spawned PDF workers need it."""
    main_module = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main_module
