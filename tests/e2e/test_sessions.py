"""Logging out ends the session in every tab: open tabs are sent away live, and a stale tab is powerless."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    Artifacts,
    expect_login_page,
    expect_sent_to_login,
    fill_invoice,
    is_login_page,
    log_in,
    log_out,
    open_another_tab,
    quota_remaining,
    stay_put_on_navigation,
)
from tests.support.servers import ServerProcess


@pytest.mark.browser
def test_logging_out_in_one_tab_sends_the_other_tab_to_the_login_page(
        alice: Page, server: ServerProcess, artifacts: Artifacts) -> None:
    other_tab = open_another_tab(alice)

    log_out(alice)

    expect_login_page(other_tab)  # nobody touched it: the server pushed it there
    artifacts.screenshot(other_tab, "other-tab-after-logout")
    dashboard = alice.request.get(f"{server.url}/", max_redirects=0)
    assert dashboard.status == 303 and dashboard.headers["location"].startswith("/login")


@pytest.mark.browser
def test_a_tab_that_ignores_the_logout_is_disconnected_and_cannot_generate_a_pdf(
        alice: Page, alice_email: str, server: ServerProcess) -> None:
    stale_tab = open_another_tab(alice)
    stay_put_on_navigation(stale_tab, is_login_page)  # as if the client ignored being sent to the login page
    with expect_sent_to_login(stale_tab):
        log_out(alice)
    expect(stale_tab).to_have_url(f"{server.url}/")
    expect(stale_tab.locator("#popup")).to_have_attribute("aria-hidden", "false")  # the server closed its socket
    fill_invoice(stale_tab, "Stale Ltd", [("Work after logout", "1", "50")])
    stale_tab.get_by_role("button", name="Generate PDF").click()

    stale_tab.wait_for_timeout(2000)  # time for an answer, were there one
    expect(stale_tab.get_by_text(re.compile(r"is being generated"))).to_have_count(0)
    log_in(alice, alice_email)
    expect(alice.get_by_text("No invoices yet.")).to_be_visible()
    expect(quota_remaining(alice)).to_have_attribute("data-quota-remaining", "5")
