"""Finding 6: a login ticket is worth one session; the browser-binding cookie only as the server issued it."""

from nicegui.testing import User

from services.accounts.sessions import COOKIE_NAME
from tests.support.app import PASSWORD, app_services
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app


async def test_a_login_ticket_opens_one_session_only(user: User) -> None:
    account = await app_services().accounts.sign_up("ivy@example.com", PASSWORD)
    await user.open("/login")
    ticket = app_services().sessions.mint_login_ticket(
        user_id=account.id, browser_id=user.http_client.cookies["invoice_browser"])
    first = await user.http_client.get("/auth/finish", params={"ticket": ticket}, follow_redirects=False)
    user.http_client.cookies.delete(COOKIE_NAME)
    second = await user.http_client.get("/auth/finish", params={"ticket": ticket}, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/" and COOKIE_NAME in first.cookies
    assert second.status_code == 303 and second.headers["location"] == "/login?expired=1"
    assert COOKIE_NAME not in second.cookies


async def test_a_planted_browser_cookie_is_replaced_and_binds_nothing(user: User) -> None:
    account = await app_services().accounts.sign_up("jay@example.com", PASSWORD)
    user.http_client.cookies.set("invoice_browser", "planted-by-attacker")
    page = await user.http_client.get("/login")
    issued = page.cookies.get("invoice_browser")
    assert issued and issued != "planted-by-attacker"
    ticket = app_services().sessions.mint_login_ticket(user_id=account.id, browser_id="planted-by-attacker")
    user.http_client.cookies.set("invoice_browser", "planted-by-attacker")
    finish = await user.http_client.get("/auth/finish", params={"ticket": ticket}, follow_redirects=False)
    assert finish.headers["location"] == "/login?expired=1" and COOKIE_NAME not in finish.cookies
