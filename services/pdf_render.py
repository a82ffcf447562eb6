"""Invoice data -> PDF bytes with xhtml2pdf; runs inside spawn worker processes.

Imports nothing from the app: plain data in, bytes out, and only RenderError out when it fails.
"""

from __future__ import annotations

import io
import logging
import math
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2

if TYPE_CHECKING:
    from xhtml2pdf.config.resources import ResourceAccessPolicy

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "pdf_templates"
TEMPLATE_NAME = "invoice.html"
PLACEHOLDER = TEMPLATE_DIR / "placeholder.png"
_FAILED = "The PDF could not be generated"
_DETAIL_CHARS = 160

# Column sizing for the line table: A4 minus the 16 mm side margins of invoice.html, cell padding, and
# deliberately generous DejaVu Sans advance widths (em) for digits, separators, symbols and ISO codes.
_CONTENT_WIDTH_PT = 504.0
_CELL_PADDING_PT = 12.0
_REGULAR_EM, _BOLD_EM = 0.70, 0.76
_MIN_SHARES = {"quantity": 10, "unit_price": 15, "amount": 17}
_MIN_DESCRIPTION_SHARE = 34

log = logging.getLogger(__name__)


class RenderError(Exception):
    """A render failure with a reason a user understands (picklable: single str arg)."""


def warm_up() -> None:
    """Pool initializer: pay for the xhtml2pdf import and the font loading before the first real job."""
    render_invoice_pdf(_SAMPLE_DOCUMENT)


def render_invoice_pdf(document: dict[str, Any]) -> bytes:
    """Render one invoice; every failure comes out as a RenderError with a human reason."""
    try:
        return _html_to_pdf(_render_html(document))
    except RenderError:
        raise
    except Exception as exc:
        log.exception("invoice render failed")
        raise RenderError(f"{_FAILED}: {_reason(exc)}") from None


def _render_html(document: dict[str, Any]) -> str:
    template = _environment().get_template(TEMPLATE_NAME)
    try:
        return template.render({**document, "columns": column_shares(document)})
    except (jinja2.UndefinedError, LookupError, TypeError, AttributeError) as exc:
        raise RenderError(f"{_FAILED}: the invoice data is incomplete ({_short(exc)}).") from None


def column_shares(document: dict[str, Any]) -> dict[str, int]:
    """Percent widths of the line table, wide enough that no price or amount has to wrap."""
    lines = document["lines"]
    wanted = {
        "quantity": [_text_pt(line["quantity"]) for line in lines] + [_text_pt("Quantity", 8, bold=True)],
        "unit_price": [_text_pt(line["unit_price"]) for line in lines] + [_text_pt("Unit price", 8, bold=True)],
        "amount": [_text_pt(line["amount"]) for line in lines]
        + [_text_pt(document["subtotal"]), _text_pt(document["tax"]), _text_pt(document["total"], 10.5, bold=True)],
    }
    shares = {name: max(_MIN_SHARES[name], _percent(max(widths))) for name, widths in wanted.items()}
    room = 100 - _MIN_DESCRIPTION_SHARE
    if sum(shares.values()) > room:  # absurdly long amounts: they overflow rather than squeeze out the text
        shares = {name: share * room // sum(shares.values()) for name, share in shares.items()}
    return {"description": 100 - sum(shares.values()), **shares}


def _text_pt(text: str, size: float = 9, *, bold: bool = False) -> float:
    return len(str(text)) * size * (_BOLD_EM if bold else _REGULAR_EM)


def _percent(text_pt: float) -> int:
    return math.ceil(100 * (text_pt + _CELL_PADDING_PT) / _CONTENT_WIDTH_PT)


def _html_to_pdf(html: str) -> bytes:
    # Imported on first use: the web process imports this module for RenderError and warm_up only.
    from xhtml2pdf import pisa

    out = io.BytesIO()
    status = pisa.CreatePDF(
        html,
        dest=out,
        path=str(TEMPLATE_DIR / TEMPLATE_NAME),
        link_callback=confine_to_templates,
        resource_policy=_policy(),
        encoding="utf-8",
    )
    if status.err:
        raise RenderError(f"{_FAILED}: the layout engine reported {status.err} error(s).")
    return out.getvalue()


def confine_to_templates(uri: str | Path, rel: str | None = None) -> str:
    """link_callback: a file inside pdf_templates stays itself; anything else becomes the placeholder."""
    local = _template_file(str(uri))
    return str(local if local is not None else PLACEHOLDER)


def _template_file(uri: str) -> Path | None:
    parts = urlsplit(uri)
    if parts.scheme or parts.netloc or parts.query or parts.fragment or not parts.path:
        return None
    candidate = (TEMPLATE_DIR / parts.path).resolve()
    if candidate.is_relative_to(TEMPLATE_DIR) and candidate.is_file():
        return candidate
    return None


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


@cache
def _policy() -> ResourceAccessPolicy:
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    return ResourceAccessPolicy.server(base_dir=TEMPLATE_DIR, allow_remote=False)


def _reason(exc: Exception) -> str:
    from xhtml2pdf.config.resources import RenderLimitError

    if isinstance(exc, RenderLimitError):
        return f"the invoice is too large to lay out ({_short(exc)})."
    return f"the layout engine failed ({type(exc).__name__}: {_short(exc)})."


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 1] + "…"


_SAMPLE_DOCUMENT: dict[str, Any] = {
    "number": "WARM-UP",
    "issue_date": "1 Jan 2026",
    "due_date": "31 Jan 2026",
    "currency": "EUR",
    "seller": {"name": "Seller", "address": "Street 1\nCity"},
    "client": {"name": "Client — Zoë", "email": ""},
    "lines": [{"description": "Item", "quantity": "1", "unit_price": "€1.00", "amount": "€1.00"}],
    "subtotal": "€1.00",
    "tax_rate": "0%",
    "tax": "€0.00",
    "total": "€1.00",
    "notes": "",
}
