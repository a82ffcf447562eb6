"""Every HTTP attacker against Alice's invoice PDF gets nothing, and her invoice stays exactly as it was.

Attackers: an anonymous client, Bob signed in, Alice's own cookies replayed after she logged out, and the
cookies her browser held before she logged in. Targets: her real PDF URL and every id an attacker could
guess or forge. Methods: GET, HEAD, POST, DELETE.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

import httpx
import pytest
from bson import ObjectId
from nicegui import app
from nicegui.testing import User

from services.accounts.sessions import COOKIE_NAME
from tests.security.attack_helpers import (
    SECURITY_HEADERS,
    cookie_header,
    http_client,
    new_browser,
    ready_invoice,
    sha256,
    signed_in,
    stored_invoice,
)
from tests.support.app import app_services, log_in, sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app
ALICE = "alice@example.com"
METHODS = ("GET", "HEAD", "POST", "DELETE")
ATTACKERS = ("anonymous", "bob", "alice_cookie_after_logout", "alice_cookie_before_login")
NOT_FOUND_TEXT = "No such invoice PDF."


@dataclass(frozen=True)
class AliceInvoice:
    browser: User
    cookies_before_login: str
    invoice_id: str
    file_id: str
    pdf_sha256: str


@dataclass(frozen=True)
class Target:
    label: str
    path: str
    reaches_the_download_route: bool = True  # False: the id breaks the path, no route matches at all
    slash_redirect: bool = False  # Starlette sends ".../pdf/" to ".../pdf" (307) before any route runs
    skips_the_guard: bool = False  # under /_nicegui/, which the guard lets through: no route may match it


@pytest.fixture
async def alice(user: User) -> AliceInvoice:
    await user.open("/signup")
    before_login = cookie_header(user)  # what her browser held before she logged in, copied by an attacker
    await sign_up(user, ALICE)
    invoice = await ready_invoice(user, "Globex Corporation")
    assert invoice.pdf is not None
    download = await user.http_client.get(f"/invoices/{invoice.id}/pdf")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    return AliceInvoice(browser=user, cookies_before_login=before_login, invoice_id=invoice.id,
                        file_id=invoice.pdf.file_id, pdf_sha256=sha256(download.content))


@pytest.mark.parametrize("attacker", ATTACKERS)
async def test_no_attacker_gets_alice_s_pdf_by_any_id_or_method_and_her_invoice_is_unchanged(
        alice: AliceInvoice, attacker: str) -> None:
    before = await stored_invoice(alice.invoice_id)
    cookies = await _attacker_cookies(attacker, alice)
    targets = _targets(alice)
    failures: list[str] = []
    async with http_client() as client:
        responses = {(target.label, method): await _attempt(client, method, target.path, cookies)
                     for target in targets for method in METHODS}
    for target in targets:
        for method in METHODS:
            response = responses[(target.label, method)]
            failures += [f"{method} {target.label}: {problem}"
                         for problem in _problems(attacker, method, target, response)]
    if attacker == "bob":
        failures += _existence_oracles(responses)
    assert not failures, "\n".join(failures)
    assert await stored_invoice(alice.invoice_id) == before
    await _alice_still_downloads_her_pdf(alice, logged_out=attacker == "alice_cookie_after_logout")


async def _attacker_cookies(attacker: str, alice: AliceInvoice) -> str | None:
    if attacker == "anonymous":
        return None
    if attacker == "alice_cookie_before_login":
        assert COOKIE_NAME not in alice.cookies_before_login
        return alice.cookies_before_login
    if attacker == "alice_cookie_after_logout":
        captured = cookie_header(alice.browser)
        alice.browser.find("Log out").click()
        await alice.browser.should_see("Log in", retries=50)
        return captured
    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    return cookie_header(bob)


def _targets(alice: AliceInvoice) -> list[Target]:
    real = alice.invoice_id
    one_digit_changed = real[:-1] + ("0" if real[-1] != "0" else "1")
    ids = {
        "alice's real invoice id": real,
        "a random ObjectId": str(ObjectId()),
        "another random ObjectId": str(ObjectId()),
        "alice's id with one hex digit changed": one_digit_changed,
        "alice's id in upper case": real.upper(),
        "the GridFS file id of her PDF": alice.file_id,
        "a NUL byte": "\x00",
        "the text %00": "%00",
        "a SQL injection": "' or 1=1 --",
        "a Mongo operator": '{"$ne": null}',
        "a Mongo regex": '{"$regex": ".*"}',
        "2000 hex digits": "f" * 2000,
        "2000 letters": "é" * 2000,
        "an empty-looking id": " ",
    }
    targets = [Target(label, f"/invoices/{quote(value, safe='')}/pdf") for label, value in ids.items()]
    return [
        *targets,
        Target("an encoded path traversal", "/invoices/..%2F..%2Fetc%2Fpasswd/pdf", reaches_the_download_route=False),
        Target("a raw path traversal", "/invoices/../../etc/passwd", reaches_the_download_route=False),
        Target("her id with a trailing slash", f"/invoices/{real}/pdf/", slash_redirect=True),
        Target("her id with a query", f"/invoices/{real}/pdf?owner_id=anything"),
        Target("a dot-dot behind the public /_nicegui/ prefix", f"/_nicegui/%2E%2E/invoices/{real}/pdf",
               reaches_the_download_route=False, skips_the_guard=True),
        Target("encoded slashes behind the public /_nicegui/ prefix", f"/_nicegui/..%2Finvoices%2F{real}%2Fpdf",
               reaches_the_download_route=False, skips_the_guard=True),
    ]


async def _attempt(client: httpx.AsyncClient, method: str, path: str, cookies: str | None) -> httpx.Response:
    client.cookies.clear()  # a dead cookie is deleted by the first answer: keep sending it, like an attacker would
    headers = {"Cookie": cookies} if cookies else {}
    return await client.request(method, path, headers=headers, follow_redirects=False)


def _problems(attacker: str, method: str, target: Target, response: httpx.Response) -> list[str]:
    problems = []
    if response.status_code >= 500:
        problems.append(f"server error {response.status_code}")
    if b"%PDF" in response.content or "pdf" in response.headers.get("content-type", ""):
        problems.append("PDF bytes in the answer")
    problems += [f"missing {name}" for name in SECURITY_HEADERS if name not in response.headers]
    expected = _expected_status(attacker, method, target)
    if response.status_code not in expected:
        problems.append(f"status {response.status_code}, expected one of {sorted(expected)}")
    location = response.headers.get("location", "")
    if response.status_code == 303 and not location.startswith("/login"):
        problems.append(f"redirected to {location}")
    if response.status_code == 307 and location != f"http://test{target.path.rstrip('/')}":
        problems.append(f"redirected to {location}")
    if attacker == "bob" and method == "GET" and target.reaches_the_download_route \
            and not target.slash_redirect and response.text != NOT_FOUND_TEXT:
        problems.append(f"unexpected body {response.text[:80]!r}")
    return problems


def _expected_status(attacker: str, method: str, target: Target) -> set[int]:
    if target.skips_the_guard:
        return {404}
    if attacker != "bob":  # nobody signed in: the guard answers before any route is looked at
        return {303} if method in ("GET", "HEAD") else {401}
    if target.slash_redirect:  # to the URL without the slash, for every id alike: Bob then gets the 404
        return {307}
    if method == "GET":
        return {404}
    # The download route takes GET only: other methods get 405 for every id alike (nothing about the
    # invoice), and an id that breaks the path matches no route at all (404).
    return {404, 405}


def _existence_oracles(responses: dict[tuple[str, str], httpx.Response]) -> list[str]:
    """Bob must not tell Alice's real id from a random one by status, body or headers."""
    differences = []
    for method in METHODS:
        real, random = responses[("alice's real invoice id", method)], responses[("a random ObjectId", method)]
        if (real.status_code, real.content, _comparable(real.headers)) != \
                (random.status_code, random.content, _comparable(random.headers)):
            differences.append(f"{method}: alice's real id answers differently from a random id")
    return differences


def _comparable(headers: httpx.Headers) -> dict[str, str]:
    """Without what differs on every response anyway: cookies, the date, the page's script nonce."""
    return {name: re.sub(r"'nonce-[\w-]+'", "'nonce-*'", value) for name, value in headers.items()
            if name not in ("set-cookie", "date")}


async def _alice_still_downloads_her_pdf(alice: AliceInvoice, *, logged_out: bool) -> None:
    browser = alice.browser
    if logged_out:
        browser = new_browser()
        await log_in(browser, ALICE)
    response = await browser.http_client.get(f"/invoices/{alice.invoice_id}/pdf")
    assert response.status_code == 200 and sha256(response.content) == alice.pdf_sha256
    record = await app_services().invoices.downloadable_pdf(owner_id=(await signed_in(browser)).user_id,
                                                            invoice_id=alice.invoice_id)
    assert record is not None and record.filename == "invoice-INV-0001.pdf"


async def test_every_answer_carries_the_security_headers(alice: AliceInvoice) -> None:
    requests = [("GET", "/"), ("GET", "/clients"), ("GET", "/login"), ("GET", "/signup"), ("GET", "/healthz"),
                ("GET", "/favicon.ico"),
                ("GET", "/auth/finish?ticket=forged"), ("GET", "/no/such/page"), ("POST", "/"),
                ("GET", f"/invoices/{alice.invoice_id}/pdf"), ("GET", f"/invoices/{ObjectId()}/pdf"),
                ("GET", f"/_nicegui/{_nicegui_version()}/static/nicegui.js"), ("GET", "/_nicegui/nothing-here")]
    for cookies in (None, cookie_header(alice.browser)):
        async with http_client() as client:
            for method, path in requests:
                response = await _attempt(client, method, path, cookies)
                assert response.status_code < 500, (method, path)
                assert "frame-ancestors 'none'" in response.headers["content-security-policy"], (method, path)
                assert response.headers["x-content-type-options"] == "nosniff", (method, path)
                assert response.headers["x-frame-options"] in ("DENY", "SAMEORIGIN"), (method, path)
                assert response.headers["referrer-policy"] in _SAFE_REFERRER_POLICIES, (method, path)


_SAFE_REFERRER_POLICIES = ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin")


async def test_the_session_cookie_is_http_only_and_same_site_lax(alice: AliceInvoice) -> None:
    browser = new_browser()
    await browser.open("/login")
    ticket = app_services().sessions.mint_login_ticket(
        user_id=(await signed_in(alice.browser)).user_id,
        browser_id=browser.http_client.cookies["invoice_browser"])
    response = await browser.http_client.get("/auth/finish", params={"ticket": ticket}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookies = {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}
    session_cookie = cookies[COOKIE_NAME]
    assert re.search(r";\s*HttpOnly", session_cookie, re.IGNORECASE), session_cookie
    assert re.search(r";\s*SameSite=lax", session_cookie, re.IGNORECASE), session_cookie
    assert re.search(r";\s*Path=/(;|$)", session_cookie), session_cookie
    fresh = await http_client().get("/login")
    browser_cookie = fresh.headers["set-cookie"]
    assert re.search(r";\s*HttpOnly", browser_cookie, re.IGNORECASE), browser_cookie
    assert re.search(r";\s*SameSite=lax", browser_cookie, re.IGNORECASE), browser_cookie


async def test_no_route_under_nicegui_serves_a_pdf_even_to_its_owner(alice: AliceInvoice) -> None:
    guesses = [alice.invoice_id, alice.file_id, "invoice-INV-0001.pdf", f"{alice.file_id}/invoice-INV-0001.pdf",
               "..%2F..%2F..%2Fetc%2Fpasswd", "%00"]
    paths = [_filled(route_path, guess) for route_path in _nicegui_route_paths() for guess in guesses]
    paths += [f"/_nicegui/auto/{kind}/{guess}/invoice-INV-0001.pdf" for kind in ("static", "media", "download")
              for guess in (alice.invoice_id, alice.file_id)]
    assert paths
    for cookies in (cookie_header(alice.browser), None):
        async with http_client() as client:
            for path in paths:
                response = await _attempt(client, "GET", path, cookies)
                assert response.status_code < 500, path
                assert b"%PDF" not in response.content, path
                assert "pdf" not in response.headers.get("content-type", ""), path
    assert not [path for path in _nicegui_route_paths() if "/auto/" in path]  # no ui.download capability URL


def _nicegui_route_paths() -> list[str]:
    return [route.path for route in app.routes
            if getattr(route, "path", "").startswith("/_nicegui/")]  # type: ignore[attr-defined]


def _filled(route_path: str, value: str) -> str:
    if "{" not in route_path:
        return f"{route_path}/{value}"  # a mounted folder: the value is a file name inside it
    return re.sub(r"\{[^}]+\}", value, route_path)


def _nicegui_version() -> str:
    return next(path.split("/")[2] for path in _nicegui_route_paths() if path.endswith("/static"))
