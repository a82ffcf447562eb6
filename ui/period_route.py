"""GET /invoices-period.zip?from=&to=: the signed-in user's documents of a period for the accountant, streamed."""

from datetime import date

from nicegui import app
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from services.records.period import InvalidPeriod, Period
from services.records.period_export import PeriodExport

PATH = "/invoices-period.zip"


def register_period_route(*, records: PeriodExport) -> None:
    @app.get(PATH, include_in_schema=False)
    async def export_period(request: Request) -> Response:
        user = getattr(request.state, "user", None)
        if user is None:
            return PlainTextResponse("Log in first.", status_code=401)
        today = date.today()
        try:
            period = Period.from_query(request.query_params.get("from", ""), request.query_params.get("to", ""),
                                       today=today)
        except InvalidPeriod as refusal:
            return PlainTextResponse(str(refusal), status_code=400)
        chunks = records.stream(owner_id=user.user_id, owner_email=user.email, period=period, today=today)
        return StreamingResponse(chunks, media_type="application/zip", headers={
            "Content-Disposition": f'attachment; filename="{records.filename(period)}"',
            "Cache-Control": "private, no-store",
        })
