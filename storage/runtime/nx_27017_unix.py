"""Runs nx-27017 on a Unix socket: `python nx_27017_unix.py --data-dir D --socket S --pid-file P`.

nx-27017 has no authentication and its command line offers TCP only, where every local user can connect.
A Unix socket inside the 0700 DATA_DIR can be reached only by the app's own Unix user (and root): the kernel
checks the folder's permissions on connect. This file is run as a script (not `-m`) so that it loads no
app code, and its name keeps "nx_27017" in the process table. It uses nx-27017's own request handler
(`NeoSQLiteHandler`, `handle_client`); tests/contract/test_embedded_mongo.py fails if an upgrade moves them.

Commands run in the loop's own thread. nx-27017's server hands each one to a thread pool (`asyncio.to_thread`),
where its handler takes one lock per database, so the commands of the app's database run one at a time either
way; the hop itself (waking a pool thread, the self-pipe write back, GIL hand-offs) cost about as much CPU as
the command: 21.0 ms of this server's CPU per generated invoice with the hop, 13.7 ms without
(`python -m bench.throughput_profile`). This process runs nothing but the server.

nx-27017 0.8.1 formats every insert's whole message into a debug f-string, logged or not: a PDF's bytes printed
in full, about 30 µs of this server's CPU per KB stored (2.3 ms for a 75 KB PDF and thumbnail). The inserts it
runs here get sections that print as their count (`UnprintedSections`); docs/query-shapes.md has the figures and
tests/contract/test_embedded_mongo.py shows the formatting, strict xfail.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from nx_27017.daemon import remove_pid_file, write_pid_file
from nx_27017.handler import NeoSQLiteHandler
from nx_27017.server import handle_client

PRIVATE_UMASK = 0o077
P = ParamSpec("P")
R = TypeVar("R")


def main() -> None:
    os.umask(PRIVATE_UMASK)  # the socket, the SQLite files, their WAL and journal: owner only
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--socket", required=True, type=Path)
    parser.add_argument("--pid-file", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s [%(process)d] %(message)s")
    if not write_pid_file(args.pid_file):
        raise SystemExit(1)
    try:
        asyncio.run(_serve(args.data_dir, args.socket))
    finally:
        remove_pid_file(args.pid_file)


class UnprintedSections(list[tuple[str, Any]]):
    def __repr__(self) -> str:
        return f"<{len(self)} sections>"

    __str__ = __repr__


def with_unprinted_sections(msg: dict[str, Any]) -> dict[str, Any]:
    return {**msg, "sections": UnprintedSections(msg.get("sections", ()))}


def insert_without_printing(handler: NeoSQLiteHandler) -> None:
    insert = handler.handle_insert
    handler.handle_insert = lambda msg: insert(with_unprinted_sections(msg))


async def _in_this_thread(func: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    return func(*args, **kwargs)


async def _serve(data_dir: Path, socket_path: Path) -> None:
    asyncio.to_thread = _in_this_thread  # nx_27017.server calls it as `asyncio.to_thread`
    handler = NeoSQLiteHandler(data_dir=str(data_dir))
    insert_without_printing(handler)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    async def serve_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await handle_client(reader, writer, handler)

    server = await asyncio.start_unix_server(serve_client, path=str(socket_path))
    os.chmod(socket_path, 0o600)
    try:
        async with server:
            await stop.wait()
    finally:
        handler.close_all()  # a stale socket file left here is replaced on the next start


if __name__ == "__main__":
    main()
