"""A PDF's first page as a small PNG, drawn with PDFium in the worker right after the PDF is made.

The thumbnail is a nicety: anything that goes wrong here is logged and costs only the picture, never the invoice.
"""

from __future__ import annotations

import io
import logging

THUMBNAIL_WIDTH = 300  # px: about 23 kB for an A4 invoice page
MAX_THUMBNAIL_BYTES = 256 * 1024  # kept in the PDF's file document (storage.pdf_files), so it must stay small

log = logging.getLogger(__name__)


def first_page_png(pdf: bytes, *, width: int = THUMBNAIL_WIDTH) -> bytes:
    """Raises whatever PDFium or Pillow raise; thumbnail_or_none is the forgiving form."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        page_width, _ = page.get_size()
        image = page.render(scale=width / page_width).to_pil()
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def thumbnail_or_none(pdf: bytes, *, number: str) -> bytes | None:
    try:
        png = first_page_png(pdf)
    except Exception:
        log.warning("No thumbnail for %s: its first page could not be drawn", number, exc_info=True)
        return None
    if len(png) > MAX_THUMBNAIL_BYTES:
        log.warning("No thumbnail for %s: %d bytes is more than %d", number, len(png), MAX_THUMBNAIL_BYTES)
        return None
    return png
