"""The moving parts of the cluster benchmarks: a redis-server, `python app.py worker` processes, and a wire-level
proxy in front of the database that counts every command each client sends."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
import socket
import struct
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from urllib.parse import unquote

import bson

REPO = Path(__file__).resolve().parents[1]
OP_MSG = 2013
WORKER_LEASE_MS = 30_000
DRIVER_MONITORING = {"hello", "ismaster", "isMaster", "ping", "endSessions", "buildInfo", "buildinfo"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    port = free_port()
    with subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                           "no", "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as server:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.05)
        try:
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()


@contextmanager
def worker_processes(count: int, folder: Path, *, mongodb_uri: str, redis_url: str | None) -> Iterator[list[int]]:
    """`python app.py worker` x count, one render process each; yields their pids once all are ready."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "NICEGUI_"))}
    env.update(MONGODB_URI=mongodb_uri, PDF_WORKERS="1", METRICS_PORT="0", SHUTDOWN_GRACE_S="2",
               JOB_LEASE_S=str(WORKER_LEASE_MS // 1000), JOB_RECOVERY_INTERVAL_S="5",
               SECRET_KEY=secrets.token_urlsafe(48))
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    processes: list[tuple[subprocess.Popen[bytes], Path]] = []
    try:
        for index in range(count):
            log = folder / f"worker-{index}.log"
            (folder / f"worker-{index}").mkdir(parents=True, exist_ok=True)
            with log.open("wb") as output:
                process = subprocess.Popen([sys.executable, "app.py", "worker"], cwd=REPO,
                                           env={**env, "DATA_DIR": str(folder / f"worker-{index}")},
                                           stdout=output, stderr=subprocess.STDOUT)
            processes.append((process, log))
        for process, log in processes:
            _wait_ready(process, log)
        yield [process.pid for process, _ in processes]
    finally:
        for process, _ in processes:
            process.terminate()
        for process, _ in processes:
            process.wait(30)


def _wait_ready(process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited:\n{log.read_text()}")
        if re.search("render worker ready", log.read_text(errors="replace")):
            time.sleep(1.0)  # its render process warms up (imports, fonts) in the background
            return
        time.sleep(0.1)
    raise RuntimeError(f"worker not ready:\n{log.read_text()}")


class CommandCounter:
    """Counts the commands clients send through the proxy, by name (app queries vs driver monitoring)."""

    def __init__(self) -> None:
        self.commands: Counter[str] = Counter()

    def app_commands(self) -> int:
        return sum(count for name, count in self.commands.items() if name not in DRIVER_MONITORING)

    def monitoring_commands(self) -> int:
        return sum(count for name, count in self.commands.items() if name in DRIVER_MONITORING)


@asynccontextmanager
async def counting_proxy(target_uri: str) -> AsyncIterator[tuple[str, CommandCounter]]:
    """A TCP proxy to the MongoDB server at target_uri; yields the URI to use instead and the counter."""
    hosts, _, database = target_uri.removeprefix("mongodb://").partition("/")
    socket_path = unquote(hosts) if hosts.startswith("%2F") else ""  # the embedded server listens on a Unix socket
    host, _, port = hosts.partition(":")
    counter = CommandCounter()

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = (await asyncio.open_unix_connection(socket_path) if socket_path
                                        else await asyncio.open_connection(host, int(port)))
        upstream = asyncio.create_task(_pump(client_reader, server_writer, counter))
        downstream = asyncio.create_task(_pump(server_reader, client_writer, None))
        await asyncio.wait([upstream, downstream], return_when=asyncio.FIRST_COMPLETED)
        for task in (upstream, downstream):
            task.cancel()
        for writer in (client_writer, server_writer):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    proxy_port = server.sockets[0].getsockname()[1]
    try:
        yield f"mongodb://127.0.0.1:{proxy_port}/{database}", counter
    finally:
        server.close()


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, counter: CommandCounter | None) -> None:
    with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
        while True:
            header = await reader.readexactly(16)
            length, _, _, opcode = struct.unpack("<iiii", header)
            body = await reader.readexactly(length - 16)
            if counter is not None and opcode == OP_MSG and body[4] == 0:  # flag bits, then a kind-0 section
                size = struct.unpack("<i", body[5:9])[0]
                counter.commands[next(iter(bson.decode(body[5:5 + size])))] += 1
            writer.write(header + body)
            await writer.drain()
