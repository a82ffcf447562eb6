from argon2 import PasswordHasher
from pymongo import MongoClient

from services.accounts.accounts import Accounts
from services.accounts.login_throttle import LoginThrottle
from services.counters import CounterStorage
from storage.database import connect, create_indexes, database_of
from tests.support.app import PASSWORD


async def test_passwords_are_stored_as_argon2id_and_upgraded_at_login_when_parameters_change(
        app_environment: str) -> None:
    client = connect(app_environment)
    db = database_of(client)
    await create_indexes(db)
    cheap_hasher = PasswordHasher(time_cost=1, memory_cost=8192)
    throttle = LoginThrottle(CounterStorage("memory://"))
    await Accounts(db, throttle, cheap_hasher).sign_up("judy@example.com", PASSWORD)
    stored_before = _stored_hash(app_environment)
    assert stored_before.startswith("$argon2id$") and "m=8192,t=1" in stored_before
    assert PASSWORD not in stored_before

    await Accounts(db, LoginThrottle(CounterStorage("memory://"))).authenticate("judy@example.com", PASSWORD)
    stored_after = _stored_hash(app_environment)
    assert stored_after.startswith("$argon2id$") and stored_after != stored_before
    assert not PasswordHasher().check_needs_rehash(stored_after)
    accounts = Accounts(db, LoginThrottle(CounterStorage("memory://")))
    await accounts.authenticate("judy@example.com", PASSWORD)  # the upgraded hash still verifies
    await client.close()


def _stored_hash(database_uri: str) -> str:
    with MongoClient(database_uri) as client:
        return str(client.get_default_database().users.find_one({"email": "judy@example.com"})["password_hash"])
