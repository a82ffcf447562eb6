"""Generated PDFs in GridFS (bucket `pdfs`), tagged with their owner; never reachable by id alone."""

import contextlib
import hashlib

from bson import ObjectId
from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile

from services.invoices.model import StoredPdf
from storage.database import Database
from storage.documents import parse_object_id

BUCKET = "pdfs"


async def store_pdf(db: Database, *, owner_id: str, invoice_id: str, filename: str, data: bytes) -> StoredPdf:
    digest = hashlib.sha256(data).hexdigest()
    bucket = AsyncGridFSBucket(db, bucket_name=BUCKET)
    file_id = await bucket.upload_from_stream(
        filename, data, metadata={"owner_id": owner_id, "invoice_id": invoice_id, "sha256": digest}
    )
    return StoredPdf(file_id=str(file_id), size=len(data), sha256=digest)


async def read_pdf(db: Database, *, owner_id: str, file_id: str) -> bytes | None:
    object_id = await _owned_file(db, owner_id, file_id)
    if object_id is None:
        return None
    try:
        stream = await AsyncGridFSBucket(db, bucket_name=BUCKET).open_download_stream(object_id)
        return bytes(await stream.read())
    except NoFile:
        return None


async def delete_pdf(db: Database, *, owner_id: str, file_id: str) -> None:
    object_id = await _owned_file(db, owner_id, file_id)
    if object_id is None:
        return
    with contextlib.suppress(NoFile):
        await AsyncGridFSBucket(db, bucket_name=BUCKET).delete(object_id)


async def _owned_file(db: Database, owner_id: str, file_id: str) -> ObjectId | None:
    """The file's id if it exists and belongs to the owner: the one way in to any stored PDF."""
    object_id = parse_object_id(file_id)
    if object_id is None:
        return None
    owned = await db[f"{BUCKET}.files"].find_one({"_id": object_id, "metadata.owner_id": owner_id}, {"_id": 1})
    return object_id if owned is not None else None
