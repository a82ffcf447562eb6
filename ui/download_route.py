"""GET /invoices/{id}/pdf: the only way to a PDF, and only for its owner; everyone else gets 404.

Every failure answers a page a person can read, with the right status: 503 while the database is away (the
browser may retry), 500 for anything unexpected (details in the log only), never a bare error.
"""

import logging

from nicegui import app
from pymongo.errors import PyMongoError
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from services.errors import DamagedPdf
from services.invoices.service import InvoiceService
from ui.http_guard import UNAVAILABLE_PAGE

log = logging.getLogger(__name__)
NOT_FOUND = "No such invoice PDF."
FAILED_PAGE = (
    "<!doctype html><meta charset=utf-8><title>Download failed</title>"
    "<p style='font-family:sans-serif;margin:4rem'>Something went wrong on our side while preparing this PDF. "
    "Nothing is lost: go back to <a href='/'>your invoices</a> and try again in a moment.</p>"
)
NO_STORE = {"Cache-Control": "no-store"}


def register_download_route(*, invoices: InvoiceService) -> None:
    @app.get("/invoices/{invoice_id}/pdf", include_in_schema=False)
    async def download_pdf(request: Request, invoice_id: str) -> Response:
        user = getattr(request.state, "user", None)
        try:
            pdf = await invoices.downloadable_pdf(owner_id=user.user_id, invoice_id=invoice_id) if user else None
        except DamagedPdf as damaged:
            return PlainTextResponse(str(damaged), status_code=410, headers=NO_STORE)
        except PyMongoError as error:
            log.warning("Download of %s while the database is unreachable: %s", invoice_id, type(error).__name__)
            return HTMLResponse(UNAVAILABLE_PAGE, status_code=503, headers={**NO_STORE, "Retry-After": "5"})
        except Exception:
            log.exception("Download of %s failed", invoice_id)
            return HTMLResponse(FAILED_PAGE, status_code=500, headers=NO_STORE)
        if pdf is None:
            return PlainTextResponse(NOT_FOUND, status_code=404, headers=NO_STORE)
        return Response(pdf.data, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{pdf.filename}"',
            "Cache-Control": "private, no-store",
        })
