"""The web process's collector policy (services.process.garbage_collection): what a full collection keeps is
frozen, so the next walks only what came after; what freezing would keep forever, reclaim frees."""

import asyncio
import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from services.process import garbage_collection
from services.process.garbage_collection import (
    RESIDUE_PER_CLOSED_TAB,
    YOUNG_COLLECTION_EVERY_S,
    collect_young_regularly,
    reclaim,
    restore_default_collection,
    tab_closed,
    tune_for_open_tabs,
)


class Cycle:
    def __init__(self) -> None:
        self.itself = self


@pytest.fixture
def untuned() -> Iterator[None]:
    """The policy's state as a fresh process has it: an app test run before in this process stopped its app, and a
    stopping app puts the collector back. Put back afterwards too."""
    assert not garbage_collection._reclaims.tuned, "an app stopped in this process left the collector tuned"
    assert garbage_collection._freeze_survivors not in gc.callbacks
    yield
    restore_default_collection()
    gc.collect()


@pytest.fixture
def tuned(untuned: None) -> None:
    tune_for_open_tabs()


def test_a_full_collection_leaves_the_next_one_nothing_it_has_seen(tuned: None) -> None:
    kept = [Cycle() for _ in range(1_000)]
    gc.collect()

    assert gc.get_objects(generation=2) == []
    assert gc.get_freeze_count() >= len(kept)


def test_a_cycle_that_dies_once_frozen_is_freed_by_a_reclaim(tuned: None) -> None:
    cycle = Cycle()
    gc.collect()
    dead = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert dead() is not None  # frozen: out of the collector's sight

    assert reclaim() >= 1
    assert dead() is None


def test_closed_tabs_reclaim_once_their_residue_reaches_a_quarter_of_what_was_kept(tuned: None) -> None:
    reclaim()
    closes_due = -(-gc.get_freeze_count() // (4 * RESIDUE_PER_CLOSED_TAB))
    cycle = Cycle()
    gc.collect()
    dead = weakref.ref(cycle)
    del cycle
    for _ in range(closes_due - 1):
        tab_closed()
    assert dead() is not None

    tab_closed()
    assert dead() is None


async def test_young_objects_are_collected_even_while_as_many_old_ones_die(tuned: None) -> None:
    """CPython counts allocations net of deallocations: a redraw that frees as many frozen objects as it makes
    new ones never starts a young collection by itself."""
    old: list[list[int]] = [[] for _ in range(5_000)]
    gc.collect()
    young_collections: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["generation"] == 0:
            young_collections.append(1)

    gc.callbacks.append(seen)
    collecting = asyncio.create_task(collect_young_regularly())
    try:
        for _ in range(4):
            redrawn: list[list[int]] = [[] for _ in range(1_000)]
            del old[:1_000]
            old += redrawn
            await asyncio.sleep(YOUNG_COLLECTION_EVERY_S)
    finally:
        collecting.cancel()
        gc.callbacks.remove(seen)

    assert len(young_collections) >= 2


def test_a_process_left_untuned_never_reclaims(untuned: None) -> None:
    cycle = Cycle()
    dead = weakref.ref(cycle)
    gc.freeze()
    del cycle
    try:
        for _ in range(100_000):
            tab_closed()
        assert dead() is not None
    finally:
        gc.unfreeze()
        gc.collect()


def test_a_stopped_web_process_leaves_the_collector_as_it_found_it(untuned: None) -> None:
    thresholds = gc.get_threshold()
    tune_for_open_tabs()
    tune_for_open_tabs()
    cycle = Cycle()
    dead = weakref.ref(cycle)
    gc.collect()
    del cycle
    assert gc.get_freeze_count() > 0

    restore_default_collection()

    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0
    assert garbage_collection._freeze_survivors not in gc.callbacks
    gc.collect()
    assert dead() is None
