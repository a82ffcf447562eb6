"""The Prometheus metrics of every process, web and worker alike, in the default registry.

Counters and histograms are this process's own; the queue gauges describe the whole cluster (read from the
jobs collection when scraped), so every process reports the same queue.
"""

from prometheus_client import Counter, Gauge, Histogram

SIZE_BUCKETS = ((10, "1-10"), (100, "11-100"), (1000, "101-1000"))
LARGEST_BUCKET = "1001+"

QUEUE_LENGTH = Gauge("invoice_jobs_queued", "PDF jobs waiting for a render worker, cluster-wide")
OLDEST_QUEUED_AGE = Gauge("invoice_jobs_oldest_queued_age_seconds", "Age of the oldest waiting PDF job")
JOBS_BY_STATE = Gauge("invoice_jobs", "Live PDF jobs by state, cluster-wide", ["state"])
RENDER_CAPACITY = Gauge("invoice_render_capacity_slots", "Render slots of the live worker instances")
RENDER_SECONDS = Histogram("invoice_render_seconds", "Time a worker process spent rendering one PDF",
                           ["size"], buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
JOBS_FINISHED = Counter("invoice_jobs_finished", "PDF jobs ended by this process", ["outcome"])
FAILURES = Counter("invoice_render_failures", "Failed render attempts by reason class", ["reason"])
RETRIES = Counter("invoice_render_retries", "Jobs handed back for another attempt (worker crash, lease expiry)")
RATE_LIMIT_REFUSALS = Counter("invoice_rate_limit_refusals", "Generations refused by the per-user rate limit")
CONNECTED_TABS = Gauge("invoice_connected_tabs", "Dashboard tabs following live updates in this process")
EVENT_LOOP_LAG = Histogram("invoice_event_loop_lag_seconds", "How late a periodic timer fired on the event loop",
                           buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5))
COLLECTION_PAUSE = Histogram("invoice_gc_pause_seconds", "How long a garbage collection stopped this process",
                             ["generation"], buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))


def size_bucket(lines: int) -> str:
    for limit, label in SIZE_BUCKETS:
        if lines <= limit:
            return label
    return LARGEST_BUCKET
