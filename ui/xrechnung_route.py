"""GET /invoices/{id}/xrechnung.xml: the XRechnung of an issued invoice or credit note, for its owner only.

Everyone else, a draft, a missing or a malformed id get the same 404; an invoice issued without what XRechnung
requires gets a page saying what is missing and how to fix it (409), not a file a public buyer would reject.
"""

import html

from nicegui import app
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from services.invoices.book import InvoiceBook
from services.invoices.xrechnung import xrechnung_file
from services.invoices.xrechnung_needs import REISSUE, XRechnungNotPossible
from ui.download_route import NO_STORE, owned_response

NOT_FOUND = "No such invoice."
FAILED_PAGE = (
    "<!doctype html><meta charset=utf-8><title>XRechnung failed</title>"
    "<p style='font-family:sans-serif;margin:4rem'>Something went wrong on our side while preparing this XRechnung. "
    "Nothing is lost: go back to <a href='/'>your invoices</a> and try again in a moment.</p>"
)


def register_xrechnung_route(*, book: InvoiceBook) -> None:
    @app.get("/invoices/{invoice_id}/xrechnung.xml", include_in_schema=False)
    async def download_xrechnung(request: Request, invoice_id: str) -> Response:
        async def load(owner_id: str) -> Response | None:
            try:
                found = await xrechnung_file(book, owner_id=owner_id, invoice_id=invoice_id)
            except XRechnungNotPossible as refused:
                return HTMLResponse(_refusal_page(refused, invoice_id), status_code=409, headers=NO_STORE)
            return None if found is None else Response(found.data, media_type="application/xml", headers={
                "Content-Disposition": f'attachment; filename="{found.filename}"',
                "Cache-Control": "private, no-store",
            })

        return await owned_response(request, load, lambda response: response, not_found=NOT_FOUND,
                                    failed_page=FAILED_PAGE)


def _refusal_page(refused: XRechnungNotPossible, invoice_id: str) -> str:
    number = html.escape(refused.number)
    items = "".join(f"<li><strong>{html.escape(gap.missing)}</strong> ({html.escape(gap.rule_id)}): "
                    f"{html.escape(gap.where)}</li>" for gap in refused.gaps)
    return (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{number} cannot be an XRechnung</title>"
        "<main style='font-family:sans-serif;margin:4rem;max-width:40rem'>"
        f"<h1>{number} cannot be an XRechnung</h1>"
        "<p>A German public buyer's portal would reject it: the XRechnung rules require what this invoice was "
        f"issued without:</p><ul>{items}</ul><p>{html.escape(REISSUE)}</p>"
        f"<p><a href='/settings'>Open Settings</a> · <a href='/clients'>Open Clients</a> · "
        f"<a href='/invoices/{html.escape(invoice_id)}'>Back to {number}</a></p></main></html>"
    )
