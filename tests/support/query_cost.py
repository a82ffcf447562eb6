"""What a request costs the database, as a count that does not depend on timing.

nx-27017 0.8.1 answers explain() with executionStats of zeros (docs/query-shapes.md), so on the embedded
server the cost is counted where the work happens: an nx-27017 runs in a thread of the test process (its own
request handler, on a Unix socket, as storage.runtime.nx_27017_unix runs it) and SQLite's progress handler
counts the virtual-machine steps of every statement it executes. A query served by an index takes the same
steps however many other rows the table holds; a scan takes steps per stored row.

Against a real MongoDB (MONGODB_URI) the commands sent are recorded and each is explained afterwards with
executionStats: keys plus documents examined.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from nx_27017.handler import NeoSQLiteHandler
from nx_27017.server import handle_client
from pymongo import monitoring

from storage.documents import Document

STEPS_PER_TICK = 10  # SQLite calls the handler every N virtual-machine steps
EXPLAINED = {"find": "filter", "count": "query", "distinct": "query"}


class InProcessNx:
    """nx-27017 serving a Unix socket from a thread of this process, counting its SQLite work."""

    def __init__(self, folder: Path) -> None:
        self.socket = folder / "nx.sock"
        self._data = folder / "data"
        self._data.mkdir(parents=True, exist_ok=True)
        self._handler = NeoSQLiteHandler(data_dir=str(self._data))
        self._ticks = 0
        self._counted: set[str] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="nx-27017 in process", daemon=True)

    @property
    def uri(self) -> str:
        return f"mongodb://{str(self.socket).replace('/', '%2F')}"

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(10)

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
        self._handler.close_all()

    def steps(self, database: str) -> int:
        """VM steps counted so far (in units of STEPS_PER_TICK) on one logical database's connection."""
        if database not in self._counted:
            self._handler.get_database(database).db.set_progress_handler(self._tick, STEPS_PER_TICK)
            self._counted.add(database)
        return self._ticks

    def _tick(self) -> int:
        self._ticks += 1
        return 0  # 0: go on

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._stop = asyncio.Event()
        try:
            self._loop.run_until_complete(self._serve_until_stopped())
        finally:
            self._loop.close()

    async def _serve_until_stopped(self) -> None:
        async def serve_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                await handle_client(reader, writer, self._handler)
            finally:
                writer.close()

        server = await asyncio.start_unix_server(serve_client, path=str(self.socket))
        self._ready.set()
        await self._stop.wait()
        server.close()
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        await server.wait_closed()


class SentCommands(monitoring.CommandListener):
    """Reads and writes sent, in a form explain() takes (for the real-MongoDB count)."""

    def __init__(self) -> None:
        self.commands: list[Document] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        command = event.command
        name = event.command_name
        if name in ("find", "count", "distinct", "aggregate"):
            self.commands.append({key: value for key, value in command.items()
                                  if key not in ("lsid", "$db", "$clusterTime", "txnNumber", "batchSize")})
        elif name == "findAndModify":
            self.commands.append({"find": command["findAndModify"], "filter": command.get("query", {}),
                                  **({"sort": command["sort"]} if "sort" in command else {}), "limit": 1})
        elif name in ("update", "delete"):
            key = "updates" if name == "update" else "deletes"
            for statement in command.get(key, []):
                self.commands.append({"find": command[name], "filter": statement["q"]})

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


async def examined_by_mongodb(db: Any, commands: list[Document]) -> int:
    """Keys plus documents examined by the commands, by MongoDB's own executionStats."""
    total = 0
    for command in commands:
        explained = await db.command({"explain": command, "verbosity": "executionStats"})
        stats = explained.get("executionStats", {})
        total += int(stats.get("totalDocsExamined", 0)) + int(stats.get("totalKeysExamined", 0))
    return total


async def cost_of(server: InProcessNx, database: str, call: Callable[[], Awaitable[object]]) -> int:
    """VM steps one call costs the embedded server."""
    before = server.steps(database)
    await call()
    return (server.steps(database) - before) * STEPS_PER_TICK
