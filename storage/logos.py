"""Sellers' logos in GridFS (bucket `logos`), already re-encoded, tagged with their owner; never reachable by id alone.

A logo stays stored while an issued invoice names it (its PDF may be rendered again), so a replaced or removed
logo is deleted only when no invoice of the owner refers to it.
"""

import hashlib

from gridfs import AsyncGridFSBucket

from storage.database import Database
from storage.owned_files import delete_owned, read_owned

BUCKET = "logos"


async def store_logo(db: Database, *, owner_id: str, png: bytes) -> str:
    bucket = AsyncGridFSBucket(db, bucket_name=BUCKET)
    metadata = {"owner_id": owner_id, "sha256": hashlib.sha256(png).hexdigest()}
    return str(await bucket.upload_from_stream("logo.png", png, metadata=metadata))


async def read_logo(db: Database, *, owner_id: str, logo_id: str) -> bytes | None:
    """The owner's logo; None for another owner's, a deleted or a malformed id alike."""
    return await read_owned(db, BUCKET, owner_id=owner_id, file_id=logo_id)


async def delete_unless_on_an_invoice(db: Database, *, owner_id: str, logo_id: str) -> None:
    if not await db.invoices.find_one({"owner_id": owner_id, "logo_id": logo_id}, {"_id": 1}):
        await delete_owned(db, BUCKET, owner_id=owner_id, file_id=logo_id)
