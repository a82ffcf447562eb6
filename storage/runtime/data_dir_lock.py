"""One app process per DATA_DIR: an exclusive flock on DATA_DIR/app.lock, held for the app's whole life."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from storage.runtime.errors import DatabaseStartError
from storage.runtime.private_dir import make_private

LOCK_FILE_NAME = "app.lock"


class DataDirInUseError(DatabaseStartError):
    """Another process holds the lock on the data folder."""

    def __init__(self, data_dir: Path, holder_pid: int | None) -> None:
        holder = f"process {holder_pid}" if holder_pid is not None else "another process"
        super().__init__(
            f"The data folder {data_dir} is already in use by {holder}. "
            "Stop that app first, or point DATA_DIR at a different folder."
        )
        self.data_dir = data_dir
        self.holder_pid = holder_pid


class DataDirLock:
    """Exclusive, non-blocking lock on a data folder.

    The kernel drops a flock when its file description is closed, so the lock is released even when the
    process is killed with SIGKILL; the pid written into the file is only there for the error message.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._fd: int | None = None

    @property
    def path(self) -> Path:
        return self.data_dir / LOCK_FILE_NAME

    def acquire(self) -> None:
        if self._fd is not None:
            return
        make_private(self.data_dir)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder_pid = _read_pid(fd)
            os.close(fd)
            raise DataDirInUseError(self.data_dir, holder_pid) from None
        _write_pid(fd, os.getpid())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _read_pid(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode().strip())
    except (OSError, ValueError):
        return None


def _write_pid(fd: int, pid: int) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{pid}\n".encode(), 0)
