"""Benchmarks of the PDF invoice service: `python -m bench.run [--quick] [--only a,b] [--out results.json]`.

Prints each figure with its target and writes them all to bench/results.json. The sections:
  render      (a) 1000-line render vs ten 100-line renders, and vs the ReportLab platypus reference
  sizes       (e) single renders up to 5000 lines: time, pages, peak worker RSS (the line-cap question)
  einvoice    (issue 13) the e-invoice's cost over the plain render at 10 and 1,000 lines; schematron compile
  fairness    (b) user B's click-to-Ready while user A floods with five 1000-line invoices, vs idle
  lag         (c) event-loop lag of the services' process with every worker busy
  throughput  (d) 200 ten-line invoices from 20 users end to end vs the bare pool
  app         (c, e) the real app: dashboard page loads busy vs idle, server RSS idle / 100 dashboards / load
  book        (issue 12) an owner of 10,000 invoices among 100,000 vs an owner of 10: list, search, filter,
              totals, `/` through the real app; the CSV export's time and the app's memory while it streams
  records     backup/restore of 10,000 invoices; the period ZIP of 10,000: time, size, web-process memory
  flood       (issue 15) user B's Generate while anonymous tabs flood log-in and sign-up; server memory
  cluster     (f) user B's small invoice behind user A's 30 large ones, spread over two worker processes
  wakeup      (f) enqueue to claim with and without Redis; the idle cluster's database commands per second
  editor      (issue 18) "Add line item" at the 1st and the 150th line, typing and adding in a 500-line invoice, in a
              real Chromium (the browser tests' figures)
  scale       (issue 14) each request's storage calls (page, search, generation, download, claim, recovery) for
              users with 10 and 10,000 invoices, at 1,000 and at 100,000 stored
  dashboards  (issue 14) up to 1,000 open dashboards on one web process, a tenth generating at their limit:
              RSS per tab, page-load p95, event-loop lag; the capacity (tabs at which page-load p95 doubles)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SECTIONS = ("render", "sizes", "einvoice", "fairness", "lag", "throughput", "app", "cluster", "wakeup", "book",
            "records", "flood", "scale", "dashboards", "editor")
LIVE_SECTIONS = ("fairness", "lag", "throughput", "app", "cluster", "wakeup", "book", "flood", "scale", "dashboards")
DEFAULT_OUT = Path(__file__).resolve().parent / "results.json"
# Everything else is imported inside the functions: the spawned render workers import this module as
# __mp_main__, and a worker's memory should be what an app worker's is (app.py does the same).


def main() -> None:
    arguments = _arguments()
    sections = [name.strip() for name in arguments.only.split(",")] if arguments.only else list(SECTIONS)
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown sections: {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    started = time.perf_counter()
    results = asyncio.run(run(sections, quick=arguments.quick))
    results["seconds"] = round(time.perf_counter() - started, 1)
    from bench.report import table

    run_results = results
    if arguments.merge and arguments.out.exists():
        results = merged(json.loads(arguments.out.read_text()), results)
    arguments.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")  # before the table can fail
    print(table(run_results))
    print(f"\n{run_results['mode']} run in {run_results['seconds']} s; figures written to {arguments.out}")


async def run(sections: list[str], *, quick: bool) -> dict[str, Any]:
    from bench.live_services import embedded_mongo
    from bench.render_timing import measure_render, measure_sizes
    from bench.report import TARGETS

    results: dict[str, Any] = {"mode": "quick" if quick else "full", "machine": _machine(), "sections": sections}
    load = results["machine"]["load_average_1m_at_start_of"] = {}
    if "render" in sections:
        load["render"] = _load()
        results["render"] = await asyncio.to_thread(measure_render, quick=quick)
    if "sizes" in sections:
        load["sizes"] = _load()
        results["sizes"] = await asyncio.to_thread(measure_sizes, quick=quick)
    if "einvoice" in sections:
        from bench.einvoice import measure_einvoice

        load["einvoice"] = _load()
        results["einvoice"] = await asyncio.to_thread(measure_einvoice, quick=quick)
    if "records" in sections:
        from bench.records import measure_records

        load["records"] = _load()
        results["records"] = await measure_records(quick=quick)
    if "editor" in sections:
        from bench.editor import measure_editor

        load["editor"] = _load()
        results["editor"] = await asyncio.to_thread(measure_editor, quick=quick)
    live = [name for name in sections if name in LIVE_SECTIONS]
    if live:
        with tempfile.TemporaryDirectory(prefix="invoice-bench-") as folder:
            async with embedded_mongo(Path(folder) / "mongo") as uri:
                for name in live:
                    load[name] = _load()
                    results[name] = await _live_section(name, uri, Path(folder) / name, quick=quick)
    load["end"] = _load()
    results["targets"] = [target.verdict(results) for target in TARGETS if target.section in results]
    return results


async def _live_section(name: str, uri: str, folder: Path, *, quick: bool) -> dict[str, Any]:
    """Each section on services of its own, with a database of its own."""
    from bench.app_server import measure_app
    from bench.book import measure_book
    from bench.cluster import measure_cluster, measure_wakeups
    from bench.dashboard_capacity import measure_dashboards
    from bench.fairness import measure_fairness
    from bench.live_services import live_services
    from bench.loop_lag import measure_loop_lag
    from bench.password_flood import measure_password_flood
    from bench.scale import measure_scale
    from bench.throughput import measure_throughput

    database_uri = uri.rsplit("/", 1)[0] + f"/bench_{name}"
    if name == "app":
        return await measure_app(database_uri, folder, quick=quick)
    if name == "book":
        return await measure_book(database_uri, folder, quick=quick)
    if name == "scale":
        return await measure_scale(database_uri, folder, quick=quick)
    if name == "dashboards":
        return await measure_dashboards(database_uri, folder, quick=quick)
    if name == "flood":
        return await measure_password_flood(database_uri, folder, quick=quick)
    if name in ("cluster", "wakeup"):
        measure = measure_cluster if name == "cluster" else measure_wakeups
        return await measure(database_uri, folder, quick=quick)
    scenario = {"fairness": measure_fairness, "lag": measure_loop_lag, "throughput": measure_throughput}[name]
    async with live_services(database_uri, folder) as services:
        return await scenario(services, quick=quick)


def merged(previous: dict[str, Any], results: dict[str, Any]) -> dict[str, Any]:
    """The sections just run replace theirs in `previous`; the others keep their recorded figures. Each merge is
    noted under `merged_runs` with its mode, date and length."""
    fresh = results["sections"]
    combined = {**previous, **{name: results[name] for name in fresh}}
    combined["sections"] = [*previous.get("sections", []), *(name for name in fresh if name not in previous.get(
        "sections", []))]
    combined["machine"] = {**previous["machine"], "load_average_1m_at_start_of": {
        **previous["machine"].get("load_average_1m_at_start_of", {}),
        **{name: load for name, load in results["machine"]["load_average_1m_at_start_of"].items() if name in fresh}}}
    combined["targets"] = [*(verdict for verdict in previous.get("targets", [])
                             if verdict["figure"].split(".")[0] not in fresh), *results["targets"]]
    combined["merged_runs"] = [*previous.get("merged_runs", []), {
        "sections": fresh, "mode": results["mode"], "date": results["machine"]["date"], "seconds": results["seconds"]}]
    return combined


def _load() -> float:
    """Other work on the machine skews every timing: the 1-minute load average is kept with the figures."""
    return round(os.getloadavg()[0], 2)


def _machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "date": datetime.now(UTC).isoformat(timespec="seconds")}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="CI smoke mode: fewer runs and smaller loads")
    parser.add_argument("--only", default="", help=f"comma-separated sections of: {', '.join(SECTIONS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON figures")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other sections' figures already in --out, replace only those run now")
    return parser.parse_args()


if __name__ == "__main__":
    main()
