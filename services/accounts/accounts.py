"""Sign-up and password login. Hashing runs on its own bounded pool so the event loop and others never wait."""

import asyncio
import math
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pymongo.errors import DuplicateKeyError

from services.accounts.email_address import email_problem, normalize_email, skeleton
from services.accounts.login_throttle import LoginThrottle
from services.accounts.password_hashing import HashingPool
from services.accounts.password_strength import weakness
from services.accounts.signup_throttle import SignupThrottle
from services.counters import CounterStorage
from services.errors import AccountError, AccountInputRefused, AlreadyRegistered, Problems
from storage import users
from storage.database import Database

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
WRONG_CREDENTIALS = "Email or password is incorrect."
ALREADY_REGISTERED = "This email is already registered."  # the page adds a link to log in
ENTER_EMAIL = "Enter your email."
ENTER_PASSWORD = "Enter your password."  # noqa: S105 (a message, not a password)
LOOKS_LIKE_ANOTHER = ("This address looks the same as an existing account's (it uses look-alike characters). "
                      "Use a different address.")
TOO_MANY_FAILURES = ("Too many failed attempts to log in. For your security, wait {minutes} minute(s) and try again; "
                     "if you forgot your password, contact support.")


@dataclass(frozen=True)
class Account:
    id: str
    email: str


class Accounts:
    def __init__(self, db: Database, throttle: LoginThrottle, hasher: PasswordHasher | None = None, *,
                 hashing: HashingPool | None = None, signups: SignupThrottle | None = None) -> None:
        self._db = db
        self._throttle = throttle
        self._hasher = hasher or PasswordHasher()
        self._hashing = hashing or HashingPool()
        self._signups = signups or SignupThrottle(CounterStorage("memory://"))
        self._dummy_hash = self._hasher.hash("a password nobody has")

    async def sign_up(self, raw_email: str, password: str, *, address: str = "") -> Account:
        """Raises AccountInputRefused for a bad email and a weak password, both at once (nothing counted);
        AccountError for too many sign-ups; AlreadyRegistered for a taken email."""
        email = normalize_email(raw_email)
        problems = Problems()
        problems.add("email", email_problem(email))
        problems.add("password", password_problem(password))
        if "password" not in problems.by_field:
            problems.add("password", await asyncio.to_thread(weakness, password,
                                                             user_inputs=(email, email.split("@")[0])))
        if problems:
            raise AccountInputRefused(problems)
        await self._signups.attempt(address)
        email_skeleton = skeleton(email)
        existing = await users.find_user_by_skeleton(self._db, email_skeleton=email_skeleton)
        if existing is not None:
            if existing.email == email:
                raise AlreadyRegistered(ALREADY_REGISTERED)
            raise AccountError(LOOKS_LIKE_ANOTHER)
        password_hash = await self._hashing.run(self._hasher.hash, password)
        try:
            user_id = await users.insert_user(self._db, email=email, email_skeleton=email_skeleton,
                                              password_hash=password_hash)
        except DuplicateKeyError:
            raise AlreadyRegistered(ALREADY_REGISTERED) from None
        return Account(id=user_id, email=email)

    async def authenticate(self, raw_email: str, password: str, *, address: str = "") -> Account:
        """Unknown email and wrong password fail alike, after the same amount of hashing work.

        The attempt is counted before the password is checked, so parallel attempts cannot pass the limit. Empty
        fields are AccountInputRefused, both at once, and not counted: they try no password.
        """
        email = normalize_email(raw_email)
        problems = Problems()
        problems.add("email", "" if email else ENTER_EMAIL)
        problems.add("password", "" if password else ENTER_PASSWORD)
        if problems:
            raise AccountInputRefused(problems)
        wait_s = await self._throttle.attempt(email, address)
        if wait_s:
            raise AccountError(TOO_MANY_FAILURES.format(minutes=math.ceil(wait_s / 60)))
        if email_problem(email) or not password or len(password) > MAX_PASSWORD_LENGTH:
            await self._throttle.failed(email, address)
            raise AccountError(WRONG_CREDENTIALS)
        user = await users.find_user_by_email(self._db, email=email)
        stored_hash = user.password_hash if user else self._dummy_hash
        if not await self._hashing.run(self._verify, stored_hash, password) or user is None:
            await self._throttle.failed(email, address)
            raise AccountError(WRONG_CREDENTIALS)
        await self._throttle.succeeded(email, address)
        if self._hasher.check_needs_rehash(user.password_hash):
            new_hash = await self._hashing.run(self._hasher.hash, password)
            await users.update_password_hash(self._db, user_id=user.id, password_hash=new_hash)
        return Account(id=user.id, email=user.email)

    def close(self) -> None:
        self._hashing.close()

    def _verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def password_problem(password: str) -> str | None:
    if not password:
        return f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use a password of at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use a password of at most {MAX_PASSWORD_LENGTH} characters."
    return None
