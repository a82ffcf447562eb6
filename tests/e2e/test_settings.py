"""The seller profile in a real browser: the onboarding step, a refused IBAN fixed in place, and a logo upload."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.support.browser import Artifacts, expect_dashboard

LOGO_SHOWN = "() => document.querySelector(\"img[src^='/settings/logo.png']\")?.naturalWidth === 400"


@pytest.mark.browser
def test_settings_refuse_a_bad_iban_in_place_and_take_a_logo_shown_from_the_server(
        alice: Page, artifacts: Artifacts) -> None:
    alice.get_by_role("link", name="Settings").first.click()
    save = alice.get_by_role("button", name="Save", exact=True)
    expect(save).to_be_enabled()
    expect(alice.get_by_label("Business name", exact=True)).to_have_value(re.compile(r"^Alice-\w+ Consulting$"))
    alice.get_by_label("IBAN", exact=True).fill("DE89 3704 0044 0532 0130 01")
    alice.get_by_label("Payment terms (days)", exact=True).fill("30")
    save.click()
    expect(alice.get_by_text("This IBAN's check digits do not match: look for a typo.")).to_be_visible()
    expect(alice.get_by_label("Payment terms (days)", exact=True)).to_have_value("30")  # nothing typed is lost
    alice.get_by_label("IBAN", exact=True).fill("de89370400440532013000")
    save.click()
    expect(alice.get_by_text("Saved. New invoices will show these details.")).to_be_visible()

    logo = io.BytesIO()
    Image.new("RGB", (400, 120), "navy").save(logo, format="JPEG")
    alice.locator("input[type=file]").set_input_files(
        {"name": "logo.jpg", "mimeType": "image/jpeg", "buffer": logo.getvalue()})
    expect(alice.get_by_text("Logo saved. New invoices will show it.")).to_be_visible()
    preview = alice.locator("img[src^='/settings/logo.png']")
    expect(preview).to_be_visible()
    alice.wait_for_function(LOGO_SHOWN)

    alice.reload()
    expect(alice.get_by_label("IBAN", exact=True)).to_have_value("DE89 3704 0044 0532 0130 00")
    alice.wait_for_function(LOGO_SHOWN)
    artifacts.screenshot(alice, "settings", docs_name="settings")
    alice.get_by_role("link", name="Invoices").first.click()
    expect_dashboard(alice)
