import asyncio
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from pymongo import MongoClient

from services.accounts.accounts import ALREADY_REGISTERED, WRONG_CREDENTIALS, Accounts
from services.accounts.login_throttle import LoginThrottle
from services.accounts.sessions import Sessions
from services.counters import CounterStorage
from services.errors import AccountError
from services.live.bus import EventBus
from storage.database import connect, create_indexes, database_of
from tests.support.app import PASSWORD, log_in, sign_up
from tests.support.app_environment import TEST_SECRET


async def test_a_new_user_signs_up_and_lands_on_their_dashboard(user: User) -> None:
    await sign_up(user, "  Alice@Example.COM ")
    await user.should_see("alice@example.com")


async def test_signing_up_twice_with_one_email_is_refused(user: User, create_user) -> None:
    await sign_up(user, "alice@example.com")
    other = create_user()
    await other.open("/signup")
    other.find("Email").type("ALICE@example.com")
    other.find("Password").type("another long password")
    other.find("Sign up").click()
    await other.should_see(ALREADY_REGISTERED, retries=50)


async def test_two_simultaneous_sign_ups_with_one_email_create_one_account(app_environment: str) -> None:
    client = connect(app_environment)
    await create_indexes(database_of(client))
    accounts = Accounts(database_of(client), LoginThrottle(CounterStorage("memory://")))
    results = await asyncio.gather(accounts.sign_up("bob@example.com", PASSWORD),
                                   accounts.sign_up("Bob@Example.com", PASSWORD), return_exceptions=True)
    await client.close()
    refusals = [result for result in results if isinstance(result, AccountError)]
    assert len(refusals) == 1 and str(refusals[0]) == ALREADY_REGISTERED
    with MongoClient(app_environment) as sync_client:
        assert sync_client.get_default_database().users.count_documents({"email": "bob@example.com"}) == 1


async def test_sign_up_refuses_a_bad_email_or_short_password_and_saves_nothing(
        user: User, app_environment: str) -> None:
    await user.open("/signup")
    user.find("Email").type("not-an-email")
    user.find("Password").type(PASSWORD)
    user.find("Sign up").click()
    await user.should_see("Enter a valid email address", retries=20)
    user.find("Email").clear().type("carol@example.com")
    user.find("Password").clear().type("short")
    user.find("Sign up").click()
    await user.should_see("at least 8 characters", retries=20)
    with MongoClient(app_environment) as client:
        assert client.get_default_database().users.count_documents({}) == 0


async def test_a_registered_user_logs_in_and_gets_a_new_session_cookie(user: User, create_user) -> None:
    await sign_up(user, "dave@example.com")
    browser = create_user()
    await browser.open("/login")
    before = dict(browser.http_client.cookies)
    await log_in(browser, "dave@example.com")
    after = dict(browser.http_client.cookies)
    assert "invoice_session" not in before
    assert after["invoice_session"] and after["invoice_session"] != user.http_client.cookies["invoice_session"]
    await browser.should_see("dave@example.com")


async def test_wrong_password_and_unknown_email_get_the_same_message(user: User, create_user) -> None:
    await sign_up(user, "erin@example.com")
    for email, password in [("erin@example.com", "wrong password!"), ("nobody@example.com", PASSWORD)]:
        browser = create_user()
        await browser.open("/login")
        browser.find("Email").type(email)
        browser.find("Password").type(password)
        browser.find("Log in").click()
        await browser.should_see(WRONG_CREDENTIALS, retries=50)
        assert "invoice_session" not in browser.http_client.cookies


async def test_log_out_ends_the_session_in_every_tab_of_the_browser(user: User) -> None:
    await sign_up(user, "frank@example.com")
    second_tab = User(user.http_client)
    await second_tab.open("/")
    await second_tab.should_see("Log out")
    user.find("Log out").click()
    await user.should_see("Log in", retries=50)
    await second_tab.should_see("Log in", retries=50)  # the other tab is sent to the login page too, at once
    response = await user.http_client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_a_login_ticket_only_works_in_the_browser_that_asked_for_it(
        user: User, create_user, app_environment: str) -> None:
    await sign_up(user, "gina@example.com")
    owner, thief = create_user(), create_user()
    await owner.open("/login")
    await thief.open("/login")
    ticket = await _ticket_for("gina@example.com", owner, app_environment)
    stolen = await thief.http_client.get("/auth/finish", params={"ticket": ticket}, follow_redirects=False)
    assert stolen.headers["location"].startswith("/login") and "invoice_session" not in thief.http_client.cookies
    forged = await owner.http_client.get("/auth/finish", params={"ticket": ticket + "x"}, follow_redirects=False)
    assert forged.headers["location"].startswith("/login") and "invoice_session" not in owner.http_client.cookies
    genuine = await owner.http_client.get("/auth/finish", params={"ticket": ticket}, follow_redirects=False)
    assert genuine.headers["location"] == "/" and owner.http_client.cookies["invoice_session"]


async def test_after_login_only_local_redirects_are_followed(user: User, create_user, app_environment: str) -> None:
    await sign_up(user, "hank@example.com")
    for target, expected in [("/?x=1", "/?x=1"), ("https://evil.example/", "/"), ("//evil.example", "/"),
                             ("javascript:alert(1)", "/"), ("/\\evil.example", "/"), ("", "/")]:
        browser = create_user()
        await browser.open("/login")
        ticket = await _ticket_for("hank@example.com", browser, app_environment)
        response = await browser.http_client.get("/auth/finish", params={"ticket": ticket, "redirect_to": target},
                                                  follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == expected, target


async def _ticket_for(email: str, browser: User, database_uri: str) -> str:
    with MongoClient(database_uri) as client:
        user_id = str(client.get_default_database().users.find_one({"email": email})["_id"])
    sessions = Sessions(database_of(connect(database_uri)), EventBus(), secret_key=TEST_SECRET,
                        lifetime=timedelta(days=1))
    return sessions.mint_login_ticket(user_id=user_id, browser_id=browser.http_client.cookies["invoice_browser"])


async def test_anonymous_visitors_are_sent_to_login_everywhere(user: User) -> None:
    client = user.http_client
    for path in ["/", "/invoices/0123456789abcdef01234567/pdf", "/anything/else"]:
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?redirect_to="), path
    assert (await client.post("/invoices/0123456789abcdef01234567/pdf")).status_code == 401
    for path in ["/login", "/signup", "/healthz"]:
        assert (await client.get(path)).status_code == 200, path


async def test_health_reports_the_database(user: User) -> None:
    response = await user.http_client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"database": "up"}


async def test_empty_log_in_fields_are_each_asked_for_beside_the_field_not_called_incorrect(user: User) -> None:
    await user.open("/login")
    user.find("Log in").click()
    await user.should_see("Enter your email.", retries=20)
    await user.should_see("Enter your password.")
    await user.should_not_see(WRONG_CREDENTIALS)


async def test_sign_up_names_every_problem_at_once_and_a_taken_email_links_to_log_in(
        user: User, create_user) -> None:
    await user.open("/signup")
    user.find("Email").type("not-an-email")
    user.find("Password").type("short")
    user.find("Sign up").click()
    await user.should_see("Enter a valid email address", retries=20)
    await user.should_see("at least 8 characters")

    await sign_up(user, "grace@example.com")
    other = create_user()
    await other.open("/signup")
    other.find("Email").type("grace@example.com")
    other.find("Password").type("another long password")
    other.find("Sign up").click()
    await other.should_see(ALREADY_REGISTERED, retries=50)
    [link] = other.find(kind=ui.link, content="Log in instead").elements
    assert link.props["href"] == "/login" and link.visible
