"""Fault tests run the app the same way the app tests do, plus real server processes."""

from tests.app.conftest import app_environment, main_module_survives_the_simulation

__all__ = ["app_environment", "main_module_survives_the_simulation"]
