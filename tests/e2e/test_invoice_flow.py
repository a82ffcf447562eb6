"""An invoice from the form to the PDF: live status in every tab of its owner, and nobody else's business."""

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    Artifacts,
    Line,
    NewContext,
    download_pdf,
    expect_status,
    fill_invoice,
    generate,
    invoice_row,
    is_same_document,
    mark_document,
    open_another_tab,
    pdf_text,
)
from tests.support.processes import renders_paused
from tests.support.servers import ServerProcess

LINES: list[Line] = [("Consulting", "2", "100.00"), ("Design", "1.5", "80"), ("Hosting", "12", "9.99")]
AMOUNTS = ["€200.00", "€120.00", "€119.88"]
TOTAL = "€523.46"  # 439.88 + 19 % tax (83.58)


@pytest.mark.browser
def test_a_new_invoice_shows_processing_then_ready_in_two_tabs_without_a_reload(
        alice: Page, server: ServerProcess, artifacts: Artifacts) -> None:
    other_tab = open_another_tab(alice)
    for tab in (alice, other_tab):
        mark_document(tab)
    fill_invoice(alice, "ACME GmbH", LINES, tax_rate="19")
    expect(alice.get_by_text(f"· Total {TOTAL}", exact=False)).to_be_visible()  # not the phone bar's copy
    artifacts.screenshot(alice, "form-filled", docs_name="dashboard-form-filled")

    assert server.process is not None
    with renders_paused(server.process.pid):
        number = generate(alice, "ACME GmbH")
        expect(alice.get_by_text(f"{number} is being generated.")).to_be_visible()
        for tab in (alice, other_tab):
            expect_status(tab, number, "Processing…")
        alice.wait_for_timeout(800)  # only for the picture: a spinner caught in its first frame is a dot
        artifacts.screenshot(alice, "processing", docs_name="invoice-processing", still=False)
        artifacts.screenshot(other_tab, "processing-other-tab", still=False)

    for tab in (alice, other_tab):
        expect_status(tab, number, "Ready")
        expect(invoice_row(tab, number).get_by_role("link", name="Download")).to_be_visible()
        assert is_same_document(tab), "the tab was reloaded to show the new status"
    expect(alice.locator(".q-notification")).to_have_count(0)  # the picture shows the list, not a toast
    artifacts.screenshot(alice, "ready", docs_name="invoice-ready")
    artifacts.screenshot(other_tab, "ready-other-tab")


@pytest.mark.browser
def test_the_downloaded_pdf_shows_the_number_client_every_line_and_the_total(
        alice: Page, artifacts: Artifacts) -> None:
    fill_invoice(alice, "Globex Corporation", LINES, tax_rate="19")
    number = generate(alice, "Globex Corporation")
    expect_status(alice, number, "Ready")

    filename, pdf = download_pdf(alice, number, artifacts)

    assert filename == f"invoice-{number}.pdf"
    text = pdf_text(pdf)
    for expected in [number, "Globex Corporation", *(line[0] for line in LINES), *AMOUNTS, TOTAL]:
        assert expected in text, f"{expected!r} is missing from the PDF text: {text}"


@pytest.mark.browser
def test_another_user_can_neither_see_nor_download_the_invoice(
        alice: Page, bob: Page, new_context: NewContext, server: ServerProcess) -> None:
    fill_invoice(alice, "Initech", [("Confidential audit", "1", "1000")])
    number = generate(alice, "Initech")
    expect_status(alice, number, "Ready")
    href = invoice_row(alice, number).get_by_role("link", name="Download").get_attribute("href")
    pdf_url = f"{server.url}{href}"
    assert alice.request.get(pdf_url).status == 200  # the owner can: the URL itself is right

    expect_no_invoices(bob)  # live: Alice's updates never reached Bob's open dashboard
    bob.reload()
    expect_no_invoices(bob)  # nor does his list, read afresh

    refused = bob.request.get(pdf_url)
    assert refused.status == 404
    assert b"%PDF" not in refused.body()
    anonymous = new_context().request.get(pdf_url, max_redirects=0)
    assert anonymous.status == 303 and anonymous.headers["location"].startswith("/login")


def expect_no_invoices(page: Page) -> None:
    expect(page.get_by_text("No invoices yet.")).to_be_visible()
    expect(page.locator("[data-invoice]")).to_have_count(0)
