"""What runs inside the e-invoice benchmark's worker: the app's own worker task, with and without the e-invoice."""

from __future__ import annotations

import time

from services.invoices.model import RenderRequest


def warm_and_time() -> tuple[float, float]:
    """A fresh worker's warm-up: (seconds compiling the schematron, seconds for the whole warm-up)."""
    from services.einvoice import issued_document, rules

    started = time.perf_counter()
    rules.warm_up()
    compiled = time.perf_counter()
    issued_document.warm_up()
    return compiled - started, time.perf_counter() - started


def time_plain(request: RenderRequest) -> float:
    """The PDF alone, as the worker made it before e-invoices."""
    from services.pdf.document import render_request

    started = time.perf_counter()
    render_request(request)
    return time.perf_counter() - started


def time_einvoice(request: RenderRequest) -> float:
    """The e-invoice: XML built and validated, PDF rendered, made PDF/A-3b, XML embedded, PDF/A checked."""
    from services.einvoice.issued_document import checked_pdf

    started = time.perf_counter()
    checked_pdf(request)
    return time.perf_counter() - started


def time_thumbnail(request: RenderRequest) -> float:
    """Drawing the finished PDF's first page, which the worker task adds for the invoice's page (issue 18)."""
    from services.einvoice.issued_document import checked_pdf
    from services.pdf.thumbnail import thumbnail_or_none

    pdf = checked_pdf(request)
    started = time.perf_counter()
    thumbnail_or_none(pdf, number=request.number)
    return time.perf_counter() - started


def time_validation(request: RenderRequest) -> float:
    """Building and validating the XML alone, after warm-up: what each invoice pays for its checks."""
    from services.einvoice.cii import build_cii
    from services.einvoice.rules import validate_cii

    started = time.perf_counter()
    validate_cii(build_cii(request), profile="en16931")
    return time.perf_counter() - started
