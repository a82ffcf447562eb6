"""GET /invoices.csv: the signed-in user's rows for the list's current filter, all pages, streamed."""

from datetime import date

from nicegui import app
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from services.invoices.book import InvoiceBook
from services.invoices.export import csv_chunks
from services.invoices.listing import ListFilter


def register_export_route(*, book: InvoiceBook) -> None:
    @app.get("/invoices.csv", include_in_schema=False)
    async def export_csv(request: Request, q: str = "", status: str = "", sort: str = "") -> Response:
        user = getattr(request.state, "user", None)
        if user is None:
            return PlainTextResponse("Log in first.", status_code=401)
        wanted = ListFilter.from_query(search=q, status=status, sort=sort)
        today = date.today()
        rows = book.export(owner_id=user.user_id, wanted=wanted, today=today)
        return StreamingResponse(csv_chunks(rows, today), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="invoices-{today.isoformat()}.csv"',
            "Cache-Control": "private, no-store",
        })
