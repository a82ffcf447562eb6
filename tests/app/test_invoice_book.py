"""The invoice book as a user meets it: drafts that survive a reload, issuing, duplicating, paying, cancelling."""

import asyncio
import io
from datetime import date, timedelta

from nicegui import ui
from nicegui.testing import User
from pypdf import PdfReader

from services.accounts.sessions import COOKIE_NAME
from services.clients.model import ClientDraft
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.listing import PAGE_SIZE, ListFilter
from tests.support.app import app_services, fill_invoice, generate, renders_held, sign_up

LINES = [("Design workshop", "2", "450.00"), ("Travel", "1", "80")]


async def owner_of(user: User) -> str:
    signed_in = await app_services().sessions.resolve(user.http_client.cookies.get(COOKIE_NAME))
    assert signed_in is not None
    return signed_in.user_id


async def answer(user: User, action: str, confirmation: str) -> None:
    """Presses a row's action, then the button of the dialog it opens."""
    user.find(kind=ui.button, content=action).click()
    await user.should_see(confirmation, retries=50)
    user.find(confirmation).click()


async def test_a_saved_draft_comes_back_after_a_reload_exactly_as_typed_and_takes_no_number(user: User) -> None:
    await sign_up(user, "alice@example.com")
    fill_invoice(user, "Globex Zoë", LINES, tax_rate="19")
    user.find("Notes").type("Half typed 12,5")
    user.find("Save draft").click()
    await user.should_see("Draft saved at", retries=50)

    await user.open("/")
    await user.should_see("Globex Zoë", retries=50)
    await user.should_see("Draft")
    owner = await owner_of(user)
    (saved,) = (await app_services().book.page(owner_id=owner, wanted=_all(), today=date.today())).drafts
    await user.open(f"/invoices/{saved.id}")
    await user.should_see("Delete draft")
    assert user.find("Client name").elements.pop().value == "Globex Zoë"
    assert user.find("Notes").elements.pop().value == "Half typed 12,5"
    assert sorted(element.value for element in user.find("Description").elements) == ["Design workshop", "Travel"]
    assert await app_services().db.invoices.count_documents({"owner_id": owner}) == 0


async def test_typing_is_saved_by_itself_after_a_pause(user: User) -> None:
    await sign_up(user, "alice@example.com")
    fill_invoice(user, "Initech", LINES)
    owner = await owner_of(user)
    for _ in range(100):
        await asyncio.sleep(0.1)
        page = await app_services().book.page(owner_id=owner, wanted=_all(), today=date.today())
        if page.drafts:
            break
    assert [draft.draft.client_name for draft in page.drafts] == ["Initech"]


async def test_generating_from_a_draft_issues_it_with_the_next_number_and_the_draft_is_gone(user: User) -> None:
    await sign_up(user, "alice@example.com")
    owner = await owner_of(user)
    drafts = app_services().drafts
    kept = await drafts.save(owner_id=owner, draft=_typed("Kept Ltd"))
    dropped = await drafts.save(owner_id=owner, draft=_typed("Dropped Ltd"))
    await drafts.delete(owner_id=owner, draft_id=dropped.id)

    await user.open(f"/invoices/{kept.id}")
    await user.should_see("Save draft", retries=50)
    user.find("Generate PDF").click()
    await user.should_see("INV-0001", retries=100)  # a deleted draft left no hole in the numbers
    await user.should_see("Ready", retries=300)
    assert await drafts.find(owner_id=owner, draft_id=kept.id) is None


async def test_duplicate_makes_a_draft_dated_today_with_the_same_payment_term(user: User) -> None:
    await sign_up(user, "alice@example.com")
    fill_invoice(user, "Globex", LINES, tax_rate="20")
    user.find("Issue date").elements.pop().value = "2026-01-10"
    user.find("Due date").elements.pop().value = "2026-01-24"
    user.find("Notes").type("Thanks!")
    user.find("Generate PDF").click()
    await user.should_see("Ready", retries=300)

    user.find(kind=ui.button, content="Duplicate").click()
    await user.should_see("Delete draft", retries=100)
    await user.should_not_see("Export CSV", retries=100)  # the draft's own page, not the list's new draft row
    assert user.find("Client name").elements.pop().value == "Globex"
    assert user.find("Issue date").elements.pop().value == date.today().isoformat()
    assert user.find("Due date").elements.pop().value == (date.today() + timedelta(days=14)).isoformat()
    assert user.find("VAT %").elements.pop().value == "20"
    assert user.find("Notes").elements.pop().value == "Thanks!"
    assert sorted(line.value for line in user.find("Unit price").elements) == ["450.00", "80.00"]


async def test_mark_paid_then_unpaid_and_an_unpaid_invoice_past_due_is_overdue(user: User) -> None:
    await sign_up(user, "alice@example.com")
    fill_invoice(user, "Late Payer", LINES)
    user.find("Issue date").elements.pop().value = "2026-01-10"
    user.find("Due date").elements.pop().value = "2026-01-24"
    user.find("Generate PDF").click()
    await user.should_see("Overdue", retries=100)
    await user.should_see("overdue €980.00", retries=50)

    await answer(user, "Mark paid", "Save payment")
    await user.should_see("INV-0001 is marked paid", retries=50)
    await user.should_see("Paid", retries=50)
    await user.should_see("Nothing outstanding.", retries=50)
    user.find(kind=ui.button, content="Mark unpaid").click()
    await user.should_see("INV-0001 is marked unpaid", retries=50)
    await user.should_see("Overdue", retries=50)


async def test_cancel_issues_a_credit_note_that_negates_the_lines_and_refers_to_the_invoice(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await generate(user, "Globex", LINES)
    await user.should_see("Ready", retries=300)
    await answer(user, "Cancel invoice", "Issue credit note")
    await user.should_see("credit note CN-0001 is being generated", retries=100)
    await user.should_see("Cancelled by CN-0001", retries=50)
    await user.should_see("Credit note for INV-0001", retries=50)
    owner = await owner_of(user)
    for _ in range(300):
        rows = (await app_services().book.page(owner_id=owner, wanted=_all(), today=date.today())).invoices
        if all(row.status == "ready" for row in rows):
            break
        await asyncio.sleep(0.1)
    note = next(row for row in rows if row.number == "CN-0001")
    assert note.total_minor == -98000
    response = await user.http_client.get(f"/invoices/{note.id}/pdf")
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    for expected in ["CREDIT NOTE", "CN-0001", "Credit note for INV-0001", "-€900.00", "-€80.00", "-€980.00"]:
        assert expected in text


def _all() -> ListFilter:
    return ListFilter()


def _typed(client: str) -> InvoiceDraft:
    return InvoiceDraft(client_name=client, issue_date=date.today().isoformat(),
                        due_date=(date.today() + timedelta(days=30)).isoformat(), currency="EUR",
                        lines=(LineDraft("Work", "1", "10"),))


async def test_the_editor_offers_saved_clients_and_issuing_keeps_the_client_and_adds_new_ones(user: User) -> None:
    await sign_up(user, "alice@example.com")
    owner = await owner_of(user)
    clients = app_services().clients
    globex = await clients.add(owner_id=owner, draft=ClientDraft(name="Globex Corporation",
                                                                 email="billing@globex.example"))
    await user.open("/")
    user.find("Client name").type("globex")
    await user.should_see("billing@globex.example", retries=50)
    user.find(kind=ui.button, content="Globex Corporation").click()
    await user.should_see(kind=ui.input, content="billing@globex.example", retries=50)
    fill_lines = [("Work", "1", "10")]
    for element, (description, quantity, price) in zip(user.find("Description").elements, fill_lines, strict=False):
        element.value = description  # type: ignore[attr-defined]
        user.find("Unit price").elements.pop().value = price  # type: ignore[attr-defined]
        user.find("Quantity").elements.pop().value = quantity  # type: ignore[attr-defined]
    user.find("Generate PDF").click()
    await user.should_see("INV-0001 is being generated", retries=100)
    assert (await app_services().db.invoices.find_one({"owner_id": owner}))["client_id"] == globex.id

    fill_invoice(user, "Brand New Client AG", fill_lines)
    user.find("Generate PDF").click()
    await user.should_see("INV-0002 is being generated", retries=100)
    fill_invoice(user, "One-off Buyer", fill_lines)
    user.find("Save client to my clients").click()
    user.find("Generate PDF").click()
    await user.should_see("INV-0003 is being generated", retries=100)
    names = [client.name for client in (await clients.search(owner_id=owner)).clients]
    assert "Brand New Client AG" in names and "One-off Buyer" not in names


def shown_rows(tab: User) -> list[tuple[str, int]]:
    """The invoice rows of the tab's book, top to bottom: number and the id of the row's element."""
    rows = [element for element in tab.client.elements.values() if "data-invoice" in element.props]
    if not rows or rows[0].parent_slot is None:
        return []
    return [(child.props["data-invoice"], child.id) for child in rows[0].parent_slot.children
            if "data-invoice" in child.props]


async def settled_rows(tab: User, expected: list[str] | None = None) -> list[tuple[str, int]]:
    """The tab's rows once their numbers are `expected` (once any show, without it), or as they are after 10 s."""
    for _ in range(100):
        rows = shown_rows(tab)
        if ([number for number, _ in rows] == expected) if expected is not None else rows:
            return rows
        await asyncio.sleep(0.1)
    return shown_rows(tab)


async def test_a_new_invoice_goes_on_top_of_an_open_first_page_and_the_oldest_moves_to_the_next_page(
        user: User) -> None:
    await sign_up(user, "alice@example.com")
    alice = await owner_of(user)
    bulk = InvoiceDraft(client_name="Bulk", issue_date=date.today().isoformat(),
                        due_date=(date.today() + timedelta(days=30)).isoformat(), currency="EUR",
                        lines=(LineDraft("Work", "1", "10"),))
    with renders_held():  # their rows wait in the queue, whose places are followed meanwhile
        for _ in range(PAGE_SIZE):
            await app_services().invoices.generate(owner_id=alice, draft=bulk)
        full = [f"INV-{number:04d}" for number in range(PAGE_SIZE, 0, -1)]
        before = await settled_rows(user, full)
        assert [number for number, _ in before] == full
        await user.should_not_see("Next page")

        await app_services().invoices.generate(owner_id=alice, draft=bulk)  # as from another tab
        moved = [f"INV-{number:04d}" for number in range(PAGE_SIZE + 1, 1, -1)]
        after = await settled_rows(user, moved)
        assert [number for number, _ in after] == moved
        await user.should_see("Next page")
        drawn_before = dict(before)
        assert all(drawn_before[number] == element for number, element in after[1:])  # the page was not rebuilt
        fresh = User(user.http_client)
        await fresh.open("/")
        assert [number for number, _ in await settled_rows(fresh)] == moved  # what a reload shows
