"""(a) Render time against line count, and against ReportLab platypus; (e) peak worker memory per invoice size.

Each renderer runs in a spawned, warmed-up worker process (bench/render_worker.py), as in the app; every time is
measured inside the worker (no pickling), best of several runs taken in turns (on a shared machine the fastest
run is the one least disturbed by other work). Peak memory is ru_maxrss of a fresh worker
that rendered once.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from bench import render_worker
from bench.documents import render_document
from bench.stats import ms
from services.invoices.validation import MAX_LINES


def measure_render(*, quick: bool) -> dict[str, Any]:
    app, reference = _timings(runs=3 if quick else 7)
    return {
        "app_10_lines_ms": ms(app["10"]),
        "app_100_lines_ms": ms(app["100"]),
        "app_1000_lines_ms": ms(app["1000"]),
        "app_ten_100_line_renders_ms": ms(app["10x100"]),
        "reference_1000_lines_ms": ms(reference["1000"]),
        "reference_ten_100_line_renders_ms": ms(reference["10x100"]),
        "ratio_1000_vs_ten_100": round(app["1000"] / app["10x100"], 2),
        "ratio_app_vs_reference_1000": round(app["1000"] / reference["1000"], 2),
        "pages_1000_lines": app["pages_1000"],
    }


def measure_sizes(*, quick: bool) -> dict[str, Any]:
    """Time and peak worker RSS of single renders in fresh workers, up to well past the current cap."""
    sizes: list[tuple[str, int, bool]] = [("max_allowed", MAX_LINES, True)]
    if not quick:
        sizes += [("2000_longest", 2000, True), ("5000_longest", 5000, True), ("5000_typical", 5000, False)]
    figures: dict[str, Any] = {"max_lines_setting": MAX_LINES}
    for name, lines, longest in sizes:
        document = render_document(lines, longest=longest)
        with _worker("app") as pool:
            seconds, peak_kb, before_kb = pool.submit(render_worker.render_once, document).result()
            pages = pool.submit(render_worker.page_count, document).result()
        figures[f"{name}_ms"] = ms(seconds)
        figures[f"{name}_pages"] = pages
        figures[f"{name}_worker_rss_before_mb"] = round(before_kb / 1024)
        figures[f"{name}_worker_peak_rss_mb"] = round(peak_kb / 1024)
    return figures


def _timings(runs: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Best of `runs` for each workload, the two renderers taking turns so that both see the same machine."""
    small, hundred, thousand = render_document(10), render_document(100), render_document(1000)
    workloads = {"10": [small], "100": [hundred], "1000": [thousand], "10x100": [hundred] * 10}
    timed: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    with _worker("app") as app, _worker("reference") as reference:
        for name, documents in workloads.items():
            for figures in timed:
                figures[name] = float("inf")
            for _ in range(runs):
                for pool, figures in zip((app, reference), timed, strict=True):
                    seconds = pool.submit(render_worker.time_renders, documents).result()
                    figures[name] = min(figures[name], seconds)
        timed[0]["pages_1000"] = app.submit(render_worker.page_count, thousand).result()
    return timed


@contextmanager
def _worker(renderer: str) -> Iterator[ProcessPoolExecutor]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=render_worker.warm,
                             initargs=(renderer, render_document(1))) as pool:
        yield pool
