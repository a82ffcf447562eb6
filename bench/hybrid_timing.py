"""(issue 13) What making the Factur-X hybrid costs, beside the plain render: `python -m bench.hybrid_timing [runs]`.

In one warmed process, best of `runs` (default 7) for 10 and 1,000 lines: the plain render; make_hybrid (one
pikepdf pass, as shipped); the alternative of the PDF/A repairs in pikepdf and then drafthorse's attach_xml
(pypdf parses and writes the file again); and pdfa_problems, the PDF/A-3b check the worker runs on the result.
The XML is the fixed test sample: building and validating the CII is the other helper's figure.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pikepdf
import pikepdf.pdfa
from drafthorse.pdf import attach_xml

from bench.documents import render_request
from bench.stats import ms
from services.einvoice.hybrid import make_hybrid, pdfa_problems
from services.einvoice.pdfa import make_pdfa
from services.pdf.document import render_request as render

XML = (Path(__file__).resolve().parents[1] / "tests" / "einvoice" / "hybrid_sample_cii.xml").read_bytes()
META = {"title": "Invoice INV-1", "author": "Acme GmbH", "language": "de"}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    render(render_request(1))  # imports and fonts, as the worker's warm-up does
    for lines in (10, 1000):
        print(measure(lines, runs))


def measure(lines: int, runs: int) -> str:
    request = render_request(lines)
    pdf = render(request)
    hybrid = make_hybrid(pdf, XML, **META)
    plain = best(runs, partial(render, request))
    one_pass = best(runs, partial(make_hybrid, pdf, XML, **META))
    two_step = best(runs, partial(pikepdf_then_drafthorse, pdf))
    check = best(runs, partial(pdfa_problems, hybrid))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    return (f"{lines:>5} lines, {pages} pages: render {ms(plain)} ms; make_hybrid {ms(one_pass)} ms "
            f"(pikepdf then drafthorse: {ms(two_step)} ms); pdfa_problems {ms(check)} ms; "
            f"(render + make_hybrid + pdfa_problems) / render = {(plain + one_pass + check) / plain:.2f}")


def pikepdf_then_drafthorse(pdf: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        make_pdfa(document, title=META["title"], author=META["author"], language=META["language"])
        out = io.BytesIO()
        document.save(out, **pikepdf.pdfa.resolve_save_kwargs("3b"))
    metadata = {"title": META["title"], "author": META["author"]}
    return bytes(attach_xml(out.getvalue(), XML, level="EN 16931", metadata=metadata, lang=META["language"]))


def best(runs: int, task: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


if __name__ == "__main__":
    main()
