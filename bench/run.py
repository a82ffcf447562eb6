"""Benchmarks of the PDF invoice service: `python -m bench.run [--quick] [--only a,b] [--out results.json]`.

Prints each figure with its target and writes them all to bench/results.json. The sections:
  render      (a) 1000-line render vs ten 100-line renders, and vs the ReportLab platypus reference
  sizes       (e) single renders up to 5000 lines: time, pages, peak worker RSS (the line-cap question)
  fairness    (b) user B's click-to-Ready while user A floods with five 1000-line invoices, vs idle
  lag         (c) event-loop lag of the services' process with every worker busy
  throughput  (d) 200 ten-line invoices from 20 users end to end vs the bare pool
  app         (c, e) the real app: dashboard page loads busy vs idle, server RSS idle / 100 dashboards / load
  cluster     (f) user B's small invoice behind user A's 30 large ones, spread over two worker processes
  wakeup      (f) enqueue to claim with and without Redis; the idle cluster's database commands per second
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

SECTIONS = ("render", "sizes", "fairness", "lag", "throughput", "app", "cluster", "wakeup")
LIVE_SECTIONS = ("fairness", "lag", "throughput", "app", "cluster", "wakeup")
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
    arguments.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    from bench.report import table

    print(table(results))
    print(f"\n{results['mode']} run in {results['seconds']} s; figures written to {arguments.out}")


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
    from bench.cluster import measure_cluster, measure_wakeups
    from bench.fairness import measure_fairness
    from bench.live_services import live_services
    from bench.loop_lag import measure_loop_lag
    from bench.throughput import measure_throughput

    database_uri = uri.rsplit("/", 1)[0] + f"/bench_{name}"
    if name == "app":
        return await measure_app(database_uri, folder, quick=quick)
    if name in ("cluster", "wakeup"):
        measure = measure_cluster if name == "cluster" else measure_wakeups
        return await measure(database_uri, folder, quick=quick)
    scenario = {"fairness": measure_fairness, "lag": measure_loop_lag, "throughput": measure_throughput}[name]
    async with live_services(database_uri, folder) as services:
        return await scenario(services, quick=quick)


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
    return parser.parse_args()


if __name__ == "__main__":
    main()
