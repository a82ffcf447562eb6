"""Child processes that must not outlive the app, even when the app is killed with SIGKILL (Linux)."""

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int, sig: signal.Signals = signal.SIGKILL) -> None:
    """Called in the child: the kernel sends `sig` when the parent's spawning thread ends.

    If the parent is already gone (it died before this ran), the child exits at once.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sig)
    if os.getppid() != parent_pid:
        os._exit(1)
