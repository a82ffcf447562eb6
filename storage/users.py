"""Accounts in the `users` collection."""

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.database import Database
from storage.documents import Document, parse_object_id


@dataclass(frozen=True)
class UserRecord:
    id: str
    email: str
    password_hash: str


async def insert_user(db: Database, *, email: str, email_skeleton: str, password_hash: str) -> str:
    """Raises pymongo.errors.DuplicateKeyError when the email, or one that looks the same, is taken."""
    result = await db.users.insert_one(
        {
            "email": email,
            "email_skeleton": email_skeleton,
            "password_hash": password_hash,
            "seller": {"name": "", "address": ""},
            "created_at": datetime.now(UTC),
        }
    )
    return str(result.inserted_id)


async def find_user_by_email(db: Database, *, email: str) -> UserRecord | None:
    return _record(await db.users.find_one({"email": email}))


async def find_user_by_skeleton(db: Database, *, email_skeleton: str) -> UserRecord | None:
    """An account whose address looks the same; accounts made before skeletons existed are plain ASCII or not."""
    found = await db.users.find_one({"email_skeleton": email_skeleton})
    return _record(found or await db.users.find_one({"email": email_skeleton}))


async def find_user(db: Database, *, user_id: str) -> UserRecord | None:
    object_id = parse_object_id(user_id)
    return _record(await db.users.find_one({"_id": object_id})) if object_id else None


async def update_password_hash(db: Database, *, user_id: str, password_hash: str) -> None:
    await db.users.update_one({"_id": parse_object_id(user_id)}, {"$set": {"password_hash": password_hash}})


def _record(document: Document | None) -> UserRecord | None:
    if document is None:
        return None
    return UserRecord(
        id=str(document["_id"]),
        email=document["email"],
        password_hash=document["password_hash"],
    )
