"""Sellers' logos in GridFS (bucket `logos`), already re-encoded, tagged with their owner; never reachable by id alone.

A logo stays stored while an issued invoice names it (its PDF may be rendered again), so a replaced or removed
logo is deleted only when no invoice of the owner refers to it.
"""

import contextlib
import hashlib

from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile

from storage.database import Database
from storage.documents import parse_object_id

BUCKET = "logos"


async def store_logo(db: Database, *, owner_id: str, png: bytes) -> str:
    bucket = AsyncGridFSBucket(db, bucket_name=BUCKET)
    metadata = {"owner_id": owner_id, "sha256": hashlib.sha256(png).hexdigest()}
    return str(await bucket.upload_from_stream("logo.png", png, metadata=metadata))


async def read_logo(db: Database, *, owner_id: str, logo_id: str) -> bytes | None:
    """The owner's logo; None for another owner's, a deleted or a malformed id alike."""
    object_id = parse_object_id(logo_id)
    if object_id is None:
        return None
    if await db[f"{BUCKET}.files"].find_one({"_id": object_id, "metadata.owner_id": owner_id}, {"_id": 1}) is None:
        return None
    try:
        stream = await AsyncGridFSBucket(db, bucket_name=BUCKET).open_download_stream(object_id)
        return bytes(await stream.read())
    except NoFile:
        return None


async def delete_unless_on_an_invoice(db: Database, *, owner_id: str, logo_id: str) -> None:
    object_id = parse_object_id(logo_id)
    if object_id is None or await db.invoices.find_one({"owner_id": owner_id, "logo_id": logo_id}, {"_id": 1}):
        return
    if await db[f"{BUCKET}.files"].find_one({"_id": object_id, "metadata.owner_id": owner_id}, {"_id": 1}) is None:
        return
    with contextlib.suppress(NoFile):
        await AsyncGridFSBucket(db, bucket_name=BUCKET).delete(object_id)
