"""The whole flow of a new user, on a phone and on a desktop: sign up, seller profile, a client, a draft, issued,
Processing… turning Ready by itself, the PDF downloaded, a payment recorded; every page scanned by axe-core.

The desktop run is recorded by Playwright; with UPDATE_SCREENSHOTS=1 the recording becomes docs/walkthrough.webp,
the README's walkthrough.
"""

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect

from tests.support.accessibility import axe_violations, blocking
from tests.support.browser import (
    Artifacts,
    NewContext,
    business_name_of,
    choose,
    complete_onboarding,
    download_pdf,
    expect_dashboard,
    expect_onboarding,
    expect_status,
    fill_lines,
    invoice_row,
    invoice_row_of_client,
    is_same_document,
    mark_document,
    pdf_text,
    submit_sign_up,
    unique_email,
)
from tests.support.processes import renders_paused
from tests.support.sellers import TEST_SELLER
from tests.support.servers import ServerProcess
from tests.support.walkthrough import animate

PHONE, DESKTOP = (390, 844), (1280, 800)
CLIENT = {"Name": "Lovelace Analytik GmbH", "Email": "buchhaltung@lovelace.example", "Street": "Friedrichstraße 10",
          "Postcode": "10117", "City": "Berlin"}
PAUSE_MS = 700  # in the recording, each step stays on screen this long
WALKTHROUGH = "walkthrough.webp"  # in docs/


@dataclass
class Scans:
    """axe-core's serious and critical violations of every page seen, collected to be reported all at once."""

    screen: str
    found: dict[str, list[str]] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)

    def scan(self, page: Page, name: str) -> None:
        page.wait_for_timeout(300)  # transitions of floating labels and badges end
        self.seen.append(name)
        if violations := blocking(axe_violations(page)):
            self.found[f"{name} on a {self.screen}"] = [str(violation) for violation in violations]

    def report(self) -> str:
        return "\n".join(f"{where}:\n" + "\n".join(lines) for where, lines in self.found.items())


@pytest.mark.browser
@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_new_user_signs_up_issues_an_invoice_to_a_saved_client_downloads_it_and_records_the_payment(
        screen: tuple[int, int], new_context: NewContext, server: ServerProcess, artifacts: Artifacts) -> None:
    width, height = screen
    recording = screen == DESKTOP
    context = new_context(width=width, height=height, video=artifacts.directory if recording else None)
    page = context.new_page()
    pause_ms = PAUSE_MS if recording else 0
    scans = Scans("phone" if screen == PHONE else "desktop")
    email = unique_email("walk")

    page.goto("/signup")
    expect(page.get_by_role("button", name="Sign up")).to_be_visible()
    scans.scan(page, "sign-up")
    submit_sign_up(page, email, pause_ms=pause_ms)
    expect_onboarding(page)
    scans.scan(page, "settings")
    complete_onboarding(page, business_name_of(email), pause_ms=pause_ms)
    expect_dashboard(page)

    _add_client(page, scans, pause_ms)
    page.get_by_role("link", name="Invoices").first.click()
    expect_dashboard(page)
    scans.scan(page, "list")
    number = _issue_a_draft(page, server, scans, pause_ms)

    filename, pdf = download_pdf(page, number, artifacts)
    assert filename == f"invoice-{number}.pdf" and pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    seller = (business_name_of(email), TEST_SELLER.vat_id)  # from the settings: issuing needs them
    for expected in (number, CLIENT["Name"], "Analytical engine review", "€1,071.00", *seller):
        assert expected in text, f"{expected!r} is missing from the PDF text: {text}"
    page.get_by_role("link", name=f"Open {number}").click()
    expect(page.get_by_text(f"Invoice {number}", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=f"Open the PDF of {number}")).to_be_visible()  # its first page, shown
    scans.scan(page, "invoice")
    page.wait_for_timeout(pause_ms)

    page.get_by_role("link", name="All invoices").click()
    invoice_row(page, number).get_by_role("button", name=f"Mark paid {number}").click()
    expect(page.get_by_role("button", name="Save payment")).to_be_visible()
    scans.scan(page, "payment dialog")
    page.get_by_role("button", name="Save payment").click()
    expect(invoice_row(page, number).get_by_text("Paid", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Save payment")).to_have_count(0)
    scans.scan(page, "list, paid")
    page.wait_for_timeout(pause_ms)

    print(f"pages scanned by axe-core on a {scans.screen}: {', '.join(scans.seen)}")
    assert not scans.found, "axe-core found serious or critical violations:\n" + scans.report()
    if recording:
        _keep_the_walkthrough(page, artifacts)


def _add_client(page: Page, scans: Scans, pause_ms: int) -> None:
    page.get_by_role("link", name="Clients").first.click()
    expect(page.get_by_text("No clients yet")).to_be_visible()
    scans.scan(page, "clients")
    page.get_by_role("button", name="Add client").click()
    for label, value in CLIENT.items():
        page.get_by_label(label, exact=True).fill(value)
    choose(page, "Country", "Germ", "Germany (DE)")
    scans.scan(page, "client form")
    page.wait_for_timeout(pause_ms)
    page.get_by_role("button", name="Save client").click()
    expect(page.get_by_text(f"Saved {CLIENT['Name']}.")).to_be_visible()


def _issue_a_draft(page: Page, server: ServerProcess, scans: Scans, pause_ms: int) -> str:
    """The saved client picked in the editor, saved as a draft, reopened and issued: Processing… while the
    PDF workers are held, then Ready in the same document. Returns the invoice's number."""
    page.get_by_label("Client name").fill("Lovelace")
    page.get_by_role("button", name=CLIENT["Name"]).click()
    expect(page.get_by_label("Client city")).to_have_value(CLIENT["City"])  # the address came from the book
    fill_lines(page, [("Analytical engine review", "2", "450")], tax_rate="19")
    expect(page.get_by_text("Total €1,071.00").first).to_be_visible()
    page.wait_for_timeout(pause_ms)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile("Draft saved at"))).to_be_visible()

    page.goto("/")
    page.get_by_role("link", name=f"Open the draft for {CLIENT['Name']}").click()
    expect(page.get_by_role("button", name="Delete draft")).to_be_visible()
    expect(page.get_by_label("Client name")).to_have_value(CLIENT["Name"])
    scans.scan(page, "editor")
    assert server.process is not None
    with renders_paused(server.process.pid):
        page.get_by_role("button", name="Generate PDF").click()
        row = invoice_row_of_client(page, CLIENT["Name"])
        expect(row.get_by_text("Processing…")).to_be_visible()
        row.scroll_into_view_if_needed()  # below the editor: the recording shows it turn Ready
        mark_document(page)
        scans.scan(page, "list, processing")
        page.wait_for_timeout(2 * pause_ms)
    number = row.get_attribute("data-invoice")
    assert number, "an invoice row without its number"
    expect_status(page, number, "Ready")
    assert is_same_document(page), "the page was reloaded to show Ready"
    page.wait_for_timeout(pause_ms)
    return number


def _keep_the_walkthrough(page: Page, artifacts: Artifacts) -> None:
    """The recording is complete once its browser profile is closed; with UPDATE_SCREENSHOTS=1 it becomes the
    README's animation."""
    assert page.video is not None
    page.context.close()
    video = artifacts.directory / "walkthrough.webm"
    page.video.save_as(video)
    page.video.delete()  # Playwright's copy, named by a random id
    if artifacts.docs is not None:
        animation = animate(video, artifacts.docs.parent / WALKTHROUGH)
        print(f"{WALKTHROUGH}: {animation}")
