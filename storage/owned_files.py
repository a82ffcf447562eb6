"""GridFS files tagged with their owner (`metadata.owner_id`): reached only through the owner, never by id alone."""

import contextlib

from bson import ObjectId
from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile

from storage.database import Database
from storage.documents import parse_object_id


async def owned_file_id(db: Database, bucket: str, *, owner_id: str, file_id: str) -> ObjectId | None:
    """The file's id if it exists and belongs to the owner; None for another owner's, a deleted or malformed id."""
    object_id = parse_object_id(file_id)
    if object_id is None:
        return None
    owned = await db[f"{bucket}.files"].find_one({"_id": object_id, "metadata.owner_id": owner_id}, {"_id": 1})
    return object_id if owned is not None else None


async def read_owned(db: Database, bucket: str, *, owner_id: str, file_id: str) -> bytes | None:
    object_id = await owned_file_id(db, bucket, owner_id=owner_id, file_id=file_id)
    if object_id is None:
        return None
    try:
        stream = await AsyncGridFSBucket(db, bucket_name=bucket).open_download_stream(object_id)
        return bytes(await stream.read())
    except NoFile:
        return None


async def delete_owned(db: Database, bucket: str, *, owner_id: str, file_id: str) -> None:
    object_id = await owned_file_id(db, bucket, owner_id=owner_id, file_id=file_id)
    if object_id is None:
        return
    with contextlib.suppress(NoFile):
        await AsyncGridFSBucket(db, bucket_name=bucket).delete(object_id)
