import httpx
import pytest
from nicegui import core
from nicegui.testing import User

from tests.support.app import PASSWORD, app_services, sign_up


async def test_an_oversized_request_is_refused_before_it_reaches_any_route(user: User) -> None:
    await sign_up(user, "alice@example.com")
    response = await user.http_client.post("/invoices/0123456789abcdef01234567/pdf", content=b"x" * 100_000)
    assert response.status_code == 413 and response.json() == {"detail": "The request is too large."}


async def test_cookies_are_http_only_and_same_site_lax(user: User) -> None:
    response = await user.http_client.get("/login")
    browser_cookie = response.headers["set-cookie"]
    assert "HttpOnly" in browser_cookie and "SameSite=lax" in browser_cookie and "Secure" not in browser_cookie


@pytest.mark.https("true")
async def test_behind_https_every_cookie_is_secure(user: User) -> None:
    services = app_services()
    account = await services.accounts.sign_up("bob@example.com", PASSWORD)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="https://test") as browser:
        login_page = await browser.get("/login")
        assert "Secure" in login_page.headers["set-cookie"]
        ticket = services.sessions.mint_login_ticket(user_id=account.id,
                                                     browser_id=browser.cookies["invoice_browser"])
        finish = await browser.get("/auth/finish", params={"ticket": ticket}, follow_redirects=False)
    session_cookie = finish.headers["set-cookie"]
    assert session_cookie.startswith("invoice_session=")
    assert all(flag in session_cookie for flag in ("HttpOnly", "Secure", "SameSite=lax"))
