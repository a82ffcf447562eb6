"""How long each garbage collection stopped the process, by generation.

Every collection stops the event loop for each object it walks. In the web process a full one (generation 2)
walks only what was promoted since the last (services.process.garbage_collection), except a reclaim after many
closed tabs, which walks every open tab's objects once: operators see both here.
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
