import asyncio
import time
from collections.abc import Awaitable

from argon2 import PasswordHasher
from limits import RateLimitItemPerSecond
from nicegui.testing import User

from services.accounts.accounts import TOO_MANY_FAILURES, WRONG_CREDENTIALS, Accounts
from services.accounts.login_throttle import LoginThrottle
from services.counters import CounterStorage
from services.errors import AccountError
from storage.database import connect, create_indexes, database_of
from tests.support.app import PASSWORD, log_in, sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app
TOO_MANY = TOO_MANY_FAILURES.split("{")[0]


async def test_repeated_failed_logins_are_refused_even_with_the_right_password_then_allowed_again(
        app_environment: str) -> None:
    client = connect(app_environment)
    db = database_of(client)
    await create_indexes(db)
    throttle = LoginThrottle(CounterStorage("memory://"), per_account_and_address=RateLimitItemPerSecond(3, 6),
                             per_address=RateLimitItemPerSecond(100, 2), slowdown_s=0.1)
    accounts = Accounts(db, throttle)
    await accounts.sign_up("kim@example.com", PASSWORD)
    messages = []
    for _ in range(3):
        messages.append(await _failure(accounts.authenticate("kim@example.com", "guess-guess", address="10.0.0.9")))
    assert messages == [WRONG_CREDENTIALS] * 3
    refusal = await _failure(accounts.authenticate("kim@example.com", PASSWORD, address="10.0.0.9"))
    assert refusal.startswith(TOO_MANY)
    assert (await accounts.authenticate("kim@example.com", PASSWORD, address="10.0.0.7")).email == "kim@example.com"
    await asyncio.sleep(6.2)  # the window moves on: the real user is not locked out for good
    assert (await accounts.authenticate("kim@example.com", PASSWORD, address="10.0.0.9")).email == "kim@example.com"
    await client.close()


async def test_failed_logins_are_slowed_down(app_environment: str) -> None:
    client = connect(app_environment)
    cheap_hashing = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # the slowdown is what is timed here
    accounts = Accounts(database_of(client), LoginThrottle(CounterStorage("memory://"), slowdown_s=0.2), cheap_hashing)
    durations = []
    for _ in range(3):
        started = time.monotonic()
        await _failure(accounts.authenticate("nobody@example.com", "wrong password", address="10.0.0.1"))
        durations.append(time.monotonic() - started)
    assert durations[2] >= 0.6 > durations[0] - 0.2  # each answer waits longer than the one before
    await client.close()


async def test_the_login_page_refuses_a_sixth_failed_attempt_with_a_clear_message(user: User, create_user) -> None:
    await sign_up(user, "lee@example.com")
    attacker = create_user()
    await attacker.open("/login")
    for attempt in range(5):
        attacker.find("Email").clear().type("lee@example.com")
        attacker.find("Password").clear().type(f"wrong guess {attempt}")
        attacker.find("Log in").click()
        await attacker.should_see(WRONG_CREDENTIALS, retries=60)
        await attacker.open("/login")
    attacker.find("Email").type("lee@example.com")
    attacker.find("Password").type(PASSWORD)
    attacker.find("Log in").click()
    await attacker.should_see(TOO_MANY, retries=60)
    assert "invoice_session" not in attacker.http_client.cookies
    other = create_user()
    await sign_up(other, "max@example.com")  # other accounts are not affected
    await log_in(create_user(), "max@example.com")


async def _failure(attempt: Awaitable[object]) -> str:
    try:
        await attempt
    except AccountError as error:
        return str(error)
    raise AssertionError("the login was accepted")
