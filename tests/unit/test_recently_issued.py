"""An invoice held since it was issued serves only the first attempt of the job written with it; anything else
reads the database (None), so a retry, a job written anew (by recovery, or for a retry: another tag) or another
owner's job never renders held content."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from services.invoices.model import InvoiceContent, InvoiceRecord
from services.invoices.validation import validate_invoice
from services.jobs import recently_issued
from services.jobs.recently_issued import RecentlyIssued
from tests.invoices.test_stored_content import SELLER, german_invoice

TAG = 12.5


def issued(invoice_id: str = "i1", owner_id: str = "alice") -> tuple[InvoiceRecord, InvoiceContent]:
    record = InvoiceRecord(id=invoice_id, owner_id=owner_id, number="INV-0001", status="processing",
                           failure_reason="", attempts=0, last_error="", created_at=datetime.now(UTC), pdf=None)
    return record, validate_invoice(german_invoice(), seller=SELLER)


def held(invoice_id: str = "i1") -> RecentlyIssued:
    memory = RecentlyIssued()
    memory.keep(*issued(invoice_id), tag=TAG)
    return memory


def test_the_first_attempt_of_the_job_written_with_it_gets_it_once() -> None:
    memory = held()
    taken = memory.take(owner_id="alice", invoice_id="i1", tag=TAG, attempts=1)
    assert taken is not None and taken[0].number == "INV-0001" and taken[1] == issued()[1]
    assert memory.take(owner_id="alice", invoice_id="i1", tag=TAG, attempts=1) is None  # taken: read again


@pytest.mark.parametrize(("owner_id", "tag", "attempts"), [("mallory", TAG, 1), ("alice", TAG + 1, 1),
                                                           ("alice", TAG, 2)])
def test_another_owner_another_job_or_a_later_attempt_reads_the_database(owner_id: str, tag: float,
                                                                        attempts: int) -> None:
    assert held().take(owner_id=owner_id, invoice_id="i1", tag=tag, attempts=attempts) is None


def test_nothing_is_held_for_a_long_invoice() -> None:
    memory = RecentlyIssued()
    record, content = issued()
    memory.keep(record, replace(content, lines=content.lines * (recently_issued.MAX_LINES // 2 + 1)), tag=TAG)
    assert memory.take(owner_id="alice", invoice_id="i1", tag=TAG, attempts=1) is None


def test_an_old_entry_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    memory = held()
    monkeypatch.setattr(recently_issued, "MAX_AGE_S", -1.0)
    assert memory.take(owner_id="alice", invoice_id="i1", tag=TAG, attempts=1) is None


def test_the_oldest_go_first_when_too_many_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recently_issued, "HELD", 2)
    memory = RecentlyIssued()
    for invoice_id in ("i1", "i2", "i3"):
        memory.keep(*issued(invoice_id), tag=TAG)
    assert memory.take(owner_id="alice", invoice_id="i1", tag=TAG, attempts=1) is None
    assert memory.take(owner_id="alice", invoice_id="i3", tag=TAG, attempts=1) is not None
