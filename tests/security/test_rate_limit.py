"""PDF_RATE_LIMIT holds under a burst: 50 simultaneous attempts from one browser's tabs, exactly 5 pass."""

import asyncio
import re

import pytest
from nicegui import ui
from nicegui.testing import User

from services.errors import RateLimited
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import InvoiceRecord
from tests.security.attack_helpers import failed_invoice, invoice_count, new_browser, signed_in, stored_invoice
from tests.support.app import app_services, fill_invoice, renders_held, sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app
LIMIT = 5
ATTEMPTS = 50
WAIT = re.compile(r"Try again in (\d+) seconds\.")
QUOTA_EXHAUSTED = re.compile(rf"^0 of {LIMIT} PDFs left this minute · resets in (\d+) s$")
DRAFT = InvoiceDraft(client_name="Hooli", issue_date="2026-11-24", due_date="2026-12-24", currency="EUR",
                     lines=(LineDraft("Compression", "1", "10"),))


@pytest.mark.rate_limit(f"{LIMIT}/minute")
async def test_exactly_five_of_fifty_simultaneous_generations_from_three_tabs_pass(user: User) -> None:
    await sign_up(user, "alice@example.com")
    tabs = [user, User(user.http_client), User(user.http_client)]
    for number, tab in enumerate(tabs):
        if tab is not user:
            await tab.open("/")
            await tab.should_see("Generate PDF", retries=50)
        fill_invoice(tab, f"Tab {number}", [("Clicked work", "1", "10")])
    owner_id = (await signed_in(user)).user_id
    service_calls = ATTEMPTS - len(tabs)

    with renders_held():
        clicks = _click_all(tabs)
        results = await asyncio.gather(
            *(app_services().invoices.generate(owner_id=owner_id, draft=DRAFT) for _ in range(service_calls)),
            return_exceptions=True)
        await asyncio.wait(clicks, timeout=30)

    passed = [result for result in results if isinstance(result, InvoiceRecord)]
    refused = [result for result in results if isinstance(result, RateLimited)]
    assert len(passed) + len(refused) == service_calls, [r for r in results if isinstance(r, BaseException)]
    messages = [message for tab in tabs for message in tab.notify.messages]
    clicked_through = [message for message in messages if "is being generated" in message]
    clicks_refused = [message for message in messages if WAIT.search(message)]
    assert len(clicked_through) + len(clicks_refused) == len(tabs), messages
    assert len(passed) + len(clicked_through) == LIMIT
    for message in [str(error) for error in refused] + clicks_refused:
        assert message.startswith(f"You can generate {LIMIT} PDFs per minute.")
        assert 1 <= int(WAIT.search(message).group(1)) <= 60, message  # type: ignore[union-attr]

    await _one_more_attempt_is_refused_with_the_time_to_wait(tabs, owner_id)
    stored = await app_services().invoices.list_invoices(owner_id=owner_id)
    assert sorted(invoice.number for invoice in stored) == [f"INV-{n:04d}" for n in range(1, LIMIT + 1)]
    assert await invoice_count() == LIMIT  # the refused attempts saved nothing and took no number
    await _quota_label_says_exhausted(user)


async def _one_more_attempt_is_refused_with_the_time_to_wait(tabs: list[User], owner_id: str) -> None:
    """The page offers no sixth click (Generate PDF is disabled at zero), and the server refuses one anyway."""
    for tab in tabs:
        tab.notify.messages.clear()
    fill_invoice(tabs[1], "One more", [("Late work", "1", "10")])
    [button] = tabs[1].find(kind=ui.button, content="Generate PDF").elements
    for _ in range(50):  # the last live update of the burst refreshes the quota
        if not button.enabled:
            break
        await asyncio.sleep(0.1)
    assert not button.enabled
    with pytest.raises(RateLimited) as refused:
        await app_services().invoices.generate(owner_id=owner_id, draft=DRAFT)
    match = WAIT.search(str(refused.value))
    assert match and 1 <= int(match.group(1)) <= 60, str(refused.value)
    assert not [message for tab in tabs for message in tab.notify.messages]
    await tabs[1].should_see("Client name")
    assert tabs[1].find("Client name").elements.pop().value == "One more"  # what was typed is kept


def _click_all(tabs: list[User]) -> set[asyncio.Task[object]]:
    """Presses Generate PDF in every tab at once; returns the click handlers now running."""
    before = asyncio.all_tasks()
    for tab in tabs:
        tab.find("Generate PDF").click()
    return asyncio.all_tasks() - before


async def _quota_label_says_exhausted(browser: User) -> None:
    await browser.open("/")
    await browser.should_see("PDFs left this minute", retries=50)
    [label] = [element for element in browser.find(kind=ui.label, content="PDFs left this minute").elements
               if isinstance(element, ui.label)]
    match = QUOTA_EXHAUSTED.match(label.text)
    assert match and 1 <= int(match.group(1)) <= 60, label.text


@pytest.mark.rate_limit(f"{LIMIT}/minute")
async def test_another_user_keeps_the_full_quota_while_the_first_is_refused(user: User) -> None:
    await sign_up(user, "alice@example.com")
    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    alice_id, bob_id = (await signed_in(user)).user_id, (await signed_in(bob)).user_id
    invoices = app_services().invoices
    with renders_held():
        alice_results = await asyncio.gather(
            *(invoices.generate(owner_id=alice_id, draft=DRAFT) for _ in range(ATTEMPTS)), return_exceptions=True)
        bob_results = await asyncio.gather(
            *(invoices.generate(owner_id=bob_id, draft=DRAFT) for _ in range(LIMIT)), return_exceptions=True)
    assert sum(isinstance(result, InvoiceRecord) for result in alice_results) == LIMIT
    assert all(isinstance(result, InvoiceRecord) for result in bob_results), bob_results
    assert sorted(result.number for result in bob_results) == [f"INV-{n:04d}" for n in range(1, LIMIT + 1)]
    with pytest.raises(RateLimited):
        await invoices.generate(owner_id=bob_id, draft=DRAFT)
    await _quota_label_says_exhausted(bob)


@pytest.mark.rate_limit(f"{LIMIT}/minute")
@pytest.mark.render_timeout(2)
async def test_a_retry_counts_as_a_generation_and_is_refused_once_the_quota_is_used(user: User) -> None:
    await sign_up(user, "alice@example.com")
    owner_id = (await signed_in(user)).user_id
    invoices = app_services().invoices
    with renders_held():
        failed = await failed_invoice(user, "Umbrella Corporation")  # generation 1
    with renders_held():  # the worker was replaced; hold the new one too, so the retry fails again
        await invoices.retry(owner_id=owner_id, invoice_id=failed.id)  # generation 2
        await _until_failed(failed.id)
    for _ in range(LIMIT - 2):
        await invoices.generate(owner_id=owner_id, draft=DRAFT)  # generations 3, 4, 5
    before = await stored_invoice(failed.id)
    with pytest.raises(RateLimited) as refusal:
        await invoices.retry(owner_id=owner_id, invoice_id=failed.id)
    assert WAIT.search(str(refusal.value))
    assert await stored_invoice(failed.id) == before  # still failed, same attempts, nothing reserved
    assert (await invoices.quota(owner_id=owner_id)).remaining == 0
    assert await invoice_count() == LIMIT - 1  # the retry reused its invoice and number


async def _until_failed(invoice_id: str) -> None:
    for _ in range(400):
        if (await stored_invoice(invoice_id))["status"] == "failed":
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the retried render did not fail")
