"""(issue 13) What the e-invoice adds to each render: the CII XML built and validated (XSD + EN 16931
schematron), the PDF made PDF/A-3b with the XML embedded, and the PDF/A-3b check, as a ratio to the plain render.

One spawned worker, warmed up as the app's are; the plain and the e-invoice task take turns on it and the best of
several runs of each is kept (on a shared machine the fastest run is the one least disturbed). The schematron's
compile cost is measured in a fresh worker's warm-up, where the app pays it, not per invoice.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from bench import einvoice_worker
from bench.documents import render_request
from bench.stats import ms


def measure_einvoice(*, quick: bool) -> dict[str, Any]:
    runs = 3 if quick else 7
    context = multiprocessing.get_context("spawn")
    figures: dict[str, Any] = {}
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        compile_s, warm_up_s = pool.submit(einvoice_worker.warm_and_time).result()
        figures["schematron_compile_at_warm_up_ms"] = ms(compile_s)
        figures["worker_warm_up_ms"] = ms(warm_up_s)
        for lines in (10, 1000):
            request = render_request(lines)
            plain = einvoice = validation = thumbnail = float("inf")
            for _ in range(runs):
                plain = min(plain, pool.submit(einvoice_worker.time_plain, request).result())
                einvoice = min(einvoice, pool.submit(einvoice_worker.time_einvoice, request).result())
                validation = min(validation, pool.submit(einvoice_worker.time_validation, request).result())
                thumbnail = min(thumbnail, pool.submit(einvoice_worker.time_thumbnail, request).result())
            figures[f"thumbnail_{lines}_lines_ms"] = ms(thumbnail)
            figures[f"plain_{lines}_lines_ms"] = ms(plain)
            figures[f"einvoice_{lines}_lines_ms"] = ms(einvoice)
            figures[f"xml_build_and_validate_{lines}_lines_ms"] = ms(validation)
            figures[f"ratio_einvoice_vs_plain_{lines}"] = round(einvoice / plain, 2)
    return figures
