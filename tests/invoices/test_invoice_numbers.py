"""Invoice numbers stay gap-free and unique per series when the next number is taken from what the owner's
open amounts have seen (storage.open_totals) instead of read: even after a writer died between its insert and
the record of it, and for prefixes with dots."""

import asyncio
from datetime import UTC, datetime

from bson import ObjectId

from services.invoices.model import Party
from services.invoices.validation import validate_invoice
from storage import invoices, open_totals
from storage.database import Database
from tests.invoices.test_stored_content import SELLER, german_invoice

OWNER = "owner-1"

async def issued_numbers(db: Database, owner_id: str = OWNER) -> list[str]:
    return sorted([document["number"] async for document in db.invoices.find({"owner_id": owner_id})])

async def test_numbers_follow_one_another_in_each_series_and_open_amounts_still_add_up(db: Database) -> None:
    for prefix in ("INV-", "RE.2026-", "INV-", "RE.2026-", "INV-"):
        await invoices.insert_with_next_number(db, owner_id=OWNER, content=validate_invoice(
            german_invoice(), seller=SELLER), number_prefix=prefix)
    assert await issued_numbers(db) == ["INV-0001", "INV-0002", "INV-0003", "RE.2026-0001", "RE.2026-0002"]
    [(currency, amount, _)] = await open_totals.open_amounts(db, owner_id=OWNER)
    single = validate_invoice(german_invoice(), seller=SELLER).totals.total_minor
    assert (currency, amount) == ("EUR", 5 * single)

async def test_a_number_taken_by_a_writer_that_died_before_recording_it_is_skipped_without_a_gap(
        db: Database) -> None:
    await invoices.insert_with_next_number(db, owner_id=OWNER, content=validate_invoice(german_invoice(),
                                                                                        seller=SELLER))
    now = datetime.now(UTC)
    await db.invoices.insert_one({"_id": ObjectId(), "owner_id": OWNER, "series": "INV", "seq": 2,
                                  "number": "INV-0002", "kind": "invoice", "status": "processing",
                                  "created_at": now, "client": Party(name="Died midway").__dict__})
    third = await invoices.insert_with_next_number(db, owner_id=OWNER, content=validate_invoice(
        german_invoice(), seller=SELLER))
    assert third.number == "INV-0003"
    assert await issued_numbers(db) == ["INV-0001", "INV-0002", "INV-0003"]

async def test_owners_issuing_at_once_each_get_their_own_unbroken_series(db: Database) -> None:
    async def issue(owner_id: str) -> None:
        await invoices.insert_with_next_number(db, owner_id=owner_id, content=validate_invoice(
            german_invoice(), seller=SELLER))

    await asyncio.gather(*(issue(owner) for owner in ("a", "b", "a", "b", "a", "a")))
    assert await issued_numbers(db, "a") == ["INV-0001", "INV-0002", "INV-0003", "INV-0004"]
    assert await issued_numbers(db, "b") == ["INV-0001", "INV-0002"]
