"""Every page of the app with something on it, for the real-browser tests that look at each page in turn."""

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.support.browser import expect_dashboard, expect_status, fill_invoice, generate

PHONE, DESKTOP = 390, 1280
HEIGHT = {PHONE: 844, DESKTOP: 800}


@dataclass(frozen=True)
class Stop:
    name: str
    path: str
    ready: Callable[[Page], None]
    signed_in: bool = True


def tour(alice: Page) -> list[Stop]:
    """Gives alice an issued invoice (Ready), a saved draft and a client; returns the pages to visit."""
    fill_invoice(alice, "Ada Lovelace Ltd", [("Analytical engine review", "2", "450")], tax_rate="19")
    number = generate(alice, "Ada Lovelace Ltd")
    expect_status(alice, number, "Ready")
    issued = alice.locator(f'[data-invoice="{number}"]').get_by_role("link", name=re.compile(f"Open {number}"))
    issued_path = issued.get_attribute("href") or ""
    fill_invoice(alice, "Charles Babbage & Co", [("Difference engine parts", "3", "120")])
    alice.get_by_role("button", name="Save draft").click()
    expect(alice.get_by_text(re.compile("Draft saved at"))).to_be_visible()
    alice.reload()
    expect_dashboard(alice)
    draft_path = alice.locator("[data-draft] a").first.get_attribute("href") or ""

    def shows(locate: Callable[[Page], object]) -> Callable[[Page], None]:
        return lambda page: expect(locate(page)).to_be_visible()  # type: ignore[arg-type]

    def asks(button: str, dialog: str) -> Callable[[Page], None]:
        def open_dialog(page: Page) -> None:
            page.get_by_role("button", name=button).click()
            expect(page.get_by_role("dialog", name=dialog)).to_be_visible()
        return open_dialog

    return [
        Stop("log-in", "/login", shows(lambda p: p.get_by_role("button", name="Log in")), signed_in=False),
        Stop("sign-up", "/signup", shows(lambda p: p.get_by_role("button", name="Sign up")), signed_in=False),
        Stop("list", "/", shows(lambda p: p.locator(f'[data-invoice="{number}"]'))),
        Stop("editor", draft_path, shows(lambda p: p.get_by_role("button", name="Delete draft"))),
        Stop("invoice", issued_path, shows(lambda p: p.get_by_text(f"Invoice {number}", exact=True))),
        Stop("clients", "/clients", shows(lambda p: p.get_by_text("Ada Lovelace Ltd").first)),
        Stop("period dialog", "/", asks("Export period", "Export a period for your accountant")),
        Stop("delete-client dialog", "/clients", asks("Delete Ada Lovelace Ltd", "Delete Ada Lovelace Ltd")),
        Stop("settings", "/settings", lambda p: expect(p.get_by_role("button", name="Save", exact=True))
             .to_be_enabled()),
    ]


def open_stop(page: Page, stop: Stop, width: int, scheme: str) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT.get(width, 900)})
    page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
    page.goto(stop.path)
    stop.ready(page)
    page.wait_for_timeout(300)  # transitions of floating labels and badges end


@dataclass(frozen=True)
class Visit:
    page: Page
    stop: Stop
    width: int
    scheme: str

    @property
    def where(self) -> str:
        return f"{self.stop.name} at {self.width} px, {self.scheme}"


def visits(alice: Page, visitor: Page, stops: list[Stop], *, widths: Sequence[int],
           schemes: Sequence[str] = ("light", "dark")) -> Iterator[Visit]:
    """Each stop opened in turn at each width and colour scheme: as alice, or as a visitor before signing in."""
    for scheme in schemes:
        for width in widths:
            for stop in stops:
                page = alice if stop.signed_in else visitor
                open_stop(page, stop, width, scheme)
                yield Visit(page, stop, width, scheme)
