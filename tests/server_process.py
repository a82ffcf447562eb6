"""A real `python app.py` server process on a free loopback port, as a person would start it."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            raise RuntimeError(f"server ignored {sig.name} for {timeout_s} s:\n{self.output()}") from None


def run_app_once(*, data_dir: Path, timeout_s: float = 60.0, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs app.py expecting it to exit by itself (a start-up refusal)."""
    settings = {"DATA_DIR": str(data_dir), "PORT": str(free_port()), **env}
    return subprocess.run([sys.executable, "app.py"], cwd=REPO_ROOT, capture_output=True, text=True,
                          env=server_env(**settings), timeout=timeout_s, check=False)
