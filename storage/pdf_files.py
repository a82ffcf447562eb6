"""Generated PDFs in GridFS (bucket `pdfs`), tagged with their owner; never reachable by id alone.

A PDF's thumbnail (its first page as a PNG of a few tens of kB) is one document of `pdf_thumbnails` under the
PDF's own file id and owner: written before the PDF's file document makes the PDF visible, and deleted by every
function here that deletes a PDF. (Not in the file's GridFS metadata: the embedded nx-27017 keeps that as JSON,
which has no bytes; and not a GridFS bucket of its own: two writes and three deletes for what fits one document.)
"""

import contextlib
import hashlib
from datetime import UTC, datetime

from bson import Binary, ObjectId
from pymongo.errors import DuplicateKeyError

from services.invoices.model import StoredPdf
from storage.database import Database
from storage.documents import parse_object_id
from storage.owned_files import delete_owned, owned_file_id, read_owned

BUCKET = "pdfs"
CHUNK_BYTES = 255 * 1024  # GridFS's default chunk size
THUMBNAILS = "pdf_thumbnails"


def new_file_id() -> str:
    return str(ObjectId())


async def store_pdf(db: Database, *, owner_id: str, invoice_id: str, filename: str, data: bytes,
                    file_id: str | None = None, thumbnail_png: bytes | None = None) -> StoredPdf:
    """Stores the PDF under file_id (announced by the job's claim, see storage.jobs.claim_next).

    Written as GridFS lays a file out (its chunks, then the file document that makes it visible), one insert per
    chunk: pymongo's upload first checks the bucket's indexes on every upload, four more round trips on the
    embedded server (whose chunks collection always looks empty to that check). The indexes are made once at
    start (storage.database.create_indexes).
    """
    digest = hashlib.sha256(data).hexdigest()
    object_id = ObjectId(file_id) if file_id else ObjectId()
    if thumbnail_png:
        with contextlib.suppress(DuplicateKeyError):  # written already by this store, retried after a lost answer
            await db[THUMBNAILS].insert_one({"_id": object_id, "owner_id": owner_id, "png": Binary(thumbnail_png)})
    for number, start in enumerate(range(0, len(data), CHUNK_BYTES)):
        await db[f"{BUCKET}.chunks"].insert_one(
            {"files_id": object_id, "n": number, "data": Binary(data[start:start + CHUNK_BYTES])})
    await db[f"{BUCKET}.files"].insert_one({
        "_id": object_id, "length": len(data), "chunkSize": CHUNK_BYTES, "uploadDate": datetime.now(UTC),
        "filename": filename, "metadata": {"owner_id": owner_id, "invoice_id": invoice_id, "sha256": digest}})
    return StoredPdf(file_id=str(object_id), size=len(data), sha256=digest, thumbnail=bool(thumbnail_png))


async def discard_leftover(db: Database, *, owner_id: str, file_id: str) -> None:
    """Deletes what an interrupted attempt may have left under an id its own job announced: a whole file of the
    owner's, or chunks whose file entry was never written; nothing at all when that attempt wrote nothing. (The
    embedded server refuses to delete a file entry that does not exist, so it is looked up first.)"""
    object_id = parse_object_id(file_id)
    if object_id is None:
        return
    if await db[f"{BUCKET}.files"].find_one({"_id": object_id}, {"_id": 1}) is not None:
        if await owned_file_id(db, BUCKET, owner_id=owner_id, file_id=file_id) is None:
            return  # not a file this owner's job wrote
        await db[f"{BUCKET}.files"].delete_one({"_id": object_id, "metadata.owner_id": owner_id})
    await db[THUMBNAILS].delete_one({"_id": object_id, "owner_id": owner_id})
    await db[f"{BUCKET}.chunks"].delete_many({"files_id": object_id})


async def read_pdf(db: Database, *, owner_id: str, file_id: str) -> bytes | None:
    """The owner's PDF: the one way in to any stored PDF; None for another owner's, a deleted or malformed id."""
    return await read_owned(db, BUCKET, owner_id=owner_id, file_id=file_id)


async def read_thumbnail(db: Database, *, owner_id: str, file_id: str) -> bytes | None:
    """The owner's PDF's thumbnail; None for another owner's PDF, a deleted or malformed id, or a PDF without one."""
    object_id = parse_object_id(file_id)
    if object_id is None:
        return None
    found = await db[THUMBNAILS].find_one({"_id": object_id, "owner_id": owner_id}, {"png": 1})
    return bytes(found["png"]) if found else None


async def delete_pdf(db: Database, *, owner_id: str, file_id: str) -> None:
    await delete_owned(db, BUCKET, owner_id=owner_id, file_id=file_id)
    if (object_id := parse_object_id(file_id)) is not None:
        await db[THUMBNAILS].delete_one({"_id": object_id, "owner_id": owner_id})
