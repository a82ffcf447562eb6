"""A real `python app.py` server process on a free loopback port, as a person would start it; starting and
stopping one for the browser tests, with its output at hand."""

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
from pymongo import MongoClient

from tests.support.mongo import with_database
from tests.support.net import free_port
from tests.support.processes import wait_until_group_is_gone

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 20.0


def server_env(**overrides: str) -> dict[str, str]:
    """The test's environment minus pytest's and NiceGUI's own variables, plus the overrides."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTEST_", "NICEGUI_")) and key != "MONGODB_URI"}
    env.update(overrides)
    return env


class ServerProcess:
    def __init__(self, *, data_dir: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir.parent / f"server-{self.port}.log"
        data_dir.mkdir(parents=True, exist_ok=True)
        self._env = server_env(DATA_DIR=str(data_dir), PORT=str(self.port), HOST="127.0.0.1", **env)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 60.0) -> "ServerProcess":
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO_ROOT, env=self._env,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not answer /healthz in {timeout_s} s:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout_s: float = 30.0) -> int:
        assert self.process is not None
        return stop_process(self.process, sig, timeout_s, what="server", output=self.output)


def stop_process(process: subprocess.Popen[bytes], sig: signal.Signals, timeout_s: float, *, what: str,
                 output: Callable[[], str]) -> int:
    """Sends sig and waits; a process that ignores it is killed with its whole group, and that is an error."""
    if process.poll() is None:
        process.send_signal(sig)
    try:
        return process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise RuntimeError(f"{what} ignored {sig.name} for {timeout_s} s:\n{output()}") from None


def run_app_once(*, data_dir: Path, timeout_s: float = 60.0, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs app.py expecting it to exit by itself (a start-up refusal)."""
    settings = {"DATA_DIR": str(data_dir), "PORT": str(free_port()), **env}
    return subprocess.run([sys.executable, "app.py"], cwd=REPO_ROOT, capture_output=True, text=True,
                          env=server_env(**settings), timeout=timeout_s, check=False)


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
