"""Alice's thumbnail goes to Alice only: Bob, anyone signed out and every forged id get what a missing one gets."""

from dataclasses import dataclass
from urllib.parse import quote

import httpx
import pytest
from bson import ObjectId
from nicegui.testing import User

from tests.security.attack_helpers import SECURITY_HEADERS, cookie_header, http_client, new_browser, ready_invoice
from tests.support.app import sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app
PNG = b"\x89PNG\r\n\x1a\n"
NOT_FOUND_TEXT = "No such invoice PDF."


@dataclass(frozen=True)
class Alice:
    browser: User
    invoice_id: str
    file_id: str
    png: bytes


@pytest.fixture
async def alice(user: User) -> Alice:
    await sign_up(user, "alice@example.com")
    invoice = await ready_invoice(user, "Globex Corporation")
    assert invoice.pdf is not None and invoice.pdf.thumbnail
    own = await user.http_client.get(f"/invoices/{invoice.id}/thumbnail.png")
    assert own.status_code == 200 and own.content.startswith(PNG)
    assert own.headers["content-type"] == "image/png" and own.headers["cache-control"] == "private, no-cache"
    return Alice(browser=user, invoice_id=invoice.id, file_id=invoice.pdf.file_id, png=own.content)


def _forged_ids(alice: Alice) -> dict[str, str]:
    real = alice.invoice_id
    return {
        "a random ObjectId": str(ObjectId()),
        "alice's id with one hex digit changed": real[:-1] + ("0" if real[-1] != "0" else "1"),
        "the file id of her PDF": alice.file_id,
        "a Mongo operator": '{"$ne": null}',
        "a SQL injection": "' or 1=1 --",
        "2000 hex digits": "f" * 2000,
        "an empty-looking id": " ",
    }


async def _get(client: httpx.AsyncClient, invoice_id: str, cookies: str | None) -> httpx.Response:
    client.cookies.clear()
    headers = {"Cookie": cookies} if cookies else {}
    return await client.get(f"/invoices/{quote(invoice_id, safe='')}/thumbnail.png", headers=headers,
                            follow_redirects=False)


async def test_bob_gets_the_same_404_for_alice_s_thumbnail_as_for_an_id_that_does_not_exist(alice: Alice) -> None:
    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    own = await ready_invoice(bob, "Initech")
    cookies = cookie_header(bob)
    async with http_client() as client:
        assert (await _get(client, own.id, cookies)).content.startswith(PNG)  # his session reaches his own
        real = await _get(client, alice.invoice_id, cookies)
        forged = {label: await _get(client, value, cookies) for label, value in _forged_ids(alice).items()}
    for label, response in {"alice's real id": real, **forged}.items():
        assert response.status_code == 404, label
        assert response.text == NOT_FOUND_TEXT, label
        assert PNG not in response.content and "image" not in response.headers["content-type"], label
        assert all(name in response.headers for name in SECURITY_HEADERS), label
    random = forged["a random ObjectId"]
    assert (real.content, real.headers["content-type"], real.headers["cache-control"]) == \
        (random.content, random.headers["content-type"], random.headers["cache-control"])


async def test_nobody_signed_out_gets_a_thumbnail_only_the_way_to_log_in(alice: Alice) -> None:
    alice_cookies = cookie_header(alice.browser)
    alice.browser.find("Log out").click()
    await alice.browser.should_see("Log in", retries=50)
    async with http_client() as client:
        for cookies in (None, alice_cookies):  # anonymous, and Alice's own cookies replayed after she logged out
            response = await _get(client, alice.invoice_id, cookies)
            assert response.status_code == 303 and response.headers["location"].startswith("/login")
            assert PNG not in response.content

