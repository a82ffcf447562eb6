"""An app's process tree as seen from /proc (Linux): its PDF workers, and what is left after it stops."""

import os
import signal
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    parent: int
    group: int
    state: str
    command: str


def all_processes() -> list[ProcessInfo]:
    processes = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            with suppress(OSError, ValueError, IndexError):  # it may exit while we read it
                processes.append(_read(int(entry.name)))
    return processes


def live_members_of_group(group: int) -> list[ProcessInfo]:
    """Processes of a process group that are still running (zombies waiting for a reaper do not count)."""
    return [info for info in all_processes() if info.group == group and info.state != "Z"]


def wait_until_group_is_gone(group: int, timeout_s: float) -> list[ProcessInfo]:
    """Returns the processes still alive when the time is up (empty when all have exited)."""
    deadline = time.monotonic() + timeout_s
    while (survivors := live_members_of_group(group)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return survivors


def pdf_worker_pids(server_pid: int) -> list[int]:
    """The spawned multiprocessing workers that render PDFs (children of the server running spawn_main)."""
    return [info.pid for info in all_processes() if info.parent == server_pid and "spawn_main" in info.command]


def renders_paused(server_pid: int) -> AbstractContextManager[None]:
    """Freezes every PDF worker of a server process, so new invoices stay in `processing`."""
    return frozen(pdf_worker_pids(server_pid))


@contextmanager
def frozen(pids: list[int]) -> Iterator[None]:
    """Stops the processes (SIGSTOP) and lets them go on (SIGCONT) on exit."""
    assert pids, "no processes to freeze"
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


def _read(pid: int) -> ProcessInfo:
    stat = (PROC / str(pid) / "stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()  # the command name in parentheses may contain spaces
    command = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ProcessInfo(pid=pid, state=fields[0], parent=int(fields[1]), group=int(fields[2]), command=command)
