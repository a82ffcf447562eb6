"""The invoice book in a real browser: a draft that survives a reload, issued, Ready in a second tab, duplicated,
paid, cancelled with a credit note that becomes Ready; search and status in the URL; the CSV download."""

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    Artifacts,
    download_pdf,
    expect_status,
    fill_invoice,
    invoice_row,
    open_another_tab,
    pdf_text,
)


@pytest.mark.browser
def test_draft_issue_duplicate_pay_cancel_and_credit_note_in_two_tabs(alice: Page, artifacts: Artifacts) -> None:
    fill_invoice(alice, "Zoë Müller GmbH", [("Workshop", "2", "450"), ("Travel", "1", "80")], tax_rate="19")
    alice.get_by_role("button", name="Save draft").click()
    expect(alice.get_by_text(re.compile("Draft saved at"))).to_be_visible()
    alice.reload()
    draft_row = alice.locator("[data-draft]").filter(has=alice.get_by_text("Zoë Müller GmbH", exact=True))
    expect(draft_row).to_be_visible()
    draft_row.get_by_role("link").click()
    expect(alice.get_by_role("button", name="Delete draft")).to_be_visible()
    expect(alice.get_by_label("Client name")).to_have_value("Zoë Müller GmbH")
    alice.get_by_label("Notes").fill("Edited after the reload")
    other_tab = open_another_tab(alice)
    alice.get_by_role("button", name="Generate PDF").click()
    expect(alice).to_have_url(re.compile(r"/$"))
    for tab in (alice, other_tab):
        expect_status(tab, "INV-0001", "Ready")
    _, pdf = download_pdf(alice, "INV-0001", artifacts)
    assert "Edited after the reload" in pdf_text(pdf)
    artifacts.screenshot(alice, "book-issued", docs_name="invoice-book")

    invoice_row(alice, "INV-0001").get_by_role("button", name="Duplicate").click()
    expect(alice.get_by_role("button", name="Delete draft")).to_be_visible()
    expect(alice.get_by_label("Notes")).to_have_value("Edited after the reload")
    alice.goto("/")

    invoice_row(alice, "INV-0001").get_by_role("button", name="Mark paid").click()
    alice.get_by_role("button", name="Save payment").click()
    expect(invoice_row(other_tab, "INV-0001").get_by_text("Paid", exact=True)).to_be_visible()
    invoice_row(alice, "INV-0001").get_by_role("button", name="Mark unpaid").click()
    expect(invoice_row(alice, "INV-0001").get_by_text("Open", exact=True)).to_be_visible()
    invoice_row(alice, "INV-0001").get_by_role("button", name="Cancel invoice").click()
    alice.get_by_role("button", name="Issue credit note").click()
    for tab in (alice, other_tab):
        expect_status(tab, "CN-0001", "Ready")
        expect(invoice_row(tab, "INV-0001").get_by_text("Cancelled", exact=True)).to_be_visible()
    _, credit = download_pdf(other_tab, "CN-0001", artifacts)
    assert "Credit note for INV-0001" in pdf_text(credit)


@pytest.mark.browser
def test_search_and_status_live_in_the_url_and_the_csv_holds_the_filtered_rows(alice: Page) -> None:
    for client in ("Ångström AB", "Globex"):
        fill_invoice(alice, client, [("Work", "1", "10")])
        alice.get_by_role("button", name="Generate PDF").click()
        expect(alice.locator("[data-invoice]").filter(has=alice.get_by_text(client, exact=True))).to_be_visible()
    alice.get_by_label("Search").fill("angstrom")
    alice.get_by_label("Search").press("Enter")
    expect(alice).to_have_url(re.compile(r"\?q=angstrom"))
    expect(alice.locator("[data-invoice]")).to_have_count(1)
    alice.reload()
    expect(alice.get_by_label("Search")).to_have_value("angstrom")
    expect(alice.locator("[data-invoice]")).to_have_count(1)
    with alice.expect_download() as started:
        alice.get_by_role("link", name="Export CSV").click()
    rows = list(csv.reader(io.StringIO(started.value.path().read_text(encoding="utf-8"))))
    assert [row[2] for row in rows[1:]] == ["Ångström AB"]
