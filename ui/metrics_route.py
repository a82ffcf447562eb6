"""GET /metrics (Prometheus text format) for the addresses in METRICS_ALLOW; everyone else gets a plain 404."""

from collections.abc import Awaitable, Callable

from nicegui import app
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from services.observability.exposition import CONTENT_TYPE, Networks, client_allowed


def register_metrics_route(render: Callable[[], Awaitable[bytes]], networks: Networks) -> None:
    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        if not client_allowed(request.client.host if request.client else None, networks):
            return PlainTextResponse("Not Found", status_code=404)
        return Response(await render(), media_type=CONTENT_TYPE)
