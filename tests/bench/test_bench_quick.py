"""Smoke test of the benchmark: its quick mode runs the cheapest sections end to end and writes every figure.

No figure is compared with its target here (timings on a shared machine are not test material): the
benchmark prints them, and `python -m bench.run` is the command to read them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SECTIONS = {
    "render": {"app_10_lines_ms", "app_100_lines_ms", "app_1000_lines_ms", "app_ten_100_line_renders_ms",
               "reference_1000_lines_ms", "reference_ten_100_line_renders_ms", "ratio_1000_vs_ten_100",
               "ratio_app_vs_reference_1000", "pages_1000_lines"},
    "einvoice": {"schematron_compile_at_warm_up_ms", "worker_warm_up_ms",
                 *(f"{figure}_{lines}_lines_ms"
                   for figure in ("plain", "einvoice", "xml_build_and_validate", "thumbnail") for lines in (10, 1000)),
                 "ratio_einvoice_vs_plain_10", "ratio_einvoice_vs_plain_1000"},
    "fairness": {"b_idle_click_to_ready_ms", "b_busy_click_to_ready_ms", "b_busy_worst_ms", "ratio_busy_vs_idle",
                 "samples_with_a_still_rendering"},
    "throughput": {"invoices", "rounds", "end_to_end_per_s", "raw_pool_per_s", "end_to_end_per_s_each_round",
                   "raw_pool_per_s_each_pass", "ratio_each_round", "ratio_of_medians", "ratio_end_to_end_vs_raw"},
    "book": {
        "invoices_stored", "owners", "seed_s", "large_owner_invoices", "small_owner_invoices", "explain",
        *(f"{shape}_{size}_{figure}" for shape in ("list", "search", "overdue", "totals", "fill", "flat_list",
                                                   "flat_search", "flat_overdue")
          for size in ("large", "small") for figure in ("median_ms", "p95_ms", "rows")),
        *(f"{shape}_{size}_{figure}" for shape in ("page_load", "list_filled") for size in ("large", "small")
          for figure in ("median_ms", "p95_ms")),
        *(f"ratio_{shape}_large_vs_small" for shape in ("list", "search", "overdue", "totals", "fill", "flat_list",
                                                         "flat_search", "flat_overdue", "page_load", "list_filled")),
        "csv_rows", "csv_mb", "csv_first_byte_median_ms", "csv_last_byte_median_ms", "csv_server_rss_idle_mb",
        "csv_server_rss_growth_first_mb", "csv_server_rss_growth_max_mb", "ratio_rss_growth_vs_csv_size",
        "csv_all_rows_held_mb", "ratio_rss_growth_vs_all_rows_held", "csv_runs", "csv_failed",
        "list_filled_large_failed", "list_filled_small_failed",
    },
    "scale": {
        "owners", "small_owner_invoices", "large_owner_invoices", "repeats", "stored_first_small",
        "stored_first_large", "seed_s", "stored_last",
        *(f"{figure}_{path}_{who}" if figure == "ratio" else f"{path}_{who}_{figure}"
          for path in ("page", "search", "download", "recovery", "generation", "claim") for who in ("small", "large")
          for figure in ("first_median_ms", "last_median_ms", "last_p95_ms", "ratio")),
    },
}


def test_the_quick_benchmark_writes_every_figure_of_the_sections_it_runs(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "NICEGUI_"))}

    finished = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--only", ",".join(SECTIONS), "--out", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=240, check=False,
    )

    assert finished.returncode == 0, finished.stdout + finished.stderr
    results = json.loads(out.read_text())
    assert results["mode"] == "quick"
    for section, figures in SECTIONS.items():
        assert set(results[section]) == figures, section
    assert {verdict["figure"].split(".")[0] for verdict in results["targets"]} == set(SECTIONS)
    assert all(isinstance(verdict["met"], bool) for verdict in results["targets"])
    assert "ratio_1000_vs_ten_100" in finished.stdout


DASHBOARD_FIGURES = {
    *(f"tabs_{tabs}_{figure}" for tabs in (0, 10, 20) for figure in (
        "rss_mb", "rss_per_tab_kb", "page_load_p95_ms", "ratio_page_load_p95_vs_no_tabs", "list_filled_p95_ms",
        "page_load_failures", "lag_p99_ms", "lag_max_bucket_ms", "machine_lag_p99_ms", "generating_tabs",
        "generated", "updates_generating_tabs", "open_server_cpu_ms_per_tab", "server_cpu_pct",
        "idle_server_cpu_pct", "holder_cpu_pct_max")),
    "most_tabs", "capacity_tabs", "ratio_page_load_p95_largest", "lag_p99_ms_at_most_tabs", "lag_p99_ms_worst_step",
    "most_tabs_planned", "dashboards_still_connected", "sockets_dropped", "sockets_dropped_at_tabs", "drop_reasons",
    "lag_p99_ms_whole_run", "lag_max_bucket_ms_whole_run", "steps",
}


def test_the_quick_dashboards_section_holds_its_tabs_open_and_writes_every_figure(tmp_path: Path) -> None:
    """Its own run: the section starts the real app and holder processes, too slow to share the one above's."""
    out = tmp_path / "results.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "NICEGUI_"))}

    finished = subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--only", "dashboards", "--out", str(out)],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)

    assert finished.returncode == 0, finished.stdout + finished.stderr
    figures = json.loads(out.read_text())["dashboards"]
    assert set(figures) == DASHBOARD_FIGURES
    assert figures["dashboards_still_connected"] == 20 and figures["sockets_dropped"] == 0
    assert figures["tabs_20_generating_tabs"] == 2 and figures["tabs_20_generated"] >= 1
    assert figures["tabs_20_updates_generating_tabs"] >= figures["tabs_20_generated"]
    assert {verdict["figure"] for verdict in json.loads(out.read_text())["targets"]} == {
        "dashboards.lag_p99_ms_at_most_tabs", "dashboards.lag_p99_ms_worst_step", "dashboards.sockets_dropped"}
