"""Steps a person takes in the real browser, and the files (screenshots, PDFs) they leave behind."""

import io
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from tests.support.sellers import TEST_SELLER

PASSWORD = "correct horse battery staple"
Line = tuple[str, str, str]  # description, quantity, unit price, as typed


class NewContext(Protocol):
    """Makes a fresh browser profile (own cookies, own tabs) with a screen of the given size; with `video`, its
    tabs are recorded by Playwright into that folder (each tab's video is complete once the profile is closed)."""

    def __call__(self, *, width: int = 1280, height: int = 900, video: Path | None = None) -> BrowserContext: ...


@dataclass(frozen=True)
class Artifacts:
    """Files of one test under tests/artifacts/; with `docs`, the chosen screenshots also go to docs/screenshots/."""

    directory: Path
    docs: Path | None = None

    def screenshot(self, page: Page, step: str, *, docs_name: str | None = None, still: bool = True) -> None:
        """`still` finishes transitions (floating labels) first, but also freezes spinners: pass False to show one."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{step}.png"
        page.mouse.move(0, 0)  # the button just clicked shows neither hover highlight nor click ripple
        page.wait_for_function("() => !document.querySelector('button:hover, a:hover, .q-ripple__inner')")
        page.screenshot(path=path, full_page=True, animations="disabled" if still else "allow")
        if docs_name and self.docs is not None:
            self.docs.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, self.docs / f"{docs_name}.png")


def unique_email(name: str) -> str:
    """Every test makes its own users, so tests can share one server without sharing state."""
    return f"{name}-{secrets.token_hex(4)}@example.com"


def sign_up(page: Page, email: str, *, artifacts: Artifacts | None = None) -> None:
    page.goto("/signup")
    submit_sign_up(page, email, artifacts=artifacts)
    complete_onboarding(page, business_name_of(email))
    expect_dashboard(page)


def submit_sign_up(page: Page, email: str, *, artifacts: Artifacts | None = None, pause_ms: int = 0) -> None:
    """On the sign-up page: the email and password typed in, Sign up pressed (`pause_ms` after typing: time to
    see the filled-in form in a recording)."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if artifacts is not None:
        artifacts.screenshot(page, "signup", docs_name="signup")
    page.wait_for_timeout(pause_ms)
    page.get_by_role("button", name="Sign up").click()


def business_name_of(email: str) -> str:
    return f"{email.split('@')[0].capitalize()} Consulting"


def expect_onboarding(page: Page) -> None:
    """The step after sign-up, /settings asking who issues the invoices, with the saved profile arrived."""
    expect(page.get_by_text("Who issues your invoices?")).to_be_visible()
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_enabled()


def complete_onboarding(page: Page, business_name: str, *, pause_ms: int = 0) -> None:
    """The step after sign-up: business name, address and VAT ID (every e-invoice shows one) on /settings, Save,
    and on to the list."""
    expect_onboarding(page)
    for label, value in (("Business name", business_name), ("Street", "Hauptstraße 1"), ("Postcode", "10115"),
                         ("City", "Berlin"), ("VAT ID", TEST_SELLER.vat_id)):
        page.get_by_label(label, exact=True).fill(value)
    choose(page, "Country", "Germany", "Germany (DE)")
    page.wait_for_timeout(pause_ms)
    page.get_by_role("button", name="Save", exact=True).click()


def choose(page: Page, label: str, typed: str, option: str) -> None:
    """Types into a select that filters as you type, and picks the option."""
    page.get_by_label(label, exact=True).fill(typed)
    page.get_by_role("option", name=option).click()


def log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect_dashboard(page)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect_login_page(page)


def expect_dashboard(page: Page) -> None:
    """Signed in, and the parts filled in after the first paint (quota, invoices, seller details) have arrived."""
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("button", name="Generate PDF")).to_be_visible()
    expect(page.locator("[data-quota-remaining]")).to_have_count(1)  # shown only when two or fewer are left
    expect(page.get_by_text("Issued as", exact=True)).to_be_visible()


def expect_login_page(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/login(\?|$)"))
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def open_another_tab(page: Page) -> Page:
    """A second tab of the same browser profile (same cookies), on the dashboard."""
    tab = page.context.new_page()
    tab.goto("/")
    expect_dashboard(tab)
    return tab


def fill_invoice(page: Page, client: str, lines: list[Line], *, tax_rate: str = "0") -> None:
    page.get_by_label("Client name").fill(client)
    fill_lines(page, lines, tax_rate=tax_rate)


def fill_lines(page: Page, lines: list[Line], *, tax_rate: str = "0") -> None:
    """The editor's line items as typed, one more line added for each line beyond those shown."""
    descriptions = page.get_by_label("Description")
    expect(descriptions.first).to_be_visible()
    for _ in range(len(lines) - descriptions.count()):
        page.get_by_role("button", name="Add line item").click()
    expect(descriptions).to_have_count(len(lines))
    quantities, prices = page.get_by_label("Quantity"), page.get_by_label("Unit price")
    rates = page.get_by_label("VAT %", exact=True)
    for row, (description, quantity, price) in enumerate(lines):  # the n-th fields belong to row n
        descriptions.nth(row).fill(description)
        quantities.nth(row).fill(quantity)
        prices.nth(row).fill(price)
        rates.nth(row).fill(tax_rate)


def generate(page: Page, client: str) -> str:
    """Presses Generate PDF for the filled-in form; returns the number the new invoice got."""
    page.get_by_role("button", name="Generate PDF").click()
    row = invoice_row_of_client(page, client)
    expect(row).to_be_visible()
    expect(page.get_by_label("Client name")).to_have_value("")  # accepted: the form starts the next invoice
    number = row.get_attribute("data-invoice")
    assert number, "an invoice row without its number"
    return number


def invoice_row(page: Page, number: str) -> Locator:
    return page.locator(f'[data-invoice="{number}"]')


def invoice_row_of_client(page: Page, client: str) -> Locator:
    return page.locator("[data-invoice]").filter(has=page.get_by_text(client, exact=True))


def expect_status(page: Page, number: str, status: str) -> None:
    expect(invoice_row(page, number).get_by_text(status, exact=True)).to_be_visible()


def quota_label(page: Page) -> Locator:
    return page.get_by_text(re.compile(r"PDFs left this minute"))


def quota_remaining(page: Page) -> Locator:
    """The quota line, present (hidden while more than two are left) once the quota has been read."""
    return page.locator("[data-quota-remaining]")


def mark_document(page: Page) -> None:
    """Leaves a mark in the page's JavaScript world: a reload or a navigation wipes it out."""
    page.evaluate("() => { window.__marker = 1; }")


def is_same_document(page: Page) -> bool:
    return bool(page.evaluate("() => window.__marker === 1"))


def download_pdf(page: Page, number: str, artifacts: Artifacts) -> tuple[str, bytes]:
    """Clicks the invoice's Download link; returns the file name the browser was given and the file."""
    with page.expect_download() as started:
        invoice_row(page, number).get_by_role("link", name="Download").click()
    download = started.value
    target = artifacts.directory / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def pdf_text(pdf: bytes) -> str:
    """All pages' text, every run of whitespace made one space."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def is_login_page(url: str) -> bool:
    return urlsplit(url).path == "/login"


def stay_put_on_navigation(page: Page, to: Callable[[str], bool]) -> None:
    """Makes this tab ignore being sent elsewhere: the navigation gets 204 No Content, so the page stays."""
    page.route(to, lambda route: route.fulfill(status=204))


@contextmanager
def expect_sent_to_login(page: Page) -> Iterator[None]:
    """The code inside must make the server send this tab to the login page (seen as the request for it)."""
    try:
        with page.expect_request(lambda request: is_login_page(request.url)):
            yield
    except PlaywrightTimeoutError:
        raise AssertionError(f"the tab at {page.url} was not sent to the login page") from None
