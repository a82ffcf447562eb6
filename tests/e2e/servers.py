"""Starting and stopping a real `python app.py` for the browser tests, and keeping its output at hand."""

import os
import secrets
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pymongo import MongoClient

from tests.conftest import with_database
from tests.processes import wait_until_group_is_gone
from tests.server_process import ServerProcess

START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 20.0


@contextmanager
def served(data_dir: Path, **env: str) -> Iterator[ServerProcess]:
    """A server with its own DATA_DIR and, when the outer environment sets MONGODB_URI, its own database.

    On the way out: SIGTERM, and the server with every process it started must be gone within STOP_TIMEOUT_S.
    """
    settings = {"SECRET_KEY": secrets.token_urlsafe(48), "PDF_WORKERS": "2", "PDF_RATE_LIMIT": "5/minute",
                "SIGNUP_LIMIT_PER_ADDRESS": "100/hour", **env}  # every test browser signs up from 127.0.0.1
    database_uri = None if "MONGODB_URI" in env else _fresh_database_uri()
    if database_uri:
        settings["MONGODB_URI"] = database_uri
    server = ServerProcess(data_dir=data_dir, **settings).start(timeout_s=START_TIMEOUT_S)
    try:
        yield server
    finally:
        _stop_with_every_child(server)
        if database_uri:
            with MongoClient(database_uri) as client:
                client.drop_database(client.get_default_database().name)


def tail(text: str, lines: int = 200) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _fresh_database_uri() -> str | None:
    outer = os.environ.get("MONGODB_URI")
    return with_database(outer, f"e2e_{secrets.token_hex(6)}") if outer else None


def _stop_with_every_child(server: ServerProcess) -> None:
    assert server.process is not None
    group = server.process.pid  # started with start_new_session: the group holds every child it made
    server.stop(timeout_s=STOP_TIMEOUT_S)  # raises, with the server output, if SIGTERM is ignored
    survivors = wait_until_group_is_gone(group, timeout_s=STOP_TIMEOUT_S)
    for survivor in survivors:
        with suppress(ProcessLookupError):
            os.kill(survivor.pid, signal.SIGKILL)
    assert not survivors, f"processes outlived the server after SIGTERM: {survivors}\n{tail(server.output())}"
