"""The storage calls behind each request, in the order the services make them (issue 14).

Shared by the `scale` benchmark (timed) and tests/contract/test_request_costs.py (counted). Each path is what
one request costs the database, without the web page or the render around it:
  page      `/`: the session, the seller profile, the first page of drafts and invoices, the open totals (one
            document), the client picker's suggestions (InvoiceBook.page / totals, ClientBook.suggestions)
  search    the book filtered by a search word (drafts and invoices)
  issue     Generate: seller profile, fair-queue tag, job written, number allocated, job published, the client
            remembered (InvoiceService.generate, PdfJobs.prepare / enqueue)
  claim     a render worker takes the next job (FairClaims.next_job)
  store     the invoice and its content read (before the render), then the file (announced by the claim)
            stored with its thumbnail, ready, job done
  download  the owner's invoice and its PDF read back (InvoiceService.downloadable_pdf)
  thumbnail the owner's invoice and its PDF's thumbnail read back (InvoiceService.thumbnail)
  recovery  one pass of the recovery loop (Recovery.once) with nothing to recover
  filters   the book's status filters and other sorts (open, overdue, paid; by date, due date, total)
  pay       an invoice marked paid, then unpaid again (InvoiceBook.mark_paid / mark_unpaid)
  draft     a draft saved, counted against the cap and deleted (DraftBook.save / delete)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bson import ObjectId

from bench import documents
from bench.book_seed import owner_documents
from services.accounts.seller_model import SellerProfile
from services.invoices.draft_book import MAX_DRAFTS
from services.invoices.listing import PAGE_SIZE, ListFilter
from services.invoices.model import InvoiceContent
from services.jobs.claims import FairClaims, start_tag
from storage import (
    clients,
    drafts,
    invoice_payments,
    invoice_queries,
    invoices,
    job_clock,
    jobs,
    open_totals,
    pdf_files,
    seller_profiles,
    sessions,
)
from storage.database import Database
from storage.invoice_documents import pdf_document

TODAY = date(2026, 12, 2)
SEARCH = "angstrom"  # bench.book_seed's rare client: three hits in any book of ten or more
PDF_BYTES = b"%PDF-1.4\n" + b"0" * 24_000
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"0" * 23_000  # a first page drawn 300 px wide is about this size


@dataclass
class Owner:
    """One user of the scene: a real user document (the seller profile lives on it), a session, a book."""

    user_id: str
    session_id: str
    ready_invoice_id: str  # an invoice whose PDF is really stored


Path = Callable[[Database, Owner], Awaitable[Any]]


async def add_owner(db: Database, *, invoices_count: int, profile: SellerProfile) -> Owner:
    """A user with `invoices_count` invoices written in bulk, one of them with a stored PDF."""
    user_id = str((await db.users.insert_one({"email": f"{ObjectId()}@scale.example", "password_hash": "-"}))
                  .inserted_id)
    await seller_profiles.save_profile(db, user_id=user_id, profile=profile)
    session_id = f"session-{user_id}"
    await sessions.insert_session(db, session_id=session_id, user_id=user_id, now=datetime.now(UTC),
                                  expires_at=datetime(2100, 1, 1, tzinfo=UTC))
    await insert_book(db, user_id, invoices_count)
    latest = await invoices.list_for_owner(db, owner_id=user_id, limit=1)
    stored = await pdf_files.store_pdf(db, owner_id=user_id, invoice_id=latest[0].id, filename="latest.pdf",
                                       data=PDF_BYTES, thumbnail_png=PNG_BYTES)
    await db.invoices.update_one({"_id": ObjectId(latest[0].id), "owner_id": user_id},
                                 {"$set": {"status": "ready", "pdf": pdf_document(stored)}})
    return Owner(user_id=user_id, session_id=session_id, ready_invoice_id=latest[0].id)


async def insert_book(db: Database, owner_id: str, count: int, *, batch: int = 2000) -> None:
    pairs = list(owner_documents(owner_id, count, TODAY))
    for start in range(0, len(pairs), batch):
        chunk = pairs[start:start + batch]
        await db.invoice_details.insert_many([details for _, details in chunk], ordered=False)
        await db.invoices.insert_many([header for header, _ in chunk], ordered=False)


async def page(db: Database, owner: Owner) -> None:
    await sessions.find_live_session(db, session_id=owner.session_id, now=datetime.now(UTC))
    await seller_profiles.find_profile(db, user_id=owner.user_id)
    await drafts.list_drafts(db, owner_id=owner.user_id, limit=PAGE_SIZE)
    await invoice_queries.page_of_invoices(db, owner_id=owner.user_id, wanted=ListFilter(), today=TODAY)
    await open_totals.open_amounts(db, owner_id=owner.user_id)
    await clients.active_with_name_word(db, owner_id=owner.user_id, start="a", limit=50)


async def search(db: Database, owner: Owner) -> None:
    await sessions.find_live_session(db, session_id=owner.session_id, now=datetime.now(UTC))
    await drafts.list_drafts(db, owner_id=owner.user_id, search=SEARCH, limit=PAGE_SIZE)
    await invoice_queries.page_of_invoices(db, owner_id=owner.user_id, wanted=ListFilter(search=SEARCH),
                                           today=TODAY)


async def filters(db: Database, owner: Owner) -> None:
    for wanted in (ListFilter(status="open"), ListFilter(status="overdue"), ListFilter(status="paid"),
                   ListFilter(sort="date"), ListFilter(sort="due"), ListFilter(sort="total")):
        await invoice_queries.page_of_invoices(db, owner_id=owner.user_id, wanted=wanted, today=TODAY)


async def pay(db: Database, owner: Owner) -> None:
    paid = await invoice_payments.mark_paid(db, owner_id=owner.user_id, invoice_id=owner.ready_invoice_id,
                                            paid_on=TODAY)
    assert paid is not None
    assert await invoice_payments.mark_unpaid(db, owner_id=owner.user_id, invoice_id=owner.ready_invoice_id)


async def draft(db: Database, owner: Owner) -> None:
    await drafts.count_drafts(db, owner_id=owner.user_id, up_to=MAX_DRAFTS)
    saved = await drafts.insert_draft(db, owner_id=owner.user_id, draft=documents.draft(3))
    await drafts.delete_draft(db, owner_id=owner.user_id, draft_id=saved.id)


async def issue(db: Database, owner: Owner, content: InvoiceContent) -> str:
    """Returns the new invoice's id (its job is queued)."""
    profile = await seller_profiles.find_profile(db, user_id=owner.user_id)
    assert profile is not None
    invoice = await invoices.insert_with_next_number(db, owner_id=owner.user_id, content=content,
                                                     number_prefix=profile.number_prefix)
    lines = len(content.lines)
    await jobs.create(db, owner_id=owner.user_id, invoice_id=invoice.id, lines=lines,
                      tag=await start_tag(db, owner_id=owner.user_id, lines=lines))
    await clients.find_by_name(db, owner_id=owner.user_id, name=content.client.name)
    return invoice.id


async def claim(db: Database, claims: FairClaims) -> jobs.Job:
    """The claim, and virtual time written as the claiming process writes it at most twice a second: here on every
    claim, so that each round finds the clock where the last one left it."""
    job = await claims.next_job()
    assert job is not None
    await job_clock.advance(db, tag=job.tag)
    return job


async def store(db: Database, job: jobs.Job, *, instance: str) -> None:
    found = await invoices.find_issued(db, owner_id=job.owner_id, invoice_id=job.invoice_id)
    assert found is not None
    file_id = job.announced_files[-1]
    stored = await pdf_files.store_pdf(db, owner_id=job.owner_id, invoice_id=job.invoice_id, filename="new.pdf",
                                       data=PDF_BYTES, file_id=file_id, thumbnail_png=PNG_BYTES)
    await invoices.mark_ready(db, owner_id=job.owner_id, invoice_id=job.invoice_id, pdf=stored,
                              attempts=job.attempts)
    await jobs.finish(db, job, holder=instance)


async def download(db: Database, owner: Owner) -> bytes:
    record = await invoices.find_for_owner(db, owner_id=owner.user_id, invoice_id=owner.ready_invoice_id)
    assert record is not None and record.pdf is not None
    data = await pdf_files.read_pdf(db, owner_id=owner.user_id, file_id=record.pdf.file_id)
    assert data == PDF_BYTES
    return data


async def thumbnail(db: Database, owner: Owner) -> bytes:
    record = await invoices.find_for_owner(db, owner_id=owner.user_id, invoice_id=owner.ready_invoice_id)
    assert record is not None and record.pdf is not None and record.pdf.thumbnail
    data = await pdf_files.read_thumbnail(db, owner_id=owner.user_id, file_id=record.pdf.file_id)
    assert data == PNG_BYTES
    return data


async def recovery(db: Database) -> None:
    """The lease scan of every round, and the adoption's reads of every lease (services.jobs.recovery)."""
    await jobs.expired(db)
    waiting = [invoice_id async for _, invoice_id in invoices.processing_ids(
        db, updated_before=datetime.now(UTC) - timedelta(seconds=30))]
    await jobs.live_ids(db, waiting)
