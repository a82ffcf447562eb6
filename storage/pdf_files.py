"""Generated PDFs, tagged with their owner; never reachable by id alone.

A PDF and its thumbnail (its first page as a PNG of a few tens of kB) are one document of `pdf_documents`,
{_id: the file id, owner_id, invoice_id, filename, length, sha256, uploaded, pdf, png?}: one insert, so no reader
ever meets half a PDF, and one read to download it (GridFS took three writes and three reads for what fits one
document; the embedded server's CPU for them was a tenth of the render's, bench throughput).

A PDF larger than INLINE_LIMIT_BYTES with its thumbnail goes to GridFS (bucket `pdfs`), its thumbnail to one
document of `pdf_thumbnails` under the PDF's own file id and owner, written before the file document makes the PDF
visible; PDFs stored before pdf_documents existed are laid out so too. Every function here reads and deletes both.
(The thumbnail is not in the file's GridFS metadata: the embedded nx-27017 keeps that as JSON, which has no bytes.)
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

DOCUMENTS = "pdf_documents"
INLINE_LIMIT_BYTES = 8 * 1024 * 1024  # a MongoDB document holds at most 16 MiB
BUCKET = "pdfs"
CHUNK_BYTES = 255 * 1024  # GridFS's default chunk size
THUMBNAILS = "pdf_thumbnails"


def new_file_id() -> str:
    return str(ObjectId())


async def store_pdf(db: Database, *, owner_id: str, invoice_id: str, filename: str, data: bytes,
                    file_id: str | None = None, thumbnail_png: bytes | None = None) -> StoredPdf:
    """Stores the PDF under file_id (announced by the job's claim, see storage.jobs.claim_next). A store retried
    after a lost answer finds its own document written and completes."""
    digest = hashlib.sha256(data).hexdigest()
    object_id = ObjectId(file_id) if file_id else ObjectId()
    if len(data) + len(thumbnail_png or b"") > INLINE_LIMIT_BYTES:
        await _store_in_gridfs(db, object_id, owner_id=owner_id, invoice_id=invoice_id, filename=filename, data=data,
                               digest=digest, thumbnail_png=thumbnail_png)
    else:
        document = {"_id": object_id, "owner_id": owner_id, "invoice_id": invoice_id, "filename": filename,
                    "length": len(data), "sha256": digest, "uploaded": datetime.now(UTC), "pdf": Binary(data)}
        if thumbnail_png:
            document["png"] = Binary(thumbnail_png)
        with contextlib.suppress(DuplicateKeyError):
            await db[DOCUMENTS].insert_one(document)
    return StoredPdf(file_id=str(object_id), size=len(data), sha256=digest, thumbnail=bool(thumbnail_png))


async def _store_in_gridfs(db: Database, object_id: ObjectId, *, owner_id: str, invoice_id: str, filename: str,
                           data: bytes, digest: str, thumbnail_png: bytes | None) -> None:
    """Written as GridFS lays a file out (its chunks, then the file document that makes it visible), one insert per
    chunk: pymongo's upload first checks the bucket's indexes on every upload, four more round trips on the
    embedded server (whose chunks collection always looks empty to that check). The indexes are made once at
    start (storage.database.create_indexes)."""
    if thumbnail_png:
        with contextlib.suppress(DuplicateKeyError):  # written already by this store, retried after a lost answer
            await db[THUMBNAILS].insert_one({"_id": object_id, "owner_id": owner_id, "png": Binary(thumbnail_png)})
    for number, start in enumerate(range(0, len(data), CHUNK_BYTES)):
        await db[f"{BUCKET}.chunks"].insert_one(
            {"files_id": object_id, "n": number, "data": Binary(data[start:start + CHUNK_BYTES])})
    await db[f"{BUCKET}.files"].insert_one({
        "_id": object_id, "length": len(data), "chunkSize": CHUNK_BYTES, "uploadDate": datetime.now(UTC),
        "filename": filename, "metadata": {"owner_id": owner_id, "invoice_id": invoice_id, "sha256": digest}})


async def discard_leftover(db: Database, *, owner_id: str, file_id: str) -> None:
    """Deletes what an interrupted attempt may have left under an id its own job announced: a whole file of the
    owner's, or chunks whose file entry was never written; nothing at all when that attempt wrote nothing. (The
    embedded server refuses to delete a file entry that does not exist, so it is looked up first.)"""
    object_id = parse_object_id(file_id)
    if object_id is None or await _delete_document(db, object_id, owner_id=owner_id):
        return
    if await db[f"{BUCKET}.files"].find_one({"_id": object_id}, {"_id": 1}) is not None:
        if await owned_file_id(db, BUCKET, owner_id=owner_id, file_id=file_id) is None:
            return  # not a file this owner's job wrote
        await db[f"{BUCKET}.files"].delete_one({"_id": object_id, "metadata.owner_id": owner_id})
    await db[THUMBNAILS].delete_one({"_id": object_id, "owner_id": owner_id})
    await db[f"{BUCKET}.chunks"].delete_many({"files_id": object_id})


async def read_pdf(db: Database, *, owner_id: str, file_id: str) -> bytes | None:
    """The owner's PDF: the one way in to any stored PDF; None for another owner's, a deleted or malformed id."""
    object_id = parse_object_id(file_id)
    if object_id is None:
        return None
    found = await db[DOCUMENTS].find_one({"_id": object_id, "owner_id": owner_id}, {"pdf": 1})
    if found is not None:
        return bytes(found["pdf"])
    return await read_owned(db, BUCKET, owner_id=owner_id, file_id=file_id)


async def read_thumbnail(db: Database, *, owner_id: str, file_id: str) -> bytes | None:
    """The owner's PDF's thumbnail; None for another owner's PDF, a deleted or malformed id, or a PDF without one."""
    object_id = parse_object_id(file_id)
    if object_id is None:
        return None
    found = await db[DOCUMENTS].find_one({"_id": object_id, "owner_id": owner_id}, {"png": 1})
    if found is None:
        found = await db[THUMBNAILS].find_one({"_id": object_id, "owner_id": owner_id}, {"png": 1})
    return bytes(found["png"]) if found and "png" in found else None


async def delete_pdf(db: Database, *, owner_id: str, file_id: str) -> None:
    object_id = parse_object_id(file_id)
    if object_id is None or await _delete_document(db, object_id, owner_id=owner_id):
        return
    await delete_owned(db, BUCKET, owner_id=owner_id, file_id=file_id)
    await db[THUMBNAILS].delete_one({"_id": object_id, "owner_id": owner_id})


async def _delete_document(db: Database, object_id: ObjectId, *, owner_id: str) -> bool:
    """Deletes the owner's PDF kept as one document; False if there is none (another owner's, or in GridFS)."""
    return (await db[DOCUMENTS].delete_one({"_id": object_id, "owner_id": owner_id})).deleted_count == 1
