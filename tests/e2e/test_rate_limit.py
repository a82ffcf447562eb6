"""PDF_RATE_LIMIT=5/minute per user: the quota shows up near the limit, and at zero Generate PDF waits, counting down.

(The server's own refusal of a sixth generation, whatever the page does, is tests/security/test_rate_limit.py.)
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    Artifacts,
    fill_invoice,
    generate,
    invoice_row,
    open_another_tab,
    quota_label,
    quota_remaining,
)

LIMIT = 5
TWO_LEFT = re.compile(rf"^2 of {LIMIT} PDFs left this minute · resets in \d+ s$")
EXHAUSTED = re.compile(rf"^0 of {LIMIT} PDFs left this minute · resets in (\d+) s$")
WINDOW_MS = 65_000  # a minute, and time for the page to notice


@pytest.mark.browser
def test_at_zero_left_generate_pdf_is_disabled_with_a_live_countdown_and_usable_again_when_it_ends(
        alice: Page, artifacts: Artifacts) -> None:
    for letter in "ABCDE":
        fill_invoice(alice, f"Customer {letter}", [("Support hours", "1", "10")])
        generate(alice, f"Customer {letter}")
        if letter == "B":
            expect(quota_label(alice)).to_be_hidden()  # three left: nothing to worry about yet
            expect(quota_remaining(alice)).to_have_attribute("data-quota-remaining", "3")
        if letter == "C":
            expect(quota_label(alice)).to_have_text(TWO_LEFT)
    expect(quota_label(alice)).to_have_text(EXHAUSTED)
    generate_button = alice.get_by_role("button", name="Generate PDF")
    expect(generate_button).to_be_disabled()
    assert alice.locator(".q-notification").count() <= 1  # one notice at a time, never a stack

    fill_invoice(alice, "Customer F", [("Support hours", "1", "10")])
    first = _seconds(quota_label(alice).inner_text())
    expect(quota_label(alice)).not_to_have_text(f"0 of {LIMIT} PDFs left this minute · resets in {first} s")
    assert 1 <= _seconds(quota_label(alice).inner_text()) < first <= 60  # it counts down by itself
    expect(alice.locator(".q-notification")).to_have_count(0)
    artifacts.screenshot(alice, "exhausted", docs_name="rate-limit-refused")
    expect(alice.locator("[data-invoice]")).to_have_count(LIMIT)

    expect(generate_button).to_be_enabled(timeout=WINDOW_MS)  # the first generation left the window
    expect(alice.get_by_label("Client name")).to_have_value("Customer F")  # the form was kept meanwhile
    generate(alice, "Customer F")
    expect(alice.locator("[data-invoice]")).to_have_count(LIMIT + 1)


@pytest.mark.browser
def test_the_quota_shown_in_another_tab_follows_generations_live(alice: Page) -> None:
    other_tab = open_another_tab(alice)
    expect(quota_remaining(other_tab)).to_have_attribute("data-quota-remaining", str(LIMIT))
    expect(quota_label(other_tab)).to_be_hidden()

    for letter in "ABC":
        fill_invoice(alice, f"Customer {letter}", [("Support hours", "1", "10")])
        number = generate(alice, f"Customer {letter}")

    expect(invoice_row(other_tab, number)).to_be_visible()  # the other tab has had the live update by now
    expect(quota_label(other_tab)).to_have_text(TWO_LEFT, timeout=10_000)


def _seconds(text: str) -> int:
    match = EXHAUSTED.search(text)
    assert match, f"{text!r} does not match {EXHAUSTED.pattern!r}"
    return int(match.group(1))
