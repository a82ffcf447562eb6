"""/metrics: what an operator's Prometheus reads, and only from the addresses configured for it."""

import gc

import pytest
from nicegui import ui
from nicegui.testing import User

from services.accounts.sessions import COOKIE_NAME
from services.errors import RateLimited
from services.invoices.drafts import InvoiceDraft, LineDraft
from tests.support.app import app_services, fill_invoice, generate, sign_up
from tests.support.metrics import scrape, value

SECOND = InvoiceDraft(client_name="Second", issue_date="2026-11-24", due_date="2026-12-24", currency="EUR",
                      lines=(LineDraft("Work", "1", "10"),))


async def test_a_generation_shows_in_the_metrics_an_operator_reads(user: User) -> None:
    await sign_up(user, "alice@example.com")
    before = await scrape(user)
    await generate(user, "Acme", [("Anvils", "3", "20")])
    await user.should_see("Ready", retries=300)
    after = await scrape(user)

    assert value(after, "invoice_render_seconds_count", size="1-10") - value(
        before, "invoice_render_seconds_count", size="1-10") == 1
    assert value(after, "invoice_jobs_finished_total", outcome="ready") - value(
        before, "invoice_jobs_finished_total", outcome="ready") == 1
    assert value(after, "invoice_jobs_queued") == 0 and value(after, "invoice_jobs", state="running") == 0
    assert value(after, "invoice_render_capacity_slots") == 1
    assert value(after, "invoice_connected_tabs") >= 1
    assert value(after, "invoice_event_loop_lag_seconds_count") >= 1
    assert ("invoice_jobs_oldest_queued_age_seconds", ()) in after
    assert ("invoice_render_retries_total", ()) in after and ("invoice_rate_limit_refusals_total", ()) in after


async def test_a_full_garbage_collection_shows_as_a_pause_an_operator_reads(user: User) -> None:
    await sign_up(user, "alice@example.com")
    before = await scrape(user)
    gc.collect()
    after = await scrape(user)

    assert value(after, "invoice_gc_pause_seconds_count", generation="2") - value(
        before, "invoice_gc_pause_seconds_count", generation="2") >= 1
    assert value(after, "invoice_gc_pause_seconds_sum", generation="2") > value(
        before, "invoice_gc_pause_seconds_sum", generation="2")


@pytest.mark.rate_limit("1/minute")
async def test_a_refused_generation_is_counted(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await generate(user, "First", [("Work", "1", "10")])
    before = value(await scrape(user), "invoice_rate_limit_refusals_total")
    fill_invoice(user, "Second", [("Work", "1", "10")])
    [button] = user.find(kind=ui.button, content="Generate PDF").elements
    assert not button.enabled  # at zero the page offers no second generation; the server refuses one anyway:
    owner = await app_services().sessions.resolve(user.http_client.cookies.get(COOKIE_NAME))
    assert owner is not None
    with pytest.raises(RateLimited, match="You can generate 1 PDFs per minute"):
        await app_services().invoices.generate(owner_id=owner.user_id, draft=SECOND)
    assert value(await scrape(user), "invoice_rate_limit_refusals_total") - before == 1


@pytest.mark.metrics_allow("10.0.0.0/8")
async def test_metrics_are_not_served_to_an_address_outside_metrics_allow(user: User) -> None:
    response = await user.http_client.get("/metrics")
    assert response.status_code == 404 and "invoice_" not in response.text
