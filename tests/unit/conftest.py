"""The unit tier: the code under test and nothing else. No database, no Redis, no app, no server process, no
network, so the whole directory runs in seconds: `.venv/bin/python -m pytest tests/unit`."""

from pathlib import Path

import pytest

OUTSIDE_THE_UNIT_TIER = frozenset({"mongo_server_uri", "fresh_database_uri", "redis_url", "app_environment",
                                   "user", "create_user"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuses the run before anything starts if a test here asks for a database, Redis or the running app."""
    here = Path(__file__).parent
    misplaced = {item.nodeid: sorted(OUTSIDE_THE_UNIT_TIER.intersection(getattr(item, "fixturenames", ())))
                 for item in items if item.path.is_relative_to(here)}
    misplaced = {nodeid: fixtures for nodeid, fixtures in misplaced.items() if fixtures}
    if misplaced:
        listing = "\n".join(f"  {nodeid}: {', '.join(fixtures)}" for nodeid, fixtures in misplaced.items())
        raise pytest.UsageError(f"tests/unit takes no database, Redis or app; these belong in another tier:\n{listing}")
