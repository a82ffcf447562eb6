"""The invoice book through a real `python app.py`: `/` as a browser tab gets it, and the CSV export.

- page load: `GET /` alone (the first paint; it reads no invoice);
- list filled: `GET /`, then NiceGUI's websocket as the page's script opens it, until the server has pushed the
  page's first row and the totals line (the list is filled by a timer after the first paint);
- CSV: `GET /invoices.csv` of the large owner read to its last byte, while the app process's RSS is sampled
  every 10 ms from another thread: a streamed export grows the process by much less than the file's size.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import threading
import time
from typing import Any

import httpx

from bench.dashboards import COOKIE, open_page
from bench.stats import median, ms, percentile

FILL_TIMEOUT_S = 60
UNAVAILABLE = "be shown right now"  # BookView's notice when a read fails (e.g. the app's 5 s socket timeout)


async def page_loads(url: str, tokens: dict[str, str], repeats: int) -> dict[str, Any]:
    """GET / for each owner in turns; the first round is a warm-up."""
    seconds: dict[str, list[float]] = {size: [] for size in tokens}
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        for _ in range(repeats + 1):
            for size, token in tokens.items():
                started = time.perf_counter()
                response = await http.get("/", cookies={COOKIE: token})
                seconds[size].append(time.perf_counter() - started)
                response.raise_for_status()
    return _figures("page_load", {size: values[1:] for size, values in seconds.items()})


async def filled_lists(url: str, tokens: dict[str, str], expected: dict[str, list[str]],
                       repeats: int) -> dict[str, Any]:
    """GET / + websocket until every text of `expected[size]` has arrived, for each owner in turns. A page that
    shows the "can't be shown" notice instead, or nothing within FILL_TIMEOUT_S, is counted as failed."""
    seconds: dict[str, list[float]] = {size: [] for size in tokens}
    failed = dict.fromkeys(tokens, 0)
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        for round_ in range(repeats + 1):
            for size, token in tokens.items():
                filled = await _time_to_fill(http, url, token, expected[size])
                if filled is None:
                    failed[size] += 1
                elif round_ > 0:
                    seconds[size].append(filled)
    figures = _figures("list_filled", seconds)
    return figures | {f"list_filled_{size}_failed": count for size, count in failed.items()}


async def _time_to_fill(http: httpx.AsyncClient, url: str, token: str, expected: list[str]) -> float | None:
    started = time.perf_counter()
    missing = set(expected)
    filled, unavailable = asyncio.Event(), [False]

    def on_update(*payload: Any) -> None:
        text = str(payload)
        missing.difference_update({wanted for wanted in missing if wanted in text})
        unavailable[0] = unavailable[0] or UNAVAILABLE in text
        if not missing or unavailable[0]:
            filled.set()

    socket = await open_page(http, url, token, on_update)
    try:
        await asyncio.wait_for(filled.wait(), FILL_TIMEOUT_S)
    except TimeoutError:
        return None
    else:
        return None if unavailable[0] else time.perf_counter() - started
    finally:
        await socket.disconnect()


class RssSampler:
    """The process's RSS (kB) every 10 ms, in a thread of its own so that the download does not delay it."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(rss_kb(self.pid))
            self._stop.wait(0.01)


async def csv_exports(url: str, pid: int, token: str, warm_token: str, repeats: int, held_mb: float,
                      expected_rows: int) -> dict[str, Any]:
    """The large owner's full export, `repeats` times; RSS growth is the peak during an export over the idle RSS
    just before it. The small owner's export runs first, so that the route's code is loaded. `held_mb`: what the
    same export takes when every row is held (bench/book_queries.export_held_mb)."""
    async with httpx.AsyncClient(base_url=url, timeout=300, cookies={COOKIE: warm_token}) as http:
        await _download(http)
    runs: list[dict[str, float]] = []
    failures: list[str] = []
    async with httpx.AsyncClient(base_url=url, timeout=300, cookies={COOKIE: token}) as http:
        for _ in range(repeats):
            await asyncio.sleep(1)
            idle = statistics.median(rss_kb(pid) for _ in range(5))
            with RssSampler(pid) as sampler:
                try:
                    run = await _download(http)
                except httpx.HTTPError as error:  # e.g. the app's database read timed out mid-export
                    failures.append(repr(error))
                    continue
            if run["rows"] != expected_rows:  # a 200 cut short: the stream ended when a database read failed
                failures.append(f"{run['rows']:.0f} of {expected_rows} rows after {run['last_byte_s']:.1f} s")
                continue
            runs.append(run | {"idle_kb": idle, "growth_kb": max(sampler.samples) - idle})
    if not runs:  # every figure present, None where nothing was measured
        nothing = dict.fromkeys(("csv_mb", "csv_first_byte_median_ms", "csv_last_byte_median_ms",
                                 "csv_server_rss_idle_mb", "csv_server_rss_growth_first_mb",
                                 "csv_server_rss_growth_max_mb", "ratio_rss_growth_vs_csv_size",
                                 "ratio_rss_growth_vs_all_rows_held"))
        return {"csv_rows": expected_rows, **nothing, "csv_all_rows_held_mb": held_mb, "csv_runs": [],
                "csv_failed": failures}
    first, size = runs[0], runs[0]["bytes"]
    growth = max(run["growth_kb"] for run in runs)
    return {
        "csv_rows": int(first["rows"]), "csv_mb": round(size / 2**20, 2),
        "csv_first_byte_median_ms": ms(median([run["first_byte_s"] for run in runs])),
        "csv_last_byte_median_ms": ms(median([run["last_byte_s"] for run in runs])),
        "csv_server_rss_idle_mb": round(first["idle_kb"] / 1024, 1),
        "csv_server_rss_growth_first_mb": round(first["growth_kb"] / 1024, 1),
        "csv_server_rss_growth_max_mb": round(growth / 1024, 1),
        "ratio_rss_growth_vs_csv_size": round(growth * 1024 / size, 2),
        "csv_all_rows_held_mb": held_mb,
        "ratio_rss_growth_vs_all_rows_held": round(growth / 1024 / held_mb, 2),
        "csv_runs": [{key: round(value, 3) for key, value in run.items()} for run in runs],
        "csv_failed": failures,
    }


async def _download(http: httpx.AsyncClient) -> dict[str, float]:
    started = time.perf_counter()
    first_byte, size, rows = 0.0, 0, 0
    async with http.stream("GET", "/invoices.csv") as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            first_byte = first_byte or time.perf_counter() - started
            size += len(chunk)
            rows += chunk.count(b"\r\n")
    return {"first_byte_s": first_byte, "last_byte_s": time.perf_counter() - started, "bytes": size,
            "rows": max(0, rows - 1)}  # less the header row


def _figures(name: str, seconds: dict[str, list[float]]) -> dict[str, Any]:
    """Median, p95 and the ratio of medians; None where no sample succeeded."""
    figures: dict[str, Any] = {}
    for size, values in seconds.items():
        figures |= {f"{name}_{size}_median_ms": ms(median(values)) if values else None,
                    f"{name}_{size}_p95_ms": ms(percentile(values, 95)) if values else None}
    large, small = seconds["large"], seconds["small"]
    figures[f"ratio_{name}_large_vs_small"] = round(median(large) / median(small), 2) if large and small else None
    return figures


_RSS = re.compile(r"^VmRSS:\s+(\d+)", re.MULTILINE)


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            found = _RSS.search(status.read())
    except FileNotFoundError:
        return 0
    return int(found.group(1)) if found else 0
