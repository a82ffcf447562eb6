"""Steps a person takes in the simulated browser."""

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import cast

from nicegui import core, ui
from nicegui.testing import User

from services.container import Services
from tests.support.processes import frozen

PASSWORD = "correct horse battery staple"


WARM_UP_WAIT_S = 120.0
SELLER_ADDRESS = {"Street": "Hauptstraße 1", "Postcode": "10115", "City": "Berlin"}
SELLER_VAT_ID = "DE136695976"


async def sign_up(user: User, email: str, password: str = PASSWORD, *, onboarding: bool = True) -> None:
    """Signs up and, unless told otherwise, completes the onboarding step as a new user would: on the list."""
    await _submit_credentials(user, "/signup", "Sign up", email, password)
    await user.should_see("Who issues your invoices?", retries=50)
    if onboarding:
        await fill_seller(user, business_name(email))
        user.find("Save").click()
        await user.should_see("Generate PDF", retries=50)


def business_name(email: str) -> str:
    return f"{email.split('@')[0].capitalize()} Consulting"


async def fill_seller(user: User, name: str, address: dict[str, str] = SELLER_ADDRESS,
                      country: str = "Germany (DE)", vat_id: str = SELLER_VAT_ID) -> None:
    """Types a business name, address and VAT ID (every e-invoice shows one) into /settings, once the saved
    profile has been loaded into it."""
    await settings_loaded(user)
    user.find("Business name").clear().type(name)
    for label, value in {**address, "VAT ID": vat_id}.items():
        user.find(label).clear().type(value)
    user.find("Country").click()
    user.find(country).click()


async def settings_loaded(user: User) -> None:
    save = next(iter(user.find(kind=ui.button, content="Save").elements))
    for _ in range(100):
        if save.enabled:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the saved profile never arrived on /settings")


async def log_in(user: User, email: str, password: str = PASSWORD) -> None:
    await _submit_credentials(user, "/login", "Log in", email, password)


async def signed_up_pair(user: User, create_user: Callable[[], User]) -> tuple[User, User]:
    """Alice in the `user` fixture's browser, Bob in a browser of his own."""
    await sign_up(user, "alice@example.com")
    bob = create_user()
    await sign_up(bob, "bob@example.com")
    return user, bob


async def _submit_credentials(user: User, path: str, button: str, email: str, password: str) -> None:
    await user.open(path)
    user.find("Email").type(email)
    user.find("Password").type(password)
    user.find(button).click()
    await user.should_see("Log out", retries=150)  # argon2 runs at a low CPU priority: slow on a loaded machine


def fill_invoice(user: User, client: str, lines: list[tuple[str, str, str]], *, tax_rate: str = "0",
                 currency: str | None = None) -> None:
    """Types an invoice into the form; lines are (description, quantity, unit price), each at the VAT % tax_rate."""
    user.find("Client name").clear().type(client)
    if currency:
        user.find("Currency").set_value(currency)  # type: ignore[attr-defined]
    while len(user.find("Description").elements) < len(lines):
        user.find("Add line item").click()
    descriptions, quantities, prices, rates = (_in_page_order(user, label)
                                               for label in ("Description", "Quantity", "Unit price", "VAT %"))
    for (description, quantity, price), d, q, p, r in zip(lines, descriptions, quantities, prices, rates,
                                                          strict=False):
        d.value, q.value, p.value, r.value = description, quantity, price, tax_rate


def app_services() -> Services:
    return cast(Services, core.app.state.services)


@contextmanager
def renders_held(pids: list[int] | None = None) -> Iterator[None]:
    """Freezes PDF worker processes (SIGSTOP; all by default) so their jobs stay in flight; thaws them on exit.

    Waits for the workers to warm up first: a worker frozen mid-warm-up is a worker that never started, which
    its renders wait for far longer than for a render that hangs."""
    for slot in app_services().pool.slots:
        slot.wait_until_warm(WARM_UP_WAIT_S)
    with frozen(pids if pids is not None else app_services().pool.worker_pids()):
        yield


async def generate(user: User, client: str, lines: list[tuple[str, str, str]], **options: str) -> None:
    fill_invoice(user, client, lines, **options)
    user.find("Generate PDF").click()
    await user.should_see("is being generated", retries=50)


def _in_page_order(user: User, label: str) -> list[ui.input]:
    return sorted(user.find(label).elements, key=lambda element: element.id)  # type: ignore[arg-type]
