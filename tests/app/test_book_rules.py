"""The invoice book's rules, held by the server whatever the browser sends: locks, races, tenancy, lists."""

import asyncio
import csv
import io
from datetime import date, timedelta

import pytest
from nicegui.testing import User

from services.accounts.sessions import COOKIE_NAME
from services.errors import Refusal
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.listing import ListFilter
from services.invoices.model import InvoiceRecord
from tests.support.app import app_services, renders_held, sign_up

TODAY = date.today()


def typed(client: str, *, email: str = "", due_in_days: int = 30, price: str = "10", currency: str = "EUR",
          notes: str = "") -> InvoiceDraft:
    issued = min(TODAY, TODAY + timedelta(days=due_in_days))
    return InvoiceDraft(client_name=client, client_email=email, issue_date=issued.isoformat(),
                        due_date=(TODAY + timedelta(days=due_in_days)).isoformat(), currency=currency,
                        notes=notes, lines=(LineDraft("Work", "1", price),))


async def owner_of(user: User) -> str:
    signed_in = await app_services().sessions.resolve(user.http_client.cookies.get(COOKIE_NAME))
    assert signed_in is not None
    return signed_in.user_id


async def issue(owner: str, draft: InvoiceDraft) -> InvoiceRecord:
    return await app_services().invoices.generate(owner_id=owner, draft=draft)


@pytest.fixture
async def alice(user: User) -> str:
    await sign_up(user, "alice@example.com")
    return await owner_of(user)


async def test_an_issued_invoice_cannot_be_changed_through_the_draft_path(alice: str) -> None:
    with renders_held():
        invoice = await issue(alice, typed("Globex"))
        before = await app_services().book.issued(owner_id=alice, invoice_id=invoice.id)
        assert before is not None
        with pytest.raises(Refusal, match="no longer exists"):
            await app_services().drafts.save(owner_id=alice, draft_id=invoice.id, version=1, draft=typed("Evil Corp"))
        with pytest.raises(Refusal):
            await app_services().drafts.delete(owner_id=alice, draft_id=invoice.id)
        after = await app_services().book.issued(owner_id=alice, invoice_id=invoice.id)
        assert after is not None and (after.record.number, after.content) == (before.record.number, before.content)


async def test_the_later_of_two_tabs_saving_one_draft_is_refused_and_nothing_is_overwritten(alice: str) -> None:
    drafts = app_services().drafts
    first = await drafts.save(owner_id=alice, draft=typed("Version one"))
    await drafts.save(owner_id=alice, draft_id=first.id, version=first.version, draft=typed("Tab A"))
    with pytest.raises(Refusal, match="changed in another tab"):
        await drafts.save(owner_id=alice, draft_id=first.id, version=first.version, draft=typed("Tab B"))
    kept = await drafts.find(owner_id=alice, draft_id=first.id)
    assert kept is not None and kept.draft.client_name == "Tab A"


async def test_a_draft_larger_than_an_invoice_can_hold_is_refused_beside_the_field(alice: str) -> None:
    with pytest.raises(Refusal) as refused:
        await app_services().drafts.save(owner_id=alice, draft=typed("x" * 201))
    assert "at most 200 characters" in refused.value.problems.by_field["client_name"]  # type: ignore[attr-defined]
    assert (await app_services().book.page(owner_id=alice, wanted=ListFilter(), today=TODAY)).drafts == []


async def test_paying_or_cancelling_twice_at_once_does_it_once(alice: str) -> None:
    book, invoices = app_services().book, app_services().invoices
    with renders_held():
        paid, cancelled = await issue(alice, typed("Pay me")), await issue(alice, typed("Cancel me"))
        payments = await asyncio.gather(*(book.mark_paid(owner_id=alice, invoice_id=paid.id, paid_on=TODAY)
                                          for _ in range(5)), return_exceptions=True)
        cancels = await asyncio.gather(*(invoices.cancel(owner_id=alice, invoice_id=cancelled.id)
                                         for _ in range(5)), return_exceptions=True)
    assert sum(isinstance(result, InvoiceRecord) for result in payments) == 1
    assert sum(isinstance(result, InvoiceRecord) for result in cancels) == 1
    assert all(isinstance(result, InvoiceRecord | Refusal) for result in [*payments, *cancels])
    rows = (await book.page(owner_id=alice, wanted=ListFilter(status="credit"), today=TODAY)).invoices
    assert [row.number for row in rows] == ["CN-0001"]
    with pytest.raises(Refusal, match="marked paid"):
        await invoices.cancel(owner_id=alice, invoice_id=paid.id)


async def test_another_users_invoices_and_drafts_are_out_of_reach_of_every_action(user: User, create_user) -> None:
    await sign_up(user, "alice@example.com")
    alice = await owner_of(user)
    bob_browser = create_user()
    await sign_up(bob_browser, "bob@example.com")
    bob = await owner_of(bob_browser)
    services = app_services()
    with renders_held():
        invoice = await issue(alice, typed("Alice's client"))
        draft = await services.drafts.save(owner_id=alice, draft=typed("Alice's draft"))
        attempts = [
            services.book.mark_paid(owner_id=bob, invoice_id=invoice.id, paid_on=TODAY),
            services.invoices.cancel(owner_id=bob, invoice_id=invoice.id),
            services.drafts.duplicate(owner_id=bob, source_id=invoice.id, today=TODAY),
            services.drafts.duplicate(owner_id=bob, source_id=draft.id, today=TODAY),
            services.drafts.save(owner_id=bob, draft_id=draft.id, version=draft.version, draft=typed("Bob")),
            services.drafts.delete(owner_id=bob, draft_id=draft.id),
        ]
        for attempt in attempts:
            with pytest.raises(Refusal):
                await attempt
        for record_id in (invoice.id, draft.id, "not-an-id"):
            await bob_browser.open(f"/invoices/{record_id}")
            await bob_browser.should_see("There is no such invoice", retries=50)
    assert (await services.book.page(owner_id=bob, wanted=ListFilter(), today=TODAY)).invoices == []
    still = await services.drafts.find(owner_id=alice, draft_id=draft.id)
    assert still is not None and still.draft.client_name == "Alice's draft"
    assert (await services.book.summary(owner_id=alice, invoice_id=invoice.id)).payment_state(TODAY) == "open"  # type: ignore[union-attr]


async def test_search_ignores_case_and_accents_status_filters_and_pages_hold_25(alice: str) -> None:
    book = app_services().book
    with renders_held():
        await issue(alice, typed("Zoë Müller", email="zoe@example.com"))
        await issue(alice, typed("ΑΘΗΝΑ Ltd"))
        await issue(alice, typed("Москва ООО"))
        late = await issue(alice, InvoiceDraft(client_name="Late", issue_date="2026-01-01", due_date="2026-01-15",
                                               currency="EUR", lines=(LineDraft("Work", "1", "5"),)))
        for number in range(24):
            await issue(alice, typed(f"Bulk {number}"))

    async def numbers(**wanted: object) -> list[str]:
        page = await book.page(owner_id=alice, wanted=ListFilter(**wanted), today=TODAY)  # type: ignore[arg-type]
        return [row.number for row in page.invoices]

    assert await numbers(search="ZOE MULLER") == ["INV-0001"]
    assert await numbers(search="αθηνα") == ["INV-0002"]
    assert await numbers(search="москва") == ["INV-0003"]
    assert await numbers(search="inv-0004") == ["INV-0004"]
    assert await numbers(status="overdue") == [late.number]
    first, second = await book.page(owner_id=alice, wanted=ListFilter(), today=TODAY), \
        await book.page(owner_id=alice, wanted=ListFilter(page=2), today=TODAY)
    assert (len(first.invoices), first.has_next, len(second.invoices), second.has_next) == (25, True, 3, False)
    assert {row.number for row in first.invoices} | {row.number for row in second.invoices} == \
        {f"INV-{n:04d}" for n in range(1, 29)}


async def test_outstanding_and_overdue_totals_are_kept_per_currency(alice: str) -> None:
    with renders_held():
        await issue(alice, typed("A", price="100.10"))
        await issue(alice, typed("B", price="0.25", due_in_days=-3))
        await issue(alice, typed("C", price="1500", currency="JPY"))
        paid = await issue(alice, typed("D", price="999"))
        await app_services().book.mark_paid(owner_id=alice, invoice_id=paid.id, paid_on=TODAY)
    totals = await app_services().book.totals(owner_id=alice, today=TODAY)
    assert [(total.currency, total.outstanding_minor, total.overdue_minor) for total in totals] == \
        [("EUR", 10035, 25), ("JPY", 1500, 0)]


async def test_the_csv_export_holds_every_row_of_the_filter_safe_for_spreadsheets(user: User, create_user) -> None:
    await sign_up(user, "alice@example.com")
    alice = await owner_of(user)
    with renders_held():
        await issue(alice, typed("=HYPERLINK(\"http://evil\")", email="+cmd@example.com"))
        for number in range(30):
            await issue(alice, typed(f"Client {number}", price="12.5"))
    response = await user.http_client.get("/invoices.csv", params={"q": "client"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:8] == ["number", "kind", "client", "client_email", "issue_date", "due_date", "currency", "total"]
    assert len(rows) == 31 and {row[7] for row in rows[1:]} == {"12.50"} and rows[1][4] == TODAY.isoformat()
    everything = list(csv.reader(io.StringIO((await user.http_client.get("/invoices.csv")).text)))
    injected = next(row for row in everything if "HYPERLINK" in row[2])
    assert injected[2].startswith("'=") and injected[3].startswith("'+")
    bob = create_user()
    await sign_up(bob, "bob@example.com")
    assert list(csv.reader(io.StringIO((await bob.http_client.get("/invoices.csv")).text)))[1:] == []
