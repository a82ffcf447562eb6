"""Fault tests run the app the same way the app tests do, plus real server processes."""

import pytest


@pytest.fixture(autouse=True)
def _runs_the_app(app_environment: str, main_module_survives_the_simulation: None,
                  ui_calls_reach_their_own_tab: None) -> None:
    """Opts this directory in to the app's environment (tests/support/app_environment.py)."""
