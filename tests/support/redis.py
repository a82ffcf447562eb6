"""A real redis-server for the tests of several app processes."""

import contextlib
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis

from tests.support.net import free_port


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server (Debian's) on a free loopback port, for the tests of several app processes."""
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    with subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                           "--appendonly", "no", "--dir", str(folder)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as server:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.RedisError), redis.Redis.from_url(url) as client:
                if client.ping():
                    break
            time.sleep(0.05)
        try:
            yield url
        finally:
            server.terminate()
