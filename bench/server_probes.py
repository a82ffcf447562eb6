"""What the benchmark reads of a running app process from outside: its event-loop lag histogram (the app's own
`invoice_event_loop_lag_seconds` on /metrics), its garbage collections' pauses by generation
(`invoice_gc_pause_seconds`), and the CPU time of a process (/proc); and the lag an idle event loop sees on this
machine at the same time (its noise)."""

from __future__ import annotations

import asyncio
import os
import re
import threading
from dataclasses import dataclass, field

import httpx

from bench.loop_lag import LagProbe

LAG_METRIC = "invoice_event_loop_lag_seconds"
PAUSE_METRIC = "invoice_gc_pause_seconds"
GENERATIONS = ("0", "1", "2")


@dataclass(frozen=True)
class LagHistogram:
    """Cumulative counts by upper bound in seconds (the last bound is +Inf), as Prometheus keeps them."""

    buckets: tuple[tuple[float, float], ...]

    @property
    def count(self) -> int:
        return int(self.buckets[-1][1]) if self.buckets else 0

    def since(self, earlier: LagHistogram) -> LagHistogram:
        before = dict(earlier.buckets)
        return LagHistogram(tuple((bound, count - before.get(bound, 0.0)) for bound, count in self.buckets))

    def percentile_ms(self, q: float) -> float | None:
        """As Prometheus' histogram_quantile: linear inside the bucket that holds the q-th percentile. None when
        nothing was observed or the percentile lies beyond the largest finite bucket."""
        if not self.count:
            return None
        rank = q / 100 * self.count
        lower, below = 0.0, 0.0
        for bound, cumulative in self.buckets:
            if cumulative >= rank:
                if bound == float("inf"):
                    return None
                share = (rank - below) / (cumulative - below) if cumulative > below else 1.0
                return round((lower + (bound - lower) * share) * 1000, 1)
            lower, below = bound, cumulative
        return None

    def max_bucket_ms(self) -> float | None:
        """Upper bound of the highest bucket that received an observation: the largest lag is at most this."""
        highest, below = None, 0.0
        for bound, cumulative in self.buckets:
            if cumulative > below:
                highest = bound
            below = cumulative
        return None if highest is None or highest == float("inf") else round(highest * 1000, 1)


async def lag_histogram(http: httpx.AsyncClient) -> LagHistogram:
    return _histogram(await _metrics(http), LAG_METRIC)


async def pause_histograms(http: httpx.AsyncClient) -> dict[str, LagHistogram]:
    """The collector's pauses, one histogram per generation."""
    text = await _metrics(http)
    return {generation: _histogram(text, PAUSE_METRIC, f'generation="{generation}",') for generation in GENERATIONS}


async def _metrics(http: httpx.AsyncClient) -> str:
    response = await http.get("/metrics")
    response.raise_for_status()
    return response.text


def _histogram(text: str, metric: str, labels: str = "") -> LagHistogram:
    bucket = re.compile(rf'^{metric}_bucket{{{re.escape(labels)}le="([^"]+)"}} ([0-9.e+]+)$', re.MULTILINE)
    return LagHistogram(tuple((float(bound), float(count)) for bound, count in bucket.findall(text)))


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of the process so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class MachineLag:
    """The bench's LagProbe on an event loop of its own thread with nothing else to do: how late a wake-up comes
    on this shared machine meanwhile, whatever the server does. A server lag near it is the machine's."""

    lags: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> MachineLag:
        self._thread = threading.Thread(target=asyncio.run, args=(self._run(),), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join()

    async def _run(self) -> None:
        async with LagProbe() as probe:
            await asyncio.to_thread(self._stop.wait)
        self.lags = probe.lags
