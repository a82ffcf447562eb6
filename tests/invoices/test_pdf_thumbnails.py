"""A PDF's thumbnail lives and dies with the PDF, and only its owner reads it."""

from bson import ObjectId

from storage import pdf_files
from storage.database import Database

PDF = b"%PDF-1.7\n" + b"0" * 300_000  # two GridFS chunks
PNG = b"\x89PNG\r\n\x1a\n" + b"1" * 20_000


async def _stored(db: Database, owner_id: str = "alice", thumbnail: bytes | None = PNG) -> str:
    stored = await pdf_files.store_pdf(db, owner_id=owner_id, invoice_id=str(ObjectId()), filename="a.pdf", data=PDF,
                                       file_id=pdf_files.new_file_id(), thumbnail_png=thumbnail)
    assert stored.thumbnail is (thumbnail is not None)
    return stored.file_id


async def test_only_the_owner_reads_a_thumbnail_and_a_pdf_stored_without_one_has_none(db: Database) -> None:
    file_id = await _stored(db)
    assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=file_id) == PNG
    assert await pdf_files.read_thumbnail(db, owner_id="bob", file_id=file_id) is None
    for forged in (str(ObjectId()), "not-an-id", "", "f" * 2000):
        assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=forged) is None
    without = await _stored(db, thumbnail=None)
    assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=without) is None


async def test_deleting_a_pdf_deletes_its_thumbnail_but_another_owner_cannot_delete_either(db: Database) -> None:
    file_id = await _stored(db)
    await pdf_files.delete_pdf(db, owner_id="bob", file_id=file_id)
    assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=file_id) == PNG
    await pdf_files.delete_pdf(db, owner_id="alice", file_id=file_id)
    assert await pdf_files.read_pdf(db, owner_id="alice", file_id=file_id) is None
    assert await db[pdf_files.THUMBNAILS].count_documents({}) == 0


async def test_an_interrupted_attempt_s_leftover_goes_with_its_thumbnail(db: Database) -> None:
    file_id = await _stored(db)
    await pdf_files.discard_leftover(db, owner_id="alice", file_id=file_id)
    assert await pdf_files.read_pdf(db, owner_id="alice", file_id=file_id) is None
    assert await db[pdf_files.THUMBNAILS].count_documents({}) == 0
    assert await db["pdfs.chunks"].find_one({"files_id": ObjectId(file_id)}) is None


async def test_a_store_retried_after_its_thumbnail_was_written_completes(db: Database) -> None:
    """The first try's thumbnail insert went through but its answer was lost: the retry writes the PDF."""
    file_id = pdf_files.new_file_id()
    await db[pdf_files.THUMBNAILS].insert_one({"_id": ObjectId(file_id), "owner_id": "alice", "png": PNG})
    stored = await pdf_files.store_pdf(db, owner_id="alice", invoice_id="i", filename="a.pdf", data=PDF,
                                       file_id=file_id, thumbnail_png=PNG)
    assert stored.thumbnail and await pdf_files.read_pdf(db, owner_id="alice", file_id=file_id) == PDF
    assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=file_id) == PNG
