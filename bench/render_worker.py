"""What runs inside the benchmark's render workers: kept free of bench and app imports beyond the renderer,
so that a worker's memory is what an app worker's would be."""

from __future__ import annotations

import io
import resource
import time
from collections.abc import Callable
from typing import Any

_renderer: Callable[[dict[str, Any]], bytes] | None = None


def warm(renderer: str, sample: dict[str, Any]) -> None:
    """Initializer: picks the renderer and renders once (imports, fonts), as the app's pool does."""
    global _renderer
    if renderer == "app":
        from services.pdf.document import warm_up
        from services.pdf.render import render_invoice_pdf

        warm_up()
        _renderer = render_invoice_pdf
    else:
        from bench.reference_reportlab import render_reference_pdf

        render_reference_pdf(sample)
        _renderer = render_reference_pdf


def time_renders(documents: list[dict[str, Any]]) -> float:
    assert _renderer is not None
    started = time.perf_counter()
    for document in documents:
        _renderer(document)
    return time.perf_counter() - started


def page_count(document: dict[str, Any]) -> int:
    from pypdf import PdfReader

    assert _renderer is not None
    return len(PdfReader(io.BytesIO(_renderer(document))).pages)


def render_once(document: dict[str, Any]) -> tuple[float, int, int]:
    """Seconds, peak RSS (kB) of this process so far, and RSS (kB) just before the render."""
    before_kb = current_rss_kb()
    seconds = time_renders([document])
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, before_kb


def current_rss_kb() -> int:
    with open("/proc/self/status") as status:
        for row in status:
            if row.startswith("VmRSS:"):
                return int(row.split()[1])
    return 0
