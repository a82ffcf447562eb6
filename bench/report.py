"""The targets of issue #6, and the table the benchmark prints."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    section: str
    figure: str
    limit: float
    compare: Callable[[float, float], bool]
    sign: str

    def verdict(self, results: dict[str, Any]) -> dict[str, Any]:
        value = results[self.section][self.figure]
        return {"figure": f"{self.section}.{self.figure}", "value": value, "target": f"{self.sign} {self.limit:g}",
                "met": bool(self.compare(value, self.limit))}


TARGETS = [
    Target("render", "ratio_1000_vs_ten_100", 1.3, operator.le, "<="),
    Target("render", "ratio_app_vs_reference_1000", 1.5, operator.le, "<="),
    Target("fairness", "ratio_busy_vs_idle", 2.0, operator.le, "<="),
    Target("lag", "busy_p99_ms", 50, operator.lt, "<"),
    Target("app", "ratio_page_load_busy_vs_idle", 1.5, operator.le, "<="),
    Target("throughput", "ratio_end_to_end_vs_raw", 0.85, operator.ge, ">="),
    Target("cluster", "ratio_busy_vs_idle", 2.0, operator.le, "<="),
    Target("wakeup", "redis_max_ms", 100, operator.le, "<="),
    Target("wakeup", "polling_max_ms", 1000, operator.le, "<="),
    Target("wakeup", "idle_queries_per_s_redis", 5, operator.le, "<="),
    Target("wakeup", "idle_queries_per_s_polling", 5, operator.le, "<="),
]
SECTION_TITLES = {
    "render": "(a) render linearity", "sizes": "(e) single renders by size", "fairness": "(b) fairness",
    "lag": "(c) event-loop lag", "throughput": "(d) throughput", "app": "(c, e) real app",
    "cluster": "(f) fairness across two worker processes", "wakeup": "(f) wake-ups and idle queries",
}


def table(results: dict[str, Any]) -> str:
    targets = {verdict["figure"]: verdict for verdict in results.get("targets", [])}
    rows = [("figure", "value", "target", "")]
    for section, title in SECTION_TITLES.items():
        if section not in results:
            continue
        rows.append((f"-- {title}", "", "", ""))
        for figure, value in results[section].items():
            verdict = targets.get(f"{section}.{figure}")
            mark = "" if verdict is None else ("met" if verdict["met"] else "MISSED")
            rows.append((f"  {figure}", str(value), verdict["target"] if verdict else "", mark))
    load = results.get("machine", {}).get("load_average_1m_at_start_of", {})
    if load:
        rows.append(("-- load average (1 min) at the start of each section", "", "", ""))
        rows += [(f"  {section}", str(value), "", "") for section, value in load.items()]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                     for row in rows)
