"""GET /invoices/{id}/pdf: the only way to a PDF, and only for its owner; everyone else gets 404."""

from nicegui import app
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from services.errors import DamagedPdf
from services.invoices.service import InvoiceService

NOT_FOUND = "No such invoice PDF."


def register_download_route(*, invoices: InvoiceService) -> None:
    @app.get("/invoices/{invoice_id}/pdf", include_in_schema=False)
    async def download_pdf(request: Request, invoice_id: str) -> Response:
        user = getattr(request.state, "user", None)
        try:
            pdf = await invoices.downloadable_pdf(owner_id=user.user_id, invoice_id=invoice_id) if user else None
        except DamagedPdf as damaged:
            return PlainTextResponse(str(damaged), status_code=410, headers={"Cache-Control": "no-store"})
        if pdf is None:
            return PlainTextResponse(NOT_FOUND, status_code=404, headers={"Cache-Control": "no-store"})
        return Response(pdf.data, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{pdf.filename}"',
            "Cache-Control": "private, no-store",
        })
