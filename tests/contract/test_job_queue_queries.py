"""The job queue's query shapes are served by an index, and its atomic operations behave as the queue needs.

On the embedded nx-27017, explain() answers with SQLite's plan: `SEARCH … USING INDEX` is an index, `SCAN` a
full scan. An nx-27017 upgrade that stops using an index for one of these shows up here. Against a real MongoDB
(MONGODB_URI) the plan must not be a COLLSCAN.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest
from bson import ObjectId
from pymongo import ASCENDING, AsyncMongoClient, ReturnDocument

from services.jobs.virtual_clock import VirtualClock
from storage import job_clock, jobs
from storage.database import Database, create_indexes

USES_EMBEDDED = not os.environ.get("MONGODB_URI")
SORT_BY_TAG = [("tag", ASCENDING)]

# Every query shape of storage/jobs.py, storage/job_clock.py, storage/render_workers.py, the adoption of invoices
# without a job and the PDFs a job stores (storage/pdf_files.py).
# Updates by id are explained with a string _id: nx-27017 0.8.1's explain cannot bind an ObjectId parameter.
SHAPES: list[tuple[str, dict[str, Any], list[tuple[str, int]] | None]] = [
    ("jobs", {"state": "queued"}, None),  # any_queued, count_in_state
    ("jobs", {"state": "queued", "owner_id": {"$nin": ["a", "b"]}}, SORT_BY_TAG),  # claim_next
    ("jobs", {"state": "queued"}, SORT_BY_TAG),  # claim_next with nobody at their share
    ("jobs", {"state": "running"}, None),  # running_owners
    ("jobs", {"state": "running", "lease_until_ms": {"$lt": 10}}, None),  # expired
    ("jobs", {"owner_id": "a", "state": "queued"}, SORT_BY_TAG),  # queued_of_owner
    ("jobs", {"_id": {"$in": ["x", "y"]}}, None),  # live_ids
    ("jobs", {"state": "queued", "tag": {"$lt": 5.0}}, SORT_BY_TAG),  # queued_tags_before
    ("jobs", {"state": "queued"}, [("enqueued_ms", ASCENDING)]),  # oldest_queued_ms
    ("jobs", {"_id": "x", "owner_id": "a", "state": "running", "holder": "me"}, None),  # renew/release/announce
    ("job_owners", {"_id": "a", "finish": {"$gte": 1.5}}, None),  # start_tag, an owner with work ahead of V
    ("job_owners", {"_id": "a", "finish": {"$lt": 1.5}}, None),  # start_tag, an owner behind V (upsert)
    ("job_clock", {"_id": job_clock.CLOCK_ID}, None),  # advance
    ("render_workers", {"seen_ms": {"$gte": 10}}, None),  # capacity
    ("invoices", {"status": "processing"}, None),  # adoption, at start-up and once a lease
    ("pdfs.chunks", {"files_id": "x"}, None),  # discard_leftover
    ("pdf_documents", {"_id": "x", "owner_id": "a"}, None),  # store, read, delete and discard a PDF
]


@pytest.fixture
async def db(fresh_database_uri: str) -> AsyncIterator[Database]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(fresh_database_uri, tz_aware=True)
    database = client.get_default_database()
    try:
        await create_indexes(database)
        for name in sorted({collection for collection, *_ in SHAPES}):  # a collection that does not exist has no plan
            await database[name].insert_one({"_id": "seed", "state": "seed"})
        yield database
    finally:
        await client.close()


@pytest.mark.parametrize(("collection", "query", "sort"), SHAPES, ids=[f"{c}:{q}" for c, q, _ in SHAPES])
async def test_each_job_queue_query_is_served_by_an_index(db: Database, collection: str, query: dict[str, Any],
                                                          sort: list[tuple[str, int]] | None) -> None:
    if USES_EMBEDDED and "." in collection:  # nx-27017 0.8.1 explains dotted (GridFS) collections as COLLSCAN, unread
        keys = [list(index["key"]) async for index in await db[collection].list_indexes()]
        assert [next(iter(query))] in keys, keys
        return
    cursor = db[collection].find(query)
    if sort:
        cursor = cursor.sort(sort)
    plan = str((await cursor.explain())["queryPlanner"]["winningPlan"])
    if USES_EMBEDDED:
        assert "USING INDEX" in plan and f"SCAN {collection}" not in plan, plan
    else:
        assert "COLLSCAN" not in plan, plan


async def test_a_claim_takes_the_smallest_tag_of_an_owner_not_skipped_and_counts_the_attempt(db: Database) -> None:
    for owner, tag in (("alice", 3.0), ("bob", 1.0), ("alice", 2.0), ("carol", 5.0)):
        await jobs.create(db, owner_id=owner, invoice_id=str(ObjectId()), tag=tag, lines=1, state="queued")
    first = await jobs.claim_next(db, instance="w1", lease_s=30, skip_owners=[], file_id="f1")
    second = await jobs.claim_next(db, instance="w1", lease_s=30, skip_owners=["alice"], file_id="f2")
    assert first is not None and (first.owner_id, first.tag, first.state, first.attempts) == ("bob", 1.0, "running", 1)
    assert second is not None and (second.owner_id, second.tag) == ("carol", 5.0)
    assert (first.announced_files, first.leftover_files) == (("f1",), ())


async def test_each_claim_announces_its_file_and_keeps_those_of_the_attempts_before(db: Database) -> None:
    invoice_id = str(ObjectId())
    await jobs.create(db, owner_id="alice", invoice_id=invoice_id, tag=1.0, lines=1, state="queued")
    first = await jobs.claim_next(db, instance="w1", lease_s=30, skip_owners=[], file_id="f1")
    assert first is not None and await jobs.release(db, first, instance="w1", last_error="crashed")
    second = await jobs.claim_next(db, instance="w2", lease_s=30, skip_owners=[], file_id="f2")
    assert second is not None and second.attempts == 2
    assert (second.announced_files, second.leftover_files) == (("f1", "f2"), ("f1",))


async def test_ten_concurrent_claims_of_four_jobs_hand_each_job_to_exactly_one_claimant(db: Database) -> None:
    for tag in range(4):
        await jobs.create(db, owner_id="alice", invoice_id=str(ObjectId()), tag=float(tag), lines=1, state="queued")
    claims = await asyncio.gather(*(jobs.claim_next(db, instance=f"w{n}", lease_s=30, skip_owners=[],
                                                    file_id=f"f{n}") for n in range(10)))
    taken = [claim.invoice_id for claim in claims if claim is not None]
    assert len(taken) == 4 and len(set(taken)) == 4


async def test_conditional_updates_on_floats_give_concurrent_enqueues_of_one_owner_distinct_tags(db: Database) -> None:
    await job_clock.advance(db, tag=7.5)
    await job_clock.advance(db, tag=2.0)  # virtual time never goes back
    tags = await asyncio.gather(*(job_clock.start_tag(db, owner_id="alice", cost=0.5) for _ in range(20)))
    assert sorted(tags) == [7.5 + 0.5 * n for n in range(20)]
    assert await job_clock.start_tag(db, owner_id="bob", cost=0.5) == 7.5  # a newcomer starts at virtual time


async def test_an_owner_whose_work_virtual_time_passed_starts_at_virtual_time_again(db: Database) -> None:
    assert await job_clock.start_tag(db, owner_id="alice", cost=1.0) == 0.0
    await job_clock.advance(db, tag=10.0)  # others' work was claimed meanwhile: alice's finish (1.0) is behind
    tags = await asyncio.gather(*(job_clock.start_tag(db, owner_id="alice", cost=1.0) for _ in range(5)))
    assert sorted(tags) == [10.0, 11.0, 12.0, 13.0, 14.0]


async def test_a_process_sees_its_own_claims_in_virtual_time_at_once_and_others_see_them_once_written(
        db: Database) -> None:
    here, elsewhere = VirtualClock(db), VirtualClock(db)
    await here.advance(7.5)  # the first claim is written at once
    assert await elsewhere.start_tag(owner_id="bob", lines=1) == 7.5  # a newcomer starts at V
    await here.advance(9.0)  # within half a second of the last write: kept here for now
    assert await here.start_tag(owner_id="carol", lines=1) == 9.0
    await here.flush()  # as the recovery loop does
    assert await VirtualClock(db).start_tag(owner_id="dave", lines=1) == 9.0


async def test_count_documents_honours_its_limit(db: Database) -> None:
    for tag in range(5):
        await jobs.create(db, owner_id="alice", invoice_id=str(ObjectId()), tag=float(tag), lines=1, state="queued")
    assert await jobs.count_in_state(db, "queued", limit=3) == 3


async def test_a_conditional_update_of_a_job_by_holder_misses_once_another_holder_has_it(db: Database) -> None:
    await db.jobs.insert_one({"_id": "j", "owner_id": "a", "state": "running", "holder": "w2"})
    changed = await db.jobs.find_one_and_update({"_id": "j", "owner_id": "a", "state": "running", "holder": "w1"},
                                                {"$push": {"files": "f"}}, return_document=ReturnDocument.AFTER)
    assert changed is None
