"""GET /invoices.csv: the signed-in user's rows for the list's current filter, all pages, streamed.

The first rows are read before the answer starts, so a database that cannot be read gives a 503 that says so
instead of an empty file; a failure later in the stream cuts the file short, which the download then shows.
"""

import logging
from collections.abc import AsyncIterator
from datetime import date

from nicegui import app
from pymongo.errors import PyMongoError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from services.invoices.book import InvoiceBook
from services.invoices.export import csv_chunks
from services.invoices.listing import ListFilter

log = logging.getLogger(__name__)
UNAVAILABLE = "The export could not be read from the database right now. Nothing was lost; try again in a minute."


def register_export_route(*, book: InvoiceBook) -> None:
    @app.get("/invoices.csv", include_in_schema=False)
    async def export_csv(request: Request, q: str = "", status: str = "", sort: str = "") -> Response:
        user = getattr(request.state, "user", None)
        if user is None:
            return PlainTextResponse("Log in first.", status_code=401)
        wanted = ListFilter.from_query(search=q, status=status, sort=sort)
        today = date.today()
        chunks = csv_chunks(book.export(owner_id=user.user_id, wanted=wanted, today=today), today)
        try:
            first = await anext(chunks)
        except PyMongoError:
            log.warning("CSV export of %s could not read the database", user.user_id, exc_info=True)
            return PlainTextResponse(UNAVAILABLE, status_code=503, headers={"Retry-After": "30"})
        return StreamingResponse(_joined(first, chunks), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="invoices-{today.isoformat()}.csv"',
            "Cache-Control": "private, no-store",
        })


async def _joined(first: str, rest: AsyncIterator[str]) -> AsyncIterator[str]:
    yield first
    async for chunk in rest:
        yield chunk
