"""Fixtures every tier may request, from tests/support. None is autouse here: the unit tier gets no database,
and the directories whose tests run the app opt in to its environment in their own conftest or module."""

pytest_plugins = ["tests.support.mongo", "tests.support.redis", "tests.support.app_environment"]
