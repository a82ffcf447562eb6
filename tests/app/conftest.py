"""Every test here runs the app under NiceGUI's user simulation, on a fresh database of the test MongoDB server."""

import pytest


@pytest.fixture(autouse=True)
def _runs_the_app(app_environment: str, main_module_survives_the_simulation: None,
                  ui_calls_reach_their_own_tab: None) -> None:
    """Opts this directory in to the app's environment (tests/support/app_environment.py)."""
