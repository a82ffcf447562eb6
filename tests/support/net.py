"""Loopback networking for servers the tests start."""

import socket


def free_port() -> int:
    """A TCP port nothing listens on right now (the caller binds it soon after)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
