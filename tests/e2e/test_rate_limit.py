"""PDF_RATE_LIMIT=5/minute per user: the sixth generation is refused, and the page says how long to wait."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import Artifacts, fill_invoice, generate, invoice_row, open_another_tab, quota_label

LIMIT = 5
REFUSAL = re.compile(rf"You can generate {LIMIT} PDFs per minute\. Try again in (\d+) seconds\.")
ONE_USED = re.compile(rf"^{LIMIT - 1} of {LIMIT} PDFs left this minute · resets in \d+ s$")
EXHAUSTED = re.compile(rf"^0 of {LIMIT} PDFs left this minute · resets in (\d+) s$")


@pytest.mark.browser
def test_the_sixth_generation_within_a_minute_is_refused_with_the_time_to_wait(
        alice: Page, artifacts: Artifacts) -> None:
    for letter in "ABCDE":
        fill_invoice(alice, f"Customer {letter}", [("Support hours", "1", "10")])
        generate(alice, f"Customer {letter}")
    expect(quota_label(alice)).to_have_text(EXHAUSTED)
    expect(alice.locator(".q-notification")).to_have_count(0)  # only the refusal in the picture

    fill_invoice(alice, "Customer F", [("Support hours", "1", "10")])
    alice.get_by_role("button", name="Generate PDF").click()

    refusal = alice.get_by_text(REFUSAL)
    expect(refusal).to_be_visible()
    expect(alice.get_by_role("button", name="Generate PDF")).to_be_enabled()  # usable again once the time is up
    artifacts.screenshot(alice, "refused", docs_name="rate-limit-refused")
    wait_s = _seconds(REFUSAL, refusal.inner_text())
    assert 1 <= wait_s <= 60
    expect(quota_label(alice)).to_have_text(EXHAUSTED)
    assert _seconds(EXHAUSTED, quota_label(alice).inner_text()) <= wait_s
    expect(alice.get_by_label("Client name")).to_have_value("Customer F")  # the form is kept for later
    expect(alice.locator("[data-invoice]")).to_have_count(LIMIT)


@pytest.mark.browser
def test_the_quota_shown_in_another_tab_follows_a_generation_live(alice: Page) -> None:
    other_tab = open_another_tab(alice)
    expect(quota_label(other_tab)).to_have_text(f"{LIMIT} of {LIMIT} PDFs left this minute")

    fill_invoice(alice, "Customer A", [("Support hours", "1", "10")])
    number = generate(alice, "Customer A")

    expect(invoice_row(other_tab, number)).to_be_visible()  # the other tab has had the live update by now
    expect(quota_label(other_tab)).to_have_text(ONE_USED, timeout=10_000)


def _seconds(pattern: re.Pattern[str], text: str) -> int:
    match = pattern.search(text)
    assert match, f"{text!r} does not match {pattern.pattern!r}"
    return int(match.group(1))
