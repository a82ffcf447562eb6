"""The cycle collector tuned for a web process that holds many open tabs.

CPython's full collection walks every tracked object with the event loop stopped, about 0.8 µs each: with some
5,000 objects an open dashboard, seconds at 1,000 tabs (bench `dashboards`). So here each object is walked a few
times while it is young, and never again once it has proved to live long:
- A young collection runs every YOUNG_COLLECTION_AFTER allocations instead of 700: a request's or a live update's
  objects are freed by reference counting before a collection sees them. CPython counts allocations net of
  deallocations, so while tabs redraw (new elements made, frozen old ones freed) the young generation grew to
  70,000-150,000 objects before a collection started, and walked them all at once (0.1-0.3 s at 1,000 tabs): a
  young collection also runs every YOUNG_COLLECTION_EVERY_S (`collect_young_regularly`).
- The middle generation is collected after every OLDER_COLLECTION_AFTER+1 young collections, and a full collection
  may follow each of those, instead of after 10 and 100: otherwise a full collection waited for a million
  allocations (twenty tabs opened) and walked all of them at once (0.6-0.9 s, measured).
- Everything alive after a full collection is frozen (`gc.freeze`), out of the collector's sight: the next full
  collection walks only what was promoted since, and CPython starts one once that exceeds a quarter of what the
  last one kept, so full collections stay small too.
- A closed tab is freed by reference counting (ui.closed_tabs, ui.closed_sockets), so freezing keeps no dead
  page. What a frozen object still leaves in a cycle when it dies, the closed connection's uvicorn protocol with
  its wsproto state and transport (about RESIDUE_PER_CLOSED_TAB objects, measured), is collected by `reclaim`: one
  full walk of everything, once closed tabs may have left a quarter as many objects as the last reclaim kept,
  CPython's own proportion.
A process that stops serving puts the collector back as it found it (`restore_default_collection`): whatever runs
after the app in the same process (a test run, an embedding) gets CPython's collector, with nothing frozen.
"""

import asyncio
import gc
from dataclasses import dataclass
from typing import Any

YOUNG_COLLECTION_AFTER = 10_000  # allocations; CPython's default is 700
OLDER_COLLECTION_AFTER = 1  # collections of the generation below; CPython's default is 10 for both
YOUNG_COLLECTION_EVERY_S = 0.2
RESIDUE_PER_CLOSED_TAB = 55  # 53 measured: 100 `/login` tabs opened and closed, then one full collection


@dataclass
class _Reclaims:
    tuned: bool = False
    thresholds_before: tuple[int, int, int] = (700, 10, 10)
    closed_tabs: int = 0
    kept: int = 0  # objects frozen by the last reclaim


_reclaims = _Reclaims()


def tune_for_open_tabs() -> None:
    if not _reclaims.tuned:
        _reclaims.thresholds_before = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, OLDER_COLLECTION_AFTER, OLDER_COLLECTION_AFTER)
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)
    _reclaims.tuned = True
    reclaim()


def restore_default_collection() -> None:
    if not _reclaims.tuned:
        return
    if _freeze_survivors in gc.callbacks:
        gc.callbacks.remove(_freeze_survivors)
    gc.set_threshold(*_reclaims.thresholds_before)
    gc.unfreeze()
    _reclaims.tuned = False
    _reclaims.closed_tabs = 0
    _reclaims.kept = 0


async def collect_young_regularly() -> None:
    while True:
        await asyncio.sleep(YOUNG_COLLECTION_EVERY_S)
        gc.collect(0)


def tab_closed() -> None:
    if not _reclaims.tuned:
        return
    _reclaims.closed_tabs += 1
    if _reclaims.closed_tabs * RESIDUE_PER_CLOSED_TAB * 4 >= _reclaims.kept:
        reclaim()


def reclaim() -> int:
    """One full collection of everything, frozen or not; the objects it freed. What survives is frozen again."""
    gc.unfreeze()
    freed = gc.collect()
    _reclaims.closed_tabs = 0
    _reclaims.kept = gc.get_freeze_count()
    return freed


def _freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()
