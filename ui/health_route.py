"""GET /healthz: 200 while the database answers, 503 while it does not (for load balancers and Docker)."""

from nicegui import app
from starlette.responses import JSONResponse, Response

from services.health import Health


def register_health_route(health: Health) -> None:
    @app.get("/healthz", include_in_schema=False)
    async def health_probe() -> Response:
        healthy = await health.database_up()
        return JSONResponse({"database": "up" if healthy else "down"}, status_code=200 if healthy else 503)
