"""Invoice data -> PDF bytes with xhtml2pdf; runs inside spawn worker processes.

Imports nothing from the app but its own layout modules: plain data in, bytes out, and only RenderError out
when it fails.
The template lays out everything but the line table, which line_table builds from the data so that a
long invoice costs time linear in its lines; pages joins the two and stamps "Page X of Y" in one pass.
"""

from __future__ import annotations

import base64
import logging
import secrets
from collections.abc import Mapping
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import jinja2

if TYPE_CHECKING:
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    from services.pdf.pages import PageJob
    from services.pdf.printed import PrintedInvoice

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "pdf_templates"
TEMPLATE_NAME = "invoice.html"
FONT_FAMILY = "dejavu"  # the @font-face family of the template, which the line table and footer draw with too
CJK_FONT_FAMILY = "droidsansfallback"  # the template's second family: Chinese, Japanese and Korean
PLACEHOLDER = TEMPLATE_DIR / "placeholder.png"
_FAILED = "The PDF could not be generated"
_DETAIL_CHARS = 160

log = logging.getLogger(__name__)


class RenderError(Exception):
    """A render failure with a reason a user understands (picklable: single str arg)."""


def render_invoice_pdf(document: PrintedInvoice) -> bytes:
    """Render one invoice; every failure comes out as a RenderError with a human reason."""
    # Imported on first use: the web process imports this module for RenderError and warm_up only.
    from services.pdf.pages import LayoutProblem, layout_pdf

    try:
        return layout_pdf(_page_job(document, slot=secrets.token_hex(16)))
    except RenderError:
        raise
    except LayoutProblem as problem:
        log.error("invoice layout failed: %s", problem)
        raise RenderError(f"{_FAILED}: {problem}.") from None
    except Exception as exc:
        log.exception("invoice render failed")
        raise RenderError(f"{_FAILED}: {_reason(exc)}") from None


def _page_job(document: PrintedInvoice, *, slot: str) -> PageJob:
    """Checks that the data is complete, then describes the layout: template HTML, line table, footer."""
    from services.pdf.line_table import line_table, line_table_data
    from services.pdf.pages import PageJob

    template = _environment().get_template(TEMPLATE_NAME)
    try:
        images = _own_images(document)
        sources = {name: source for name, (source, _) in images.items()}
        html = template.render({**document, "line_table_slot": slot, "image_src": sources})
        table = line_table_data(document)
        footer_label = " ".join(str(document["footer_label"]).split())
        page_label = str(document["page_label"])
    except (jinja2.UndefinedError, LookupError, TypeError, AttributeError) as exc:
        raise RenderError(f"{_FAILED}: the invoice data is incomplete ({_short(exc)}).") from None
    own = dict(images.values())
    return PageJob(html=html, slot=slot, line_table=partial(line_table, table), footer_label=footer_label,
                   page_label=page_label, path=str(TEMPLATE_DIR / TEMPLATE_NAME),
                   link_callback=partial(confine_to_templates, own_images=own), policy=_policy(),
                   font_family=FONT_FAMILY, cjk_font_family=CJK_FONT_FAMILY)


def _own_images(document: PrintedInvoice) -> dict[str, tuple[str, str]]:
    """The logo and the QR code: name -> (a random source name for the template, the PNG as a data URI)."""
    payment = document["payment"]
    pictures = {"logo": document["logo"], "qr": payment["qr"] if payment else None}
    return {name: (f"own-image-{secrets.token_hex(16)}.png",
                   "data:image/png;base64," + base64.b64encode(picture["png"]).decode())
            for name, picture in pictures.items() if picture is not None}


def confine_to_templates(uri: str | Path, rel: str | None = None, *,
                         own_images: Mapping[str, str] | None = None) -> str:
    """link_callback: this render's own images (by their random names) become their data; a file inside
    pdf_templates stays itself; anything else becomes the placeholder."""
    if own_images and str(uri) in own_images:
        return own_images[str(uri)]
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
    from reportlab.platypus.doctemplate import LayoutError
    from xhtml2pdf.config.resources import RenderLimitError

    if isinstance(exc, RenderLimitError):
        return f"the invoice is too large to lay out ({_short(exc)})."
    if isinstance(exc, LayoutError):
        return "part of the invoice, most likely one line's description, is too long to fit on one page."
    return f"the layout engine failed ({type(exc).__name__}: {_short(exc)})."


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 1] + "…"
