"""A real `python app.py worker` process (a render worker with no web server), as an operator would start it."""

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.net import free_port
from tests.support.servers import REPO_ROOT, server_env, stop_process

READY = re.compile(r"render worker ready instance=(\w+)")


class WorkerProcess:
    def __init__(self, *, folder: Path, name: str, **env: str) -> None:
        self.metrics_port = free_port()
        self.log_path = folder / f"worker-{name}.log"
        (folder / name).mkdir(parents=True, exist_ok=True)
        self._env = server_env(DATA_DIR=str(folder / name), METRICS_PORT=str(self.metrics_port), **env)
        self.process: subprocess.Popen[bytes] | None = None
        self.instance = ""

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout_s: float = 60.0) -> "WorkerProcess":
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "app.py", "worker"], cwd=REPO_ROOT, env=self._env,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}:\n{self.output()}")
            if match := READY.search(self.output()):
                self.instance = match.group(1)
                return self
            time.sleep(0.2)
        raise RuntimeError(f"worker did not get ready in {timeout_s} s:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout_s: float = 30.0) -> int:
        assert self.process is not None
        return stop_process(self.process, sig, timeout_s, what="worker", output=self.output)


def run_worker_once(*, timeout_s: float = 60.0, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs `python app.py worker` expecting it to refuse to start."""
    return subprocess.run([sys.executable, "app.py", "worker"], cwd=REPO_ROOT, capture_output=True, text=True,
                          env=server_env(**env), timeout=timeout_s, check=False)
