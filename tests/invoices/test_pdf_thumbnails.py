"""A stored PDF and its thumbnail live and die together, and only their owner reads them: whether they are one
document (every PDF up to storage.pdf_files.INLINE_LIMIT_BYTES) or a GridFS file with a thumbnail beside it (larger
ones, and every PDF stored before pdf_documents existed)."""

from collections.abc import Iterator

import pytest
from bson import ObjectId

from storage import pdf_files
from storage.database import Database

PDF = b"%PDF-1.7\n" + b"0" * 300_000  # two GridFS chunks when it goes there
PNG = b"\x89PNG\r\n\x1a\n" + b"1" * 20_000


@pytest.fixture(params=["one document", "gridfs"])
def layout(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "gridfs":
        monkeypatch.setattr(pdf_files, "INLINE_LIMIT_BYTES", len(PDF) // 2)
    yield str(request.param)


async def _stored(db: Database, owner_id: str = "alice", thumbnail: bytes | None = PNG) -> str:
    stored = await pdf_files.store_pdf(db, owner_id=owner_id, invoice_id=str(ObjectId()), filename="a.pdf", data=PDF,
                                       file_id=pdf_files.new_file_id(), thumbnail_png=thumbnail)
    assert stored.thumbnail is (thumbnail is not None)
    return stored.file_id


async def _nothing_left(db: Database, file_id: str) -> bool:
    object_id = ObjectId(file_id)
    return (await db[pdf_files.DOCUMENTS].find_one({"_id": object_id}) is None
            and await db[pdf_files.THUMBNAILS].find_one({"_id": object_id}) is None
            and await db["pdfs.files"].find_one({"_id": object_id}) is None
            and await db["pdfs.chunks"].find_one({"files_id": object_id}) is None)


async def test_only_the_owner_reads_a_pdf_and_its_thumbnail(db: Database, layout: str) -> None:
    file_id = await _stored(db)
    assert await pdf_files.read_pdf(db, owner_id="alice", file_id=file_id) == PDF
    assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=file_id) == PNG
    assert await pdf_files.read_pdf(db, owner_id="bob", file_id=file_id) is None
    assert await pdf_files.read_thumbnail(db, owner_id="bob", file_id=file_id) is None
    for forged in (str(ObjectId()), "not-an-id", "", "f" * 2000):
        assert await pdf_files.read_pdf(db, owner_id="alice", file_id=forged) is None
        assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=forged) is None
    without = await _stored(db, thumbnail=None)
    assert await pdf_files.read_pdf(db, owner_id="alice", file_id=without) == PDF
    assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=without) is None


async def test_a_pdf_up_to_the_limit_is_one_document_and_a_larger_one_a_gridfs_file(db: Database, layout: str) -> None:
    object_id = ObjectId(await _stored(db))
    in_one_document = await db[pdf_files.DOCUMENTS].find_one({"_id": object_id}) is not None
    in_gridfs = await db["pdfs.files"].find_one({"_id": object_id}) is not None
    assert (in_one_document, in_gridfs) == ((True, False) if layout == "one document" else (False, True))


async def test_deleting_a_pdf_deletes_its_thumbnail_but_another_owner_cannot_delete_either(
        db: Database, layout: str) -> None:
    file_id = await _stored(db)
    await pdf_files.delete_pdf(db, owner_id="bob", file_id=file_id)
    assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=file_id) == PNG
    assert await pdf_files.read_pdf(db, owner_id="alice", file_id=file_id) == PDF
    await pdf_files.delete_pdf(db, owner_id="alice", file_id=file_id)
    assert await pdf_files.read_pdf(db, owner_id="alice", file_id=file_id) is None
    assert await _nothing_left(db, file_id)


async def test_an_interrupted_attempt_s_leftover_goes_with_its_thumbnail(db: Database, layout: str) -> None:
    file_id = await _stored(db)
    await pdf_files.discard_leftover(db, owner_id="bob", file_id=file_id)  # not what bob's job wrote
    assert await pdf_files.read_pdf(db, owner_id="alice", file_id=file_id) == PDF
    await pdf_files.discard_leftover(db, owner_id="alice", file_id=file_id)
    assert await pdf_files.read_pdf(db, owner_id="alice", file_id=file_id) is None
    assert await _nothing_left(db, file_id)


async def test_a_store_retried_after_its_answer_was_lost_completes(db: Database, layout: str) -> None:
    """The first try's write went through (the whole document, or a GridFS file's thumbnail) but its answer was
    lost: the retry stores the PDF, once."""
    file_id = pdf_files.new_file_id()
    if layout == "gridfs":
        await db[pdf_files.THUMBNAILS].insert_one({"_id": ObjectId(file_id), "owner_id": "alice", "png": PNG})
    else:
        await pdf_files.store_pdf(db, owner_id="alice", invoice_id="i", filename="a.pdf", data=PDF, file_id=file_id,
                                  thumbnail_png=PNG)
    stored = await pdf_files.store_pdf(db, owner_id="alice", invoice_id="i", filename="a.pdf", data=PDF,
                                       file_id=file_id, thumbnail_png=PNG)
    assert stored.thumbnail and await pdf_files.read_pdf(db, owner_id="alice", file_id=file_id) == PDF
    assert await pdf_files.read_thumbnail(db, owner_id="alice", file_id=file_id) == PNG
    assert await db[pdf_files.DOCUMENTS].count_documents({}) == (1 if layout == "one document" else 0)
