"""The worker hands back the hybrid with its first page drawn as a small PNG: a real picture of the invoice."""

import io
import multiprocessing

from PIL import Image

from services.einvoice.issued_document import render_issued_document
from services.invoices.model import RenderedDocument
from services.pdf.thumbnail import MAX_THUMBNAIL_BYTES, THUMBNAIL_WIDTH, thumbnail_or_none
from tests.einvoice.cases import invoice, many_lines, standard


def light_and_dark(png: bytes) -> tuple[float, float]:
    """The share of near-white pixels and of dark (text) pixels."""
    image = Image.open(io.BytesIO(png)).convert("L")
    pixels = list(image.get_flattened_data())
    return sum(p > 230 for p in pixels) / len(pixels), sum(p < 110 for p in pixels) / len(pixels)


def test_a_spawned_worker_returns_the_pdf_and_a_300_px_picture_of_its_first_page() -> None:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        rendered = pool.apply(render_issued_document, (invoice(standard()),))
    assert isinstance(rendered, RenderedDocument)
    assert rendered.pdf.startswith(b"%PDF") and rendered.thumbnail_png is not None
    image = Image.open(io.BytesIO(rendered.thumbnail_png))
    assert image.format == "PNG" and image.width == THUMBNAIL_WIDTH
    assert 1.3 < image.height / image.width < 1.5  # an A4 page
    assert 10_000 < len(rendered.thumbnail_png) < 60_000
    white, dark = light_and_dark(rendered.thumbnail_png)
    assert white > 0.8, "mostly paper"
    assert dark > 0.01, "with text on it"


def test_a_long_invoice_s_thumbnail_is_its_first_page_only() -> None:
    rendered = render_issued_document(invoice(many_lines(120)))
    assert rendered.thumbnail_png is not None
    image = Image.open(io.BytesIO(rendered.thumbnail_png))
    assert image.width == THUMBNAIL_WIDTH and image.height < 1.5 * THUMBNAIL_WIDTH
    assert len(rendered.thumbnail_png) < MAX_THUMBNAIL_BYTES


def test_what_pdfium_cannot_draw_gives_no_thumbnail_instead_of_an_error() -> None:
    pdf = render_issued_document(invoice(standard())).pdf
    assert thumbnail_or_none(pdf[: len(pdf) // 3], number="INV-CUT") is None
    assert thumbnail_or_none(b"not a pdf", number="INV-TEXT") is None
