"""The embedded MongoDB default: an `nx-27017` child process (MongoDB wire protocol on SQLite).

Layout under data_dir (0700, everything in it owner-only): `mongo/` (one SQLite file per logical database),
`mongo.sock`, `nx-27017.pid`, `nx-27017.log`.

Choices worth knowing:
- nx-27017 has no authentication, so it listens on no TCP port at all: `nx_27017_unix.py` serves it on a Unix
  socket inside the private data folder, which only this Unix user (and root) can connect to.
- The child's stderr is appended to `nx-27017.log` and its own `--log-file` is /dev/null. nx-27017 writes every
  log line to stderr anyway, and errors that happen before its file logging is set up or outside it
  ("address already in use", "already running") reach stderr only, so this one file has everything.
- The child gets PR_SET_PDEATHSIG=SIGTERM (Linux) so it exits even when the app is SIGKILLed. The kernel sends
  it when the *thread* that spawned the child ends, so call `start()` / `restart_if_dead()` from a thread that
  lives as long as the app (the main thread, or a pool worker, which lives until its pool shuts down).
- The child stays in the app's process group, so Ctrl-C in a terminal stops both.
- One instance keeps one socket path for its whole life: a restart reuses it, so existing clients reconnect.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from storage.runtime.errors import DatabaseStartError
from storage.runtime.private_dir import make_private
from storage.runtime.process_lifetime import die_with_parent

LAUNCHER = Path(__file__).with_name("nx_27017_unix.py")
SOCKET_NAME = "mongo.sock"  # pymongo recognises a socket path by its ".sock" ending
MAX_SOCKET_PATH_BYTES = 107  # sun_path is 108 bytes on Linux, with its terminating NUL
PID_FILE_NAME = "nx-27017.pid"
LOG_FILE_NAME = "nx-27017.log"
_POLL_INTERVAL_S = 0.05
_LOG_TAIL_LINES = 20


class EmbeddedMongoError(DatabaseStartError):
    """The embedded MongoDB server could not be started."""


class EmbeddedMongo:
    def __init__(self, data_dir: Path, *, database: str = "invoices") -> None:
        self.data_dir = data_dir.absolute()
        self.database = database
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # a watchdog thread may call restart_if_dead() while the app stops

    @property
    def uri(self) -> str:
        return f"mongodb://{quote(str(self.socket_path), safe='')}/{self.database}"

    @property
    def socket_path(self) -> Path:
        return self.data_dir / SOCKET_NAME

    @property
    def pid_file(self) -> Path:
        return self.data_dir / PID_FILE_NAME

    @property
    def log_file(self) -> Path:
        return self.data_dir / LOG_FILE_NAME

    def start(self, timeout_s: float = 20.0) -> str:
        """Start the server (if it is not running) and block until it answers `ping`; return its URI."""
        with self._lock:
            if not self.is_running():
                self._launch(timeout_s)
            return self.uri

    def stop(self, timeout_s: float = 5.0) -> None:
        """SIGTERM, wait up to timeout_s, then SIGKILL. Safe to call more than once."""
        with self._lock:
            self._terminate(timeout_s)
            self._process = None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def restart_if_dead(self) -> bool:
        """If the child exited on its own, start it again on the same socket and return True."""
        with self._lock:
            if self._process is None or self._process.poll() is None:
                return False
            self._launch(timeout_s=20.0)
            return True

    def _launch(self, timeout_s: float) -> None:
        _check_socket_path(self.socket_path)
        make_private(self.data_dir)
        (self.data_dir / "mongo").mkdir(mode=0o700, exist_ok=True)
        _remove_stale_pid_file(self.pid_file)
        log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with self.log_file.open("ab") as log:
            self._process = subprocess.Popen(  # noqa: S603 (fixed executable, no shell)
                self._command(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                preexec_fn=_die_with_parent_hook(),
            )
        try:
            self._wait_until_ready(timeout_s)
        except EmbeddedMongoError as error:
            self._terminate(timeout_s=5.0)  # keeps the dead process, so restart_if_dead() can try again
            raise EmbeddedMongoError(f"{error}\n{self._failure_details(log_offset)}") from None

    def _terminate(self, timeout_s: float) -> None:
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        _remove_pid_file_if_it_names(self.pid_file, process.pid)

    def _command(self) -> list[str]:
        return [
            sys.executable, str(LAUNCHER),
            "--data-dir", str(self.data_dir / "mongo"),
            "--socket", str(self.socket_path),
            "--pid-file", str(self.pid_file),
        ]  # fmt: skip

    def _wait_until_ready(self, timeout_s: float) -> None:
        assert self._process is not None
        deadline = time.monotonic() + timeout_s
        client: MongoClient[dict[str, Any]] = MongoClient(
            self.uri, serverSelectionTimeoutMS=250, connectTimeoutMS=250, directConnection=True
        )
        with client:
            while time.monotonic() < deadline:
                if (code := self._process.poll()) is not None:
                    raise EmbeddedMongoError(f"nx-27017 exited with code {code} while starting.")
                with contextlib.suppress(PyMongoError):
                    client.admin.command("ping")
                    self._check_answered_by_child(client)
                    return
                time.sleep(_POLL_INTERVAL_S)
        raise EmbeddedMongoError(f"nx-27017 did not answer ping on {self.socket_path} within {timeout_s:.0f} s.")

    def _check_answered_by_child(self, client: MongoClient[dict[str, Any]]) -> None:
        assert self._process is not None
        pid = client.admin.command("serverStatus").get("pid")
        if pid != self._process.pid:
            raise EmbeddedMongoError(f"{self.socket_path} is answered by another process (pid {pid}), not by nx-27017.")

    def _failure_details(self, log_offset: int) -> str:
        return (
            f"Last lines of {self.log_file}:\n{_log_tail(self.log_file, log_offset)}\n"
            "Check that log; if another app is using this data folder stop it or set DATA_DIR to another folder, "
            "or set MONGODB_URI to use an external MongoDB instead of the embedded one."
        )


def _check_socket_path(socket_path: Path) -> None:
    if len(os.fsencode(socket_path)) > MAX_SOCKET_PATH_BYTES:
        raise EmbeddedMongoError(
            f"The data folder's path is too long for the embedded database's Unix socket ({socket_path}, at most "
            f"{MAX_SOCKET_PATH_BYTES} bytes). Set DATA_DIR to a shorter path, or set MONGODB_URI."
        )


def _die_with_parent_hook() -> Callable[[], None]:
    """A preexec_fn that makes the kernel SIGTERM the child when its parent dies."""
    return functools.partial(die_with_parent, os.getpid(), signal.SIGTERM)


def _remove_stale_pid_file(pid_file: Path) -> None:
    """nx-27017 refuses to start while its pid file names any live process, even an unrelated one."""
    pid = _read_pid(pid_file)
    if pid is None:
        pid_file.unlink(missing_ok=True)
    elif _is_nx_process(pid):
        raise EmbeddedMongoError(
            f"nx-27017 (pid {pid}) is already serving this data folder ({pid_file} names it). "
            f"Stop it (kill {pid}) or set DATA_DIR to another folder."
        )
    else:
        pid_file.unlink(missing_ok=True)


def _remove_pid_file_if_it_names(pid_file: Path, pid: int) -> None:
    if _read_pid(pid_file) == pid:
        pid_file.unlink(missing_ok=True)


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def _is_nx_process(pid: int) -> bool:
    """Alive, not a zombie, and running nx-27017 (a zombie's cmdline is empty)."""
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    names = {"nx-27017", "nx_27017", LAUNCHER.name}
    return any(Path(os.fsdecode(argument)).name in names for argument in arguments[:3])


def _log_tail(log_file: Path, offset: int) -> str:
    try:
        with log_file.open("rb") as log:
            log.seek(offset)
            lines = log.read().decode(errors="replace").splitlines()
    except OSError as error:
        return f"(could not read the log: {error})"
    return "\n".join(lines[-_LOG_TAIL_LINES:]) or "(empty)"
