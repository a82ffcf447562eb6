"""GET /invoices/{id}/pdf and its first page, /invoices/{id}/thumbnail.png: only for the owner; everyone else 404.

Another user's id, a malformed id and a missing one all get the same 404. Every failure answers a page a person
can read, with the right status: 503 while the database is away (the browser may retry), 500 for anything
unexpected (details in the log only), never a bare error.
"""

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from nicegui import app
from pymongo.errors import PyMongoError
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from services.errors import DamagedPdf
from services.invoices.service import DownloadablePdf, InvoiceService
from ui.http_guard import UNAVAILABLE_PAGE

log = logging.getLogger(__name__)
NOT_FOUND = "No such invoice PDF."
FAILED_PAGE = (
    "<!doctype html><meta charset=utf-8><title>Download failed</title>"
    "<p style='font-family:sans-serif;margin:4rem'>Something went wrong on our side while preparing this PDF. "
    "Nothing is lost: go back to <a href='/'>your invoices</a> and try again in a moment.</p>"
)
NO_STORE = {"Cache-Control": "no-store"}
Found = TypeVar("Found")


def register_download_route(*, invoices: InvoiceService) -> None:
    @app.get("/invoices/{invoice_id}/pdf", include_in_schema=False)
    async def download_pdf(request: Request, invoice_id: str) -> Response:
        return await owned_response(request, lambda owner_id: invoices.downloadable_pdf(
            owner_id=owner_id, invoice_id=invoice_id), _pdf_response)

    @app.get("/invoices/{invoice_id}/thumbnail.png", include_in_schema=False)
    async def thumbnail(request: Request, invoice_id: str) -> Response:
        return await owned_response(request, lambda owner_id: invoices.thumbnail(
            owner_id=owner_id, invoice_id=invoice_id), _png_response)


def _pdf_response(pdf: DownloadablePdf) -> Response:
    return Response(pdf.data, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{pdf.filename}"',
        "Cache-Control": "private, no-store",
    })


def _png_response(png: bytes) -> Response:
    """Kept out of shared caches; the browser asks again each time it shows it (the page's link carries no key)."""
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-cache"})


async def owned_response(request: Request, load: Callable[[str], Awaitable[Found | None]],
                         answer: Callable[[Found], Response], *, not_found: str = NOT_FOUND,
                         failed_page: str = FAILED_PAGE) -> Response:
    """`answer` of what `load` finds for the signed-in owner; the same 404 for anything not theirs, and a page a
    person can read for every failure."""
    user = getattr(request.state, "user", None)
    try:
        found = await load(user.user_id) if user else None
    except DamagedPdf as damaged:
        return PlainTextResponse(str(damaged), status_code=410, headers=NO_STORE)
    except PyMongoError as error:
        log.warning("%s while the database is unreachable: %s", request.url.path, type(error).__name__)
        return HTMLResponse(UNAVAILABLE_PAGE, status_code=503, headers={**NO_STORE, "Retry-After": "5"})
    except Exception:
        log.exception("%s failed", request.url.path)
        return HTMLResponse(failed_page, status_code=500, headers=NO_STORE)
    if found is None:
        return PlainTextResponse(not_found, status_code=404, headers=NO_STORE)
    return answer(found)
