"""How long each garbage collection stopped the process, by generation.

A full collection (generation 2) walks every object the open tabs hold, with the event loop stopped: at several
hundred open dashboards it is the largest stall of a web process (bench `dashboards`), so operators see it.
"""

import gc
import time
from typing import Any

from services.observability.metrics import COLLECTION_PAUSE

_started = [0.0]


def follow_collections() -> None:
    if _time_collection not in gc.callbacks:
        gc.callbacks.append(_time_collection)


def _time_collection(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _started[0] = time.perf_counter()
    else:
        COLLECTION_PAUSE.labels(generation=str(info["generation"])).observe(time.perf_counter() - _started[0])
