"""A minimal HTTP server for a worker process's /metrics (the worker has no web server of its own)."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from services.observability.exposition import CONTENT_TYPE, Networks, client_allowed

log = logging.getLogger(__name__)
READ_TIMEOUT_S = 5.0


async def serve_metrics(host: str, port: int, *, networks: Networks,
                        render: Callable[[], Awaitable[bytes]]) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), READ_TIMEOUT_S)
            while (await asyncio.wait_for(reader.readline(), READ_TIMEOUT_S)).strip():
                pass  # headers are not needed
            peer = writer.get_extra_info("peername")
            parts = request_line.decode("latin-1").split()
            if not client_allowed(peer[0] if peer else None, networks):
                await _answer(writer, 403, b"forbidden\n", "text/plain")
            elif len(parts) >= 2 and parts[0] == "GET" and parts[1].split("?")[0] == "/metrics":
                await _answer(writer, 200, await render(), CONTENT_TYPE)
            else:
                await _answer(writer, 404, b"not found\n", "text/plain")
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, host, port)
    log.info("Worker metrics at http://%s:%d/metrics", host, port)
    return server


async def _answer(writer: asyncio.StreamWriter, status: int, body: bytes, content_type: str) -> None:
    reason = {200: "OK", 403: "Forbidden", 404: "Not Found"}[status]
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n")
    writer.write(head.encode("latin-1") + body)
    await writer.drain()
