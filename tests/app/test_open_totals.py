"""The open totals kept on write (storage.open_totals) agree with the invoices, whatever happened to them.

The reference each time is a sum over the invoices themselves (storage.invoice_queries.unsettled_amounts), the
way the totals were computed on every page load before.
"""

import asyncio
from collections import defaultdict
from datetime import date, timedelta

import pytest
from nicegui.testing import User

from services.invoices.listing import overdue_on
from storage import invoice_queries, open_totals
from storage.jobs import now_ms
from tests.app.test_book_rules import TODAY, issue, owner_of, typed
from tests.support.app import app_services, renders_held, sign_up


@pytest.fixture
async def alice(user: User) -> str:
    await sign_up(user, "alice@example.com")
    return await owner_of(user)


async def from_invoices(owner: str, today: date) -> list[tuple[str, int, int]]:
    outstanding: defaultdict[str, int] = defaultdict(int)
    overdue: defaultdict[str, int] = defaultdict(int)
    for currency, amount, due in await invoice_queries.unsettled_amounts(app_services().db, owner_id=owner):
        outstanding[currency] += amount
        overdue[currency] += amount if overdue_on(due, today) else 0
    return [(currency, outstanding[currency], overdue[currency]) for currency in sorted(outstanding)]


async def shown(owner: str, today: date = TODAY) -> list[tuple[str, int, int]]:
    totals = await app_services().book.totals(owner_id=owner, today=today)
    return [(total.currency, total.outstanding_minor, total.overdue_minor) for total in totals]


async def test_payments_cancellations_and_their_repeats_move_the_totals_once(alice: str) -> None:
    book, invoices = app_services().book, app_services().invoices
    with renders_held():
        kept = await issue(alice, typed("Kept", price="100.10"))
        late = await issue(alice, typed("Late", price="0.25", due_in_days=-3))
        paid = await issue(alice, typed("Paid", price="999"))
        cancelled = await issue(alice, typed("Cancelled", price="50", currency="USD"))
        await asyncio.gather(*(book.mark_paid(owner_id=alice, invoice_id=paid.id, paid_on=TODAY) for _ in range(4)),
                             *(invoices.cancel(owner_id=alice, invoice_id=cancelled.id) for _ in range(4)),
                             return_exceptions=True)
        assert await shown(alice) == [("EUR", 10035, 25)]
        await book.mark_unpaid(owner_id=alice, invoice_id=paid.id)
        await book.mark_paid(owner_id=alice, invoice_id=late.id, paid_on=TODAY)
        assert await shown(alice) == [("EUR", 10010 + 99900, 0)] == await from_invoices(alice, TODAY)
    assert kept.number == "INV-0001"
    a_month_on = TODAY + timedelta(days=31)
    assert await shown(alice, a_month_on) == [("EUR", 109910, 109910)] == await from_invoices(alice, a_month_on)


async def test_a_write_that_died_half_way_is_repaired_by_the_next_read_once_it_is_stale(alice: str) -> None:
    db = app_services().db
    with renders_held():
        invoice = await issue(alice, typed("Half", price="70"))
        await db.open_totals.update_one({"_id": alice}, {"$inc": {"inflight": 1, f"due.EUR.{TODAY}": 12345}})
        assert (await shown(alice))[0][1] != 7000  # in flight, and not yet stale: the sum as it stands
        await db.open_totals.update_one({"_id": alice}, {"$set": {"touched_ms": now_ms() - open_totals.STALE_MS - 1}})
        assert await shown(alice) == [("EUR", 7000, 0)] == await from_invoices(alice, TODAY)
        stored = await db.open_totals.find_one({"_id": alice})
        assert stored is not None and stored["inflight"] == 0 and stored["built"]
    assert invoice.number == "INV-0001"


async def test_an_owner_whose_invoices_predate_the_totals_gets_them_built_on_the_first_read(alice: str) -> None:
    db = app_services().db
    with renders_held():
        for price in ("10", "20.50"):
            await issue(alice, typed("Before", price=price))
        await db.open_totals.delete_one({"_id": alice})
        assert await shown(alice) == [("EUR", 3050, 0)]
        assert (await db.open_totals.find_one({"_id": alice}) or {}).get("built") is True
        await issue(alice, typed("After", price="1"))
        assert await shown(alice) == [("EUR", 3150, 0)] == await from_invoices(alice, TODAY)
