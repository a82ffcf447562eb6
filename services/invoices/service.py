"""Issuing: generate (from a draft or the form), retry, cancel with a credit note, quota and download."""

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date

from bson import ObjectId

from services.accounts.seller_profile import SellerProfiles
from services.errors import DAMAGED, DamagedPdf, NotRetryable, ProfileIncomplete, RateLimited, Refusal
from services.invoices.drafts import InvoiceDraft
from services.invoices.einvoice_needs import seller_tax_id_missing
from services.invoices.model import InvoiceContent, InvoiceRecord, InvoiceSummary, Party
from services.invoices.money import negated
from services.invoices.rate_limit import GenerationLimiter, Quota
from services.invoices.seller_content import with_seller
from services.invoices.validation import validate_invoice
from services.jobs.runner import PdfJobs
from services.live.bus import EventBus
from services.observability.metrics import RATE_LIMIT_REFUSALS
from services.pdf.document import pdf_filename
from storage import drafts, invoice_payments, invoices, pdf_files
from storage.database import Database

RememberClient = Callable[[str, Party, str], Awaitable[None]]  # owner, client, buyer reference
VALIDATED_IN_A_THREAD_FROM_LINES = 50  # about 2 ms of validation; a shorter invoice is checked on the loop at once
RESUME_CANCELLATION_AFTER_S = 60  # a reservation this old was left by an attempt that died: finish it


class NotCancellable(Refusal):
    pass


@dataclass(frozen=True)
class DownloadablePdf:
    filename: str
    data: bytes


class InvoiceService:
    def __init__(self, db: Database, *, limiter: GenerationLimiter, jobs: PdfJobs, bus: EventBus,
                 sellers: SellerProfiles, remember_client: RememberClient | None = None) -> None:
        self._db = db
        self._remember_client = remember_client
        self._limiter = limiter
        self._jobs = jobs
        self._bus = bus
        self._sellers = sellers

    async def generate(self, *, owner_id: str, draft: InvoiceDraft, draft_id: str = "",
                       remember_client: bool = True) -> InvoiceRecord:
        """Issues the invoice: a number, locked content, the PDF queued; the draft it came from is gone.

        Raises ProfileIncomplete, InvalidInput, RateLimited or ShuttingDown having saved nothing.
        """
        profile = await self._sellers.profile_of(owner_id)
        if missing := profile.missing_for_issuing():
            raise ProfileIncomplete(missing)
        if refusal := seller_tax_id_missing(profile.party, draft.vat_treatment):
            raise refusal
        if len(draft.lines) < VALIDATED_IN_A_THREAD_FROM_LINES:
            content = validate_invoice(draft, seller=profile.party, default_language=profile.language)
        else:  # tens of ms for long invoices
            content = await asyncio.to_thread(validate_invoice, draft, seller=profile.party,
                                              default_language=profile.language)
        content = with_seller(content, profile)
        self._jobs.ensure_accepting()
        await self._count_generation(owner_id)
        invoice = await invoices.insert_with_next_number(self._db, owner_id=owner_id, content=content,
                                                         client_id=draft.client_id,
                                                         number_prefix=profile.number_prefix)
        if draft_id and await drafts.delete_draft(self._db, owner_id=owner_id, draft_id=draft_id):
            await self._bus.invoice_changed(owner_id=owner_id, invoice_id=draft_id)
        await self._jobs.enqueue(owner_id=owner_id, invoice_id=invoice.id, lines=len(content.lines),
                                 issued=(invoice, content))
        if remember_client and self._remember_client is not None:
            await self._remember_client(owner_id, content.client, content.buyer_reference)
        return invoice

    async def cancel(self, *, owner_id: str, invoice_id: str) -> InvoiceRecord:
        """Cancels an issued, unpaid invoice with a credit note (CN-000n) that negates its lines; returns the note.

        The invoice is reserved for the note in one conditional update, so a second click or tab does nothing;
        a cancellation interrupted by a crash is completed by the next attempt.
        """
        original, content = await invoices.find_issued(self._db, owner_id=owner_id, invoice_id=invoice_id) \
            or (None, None)
        if original is None or content is None or original.kind != "invoice":
            raise NotCancellable("There is no such invoice to cancel.")
        if original.cancelled_by:
            raise NotCancellable(f"{original.number} is already cancelled by {original.cancelled_by}.")
        if original.paid_on is not None:
            raise NotCancellable(f"{original.number} is marked paid. Mark it unpaid first if it was not paid.")
        self._jobs.ensure_accepting()
        note_id, reserved_s_ago = await invoice_payments.cancellation_in_progress(
            self._db, owner_id=owner_id, invoice_id=invoice_id)
        if note_id and reserved_s_ago < RESUME_CANCELLATION_AFTER_S:
            raise NotCancellable(f"{original.number} is being cancelled right now, in this tab or another.")
        if not note_id:
            note_id = str(ObjectId())
            if await invoice_payments.claim_cancellation(self._db, owner_id=owner_id, invoice_id=invoice_id,
                                                         credit_note_id=note_id) is None:
                raise NotCancellable(f"{original.number} was just paid or cancelled in another tab.")
        try:
            await self._count_generation(owner_id)
        except RateLimited:
            await invoice_payments.release_cancellation(self._db, owner_id=owner_id, invoice_id=invoice_id,
                                                        credit_note_id=note_id)
            raise
        note = await self._credit_note(owner_id, original, content, note_id)
        await invoice_payments.record_cancellation(self._db, owner_id=owner_id, invoice_id=invoice_id,
                                                   credit_note_id=note_id, credit_note_number=note.number)
        await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)
        await self._jobs.enqueue(owner_id=owner_id, invoice_id=note.id, lines=len(content.lines))
        return note

    async def _credit_note(self, owner_id: str, original: InvoiceRecord, content: InvoiceContent,
                           note_id: str) -> InvoiceRecord:
        today = date.today()
        note_content = replace(content, issue_date=today, due_date=today, notes="", lines=tuple(
            replace(line, quantity_thousandths=-line.quantity_thousandths, amount_minor=-line.amount_minor)
            for line in content.lines), totals=negated(content.totals))
        try:
            return await invoices.insert_with_next_number(
                self._db, owner_id=owner_id, content=note_content, kind="credit_note",
                credit_for=original.number, invoice_id=ObjectId(note_id))
        except invoices.InvoiceExists:
            stored = await invoices.find_for_owner(self._db, owner_id=owner_id, invoice_id=note_id)
            assert stored is not None
            return stored

    async def retry(self, *, owner_id: str, invoice_id: str) -> InvoiceRecord:
        current = await invoices.find_for_owner(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if current is None or current.status != "failed":
            raise NotRetryable()
        self._jobs.ensure_accepting()
        await self._count_generation(owner_id)
        reopened = await invoices.reopen_failed(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if reopened is None:
            raise NotRetryable()
        lines = await invoices.line_count(self._db, owner_id=owner_id, invoice_id=invoice_id)
        await self._jobs.enqueue(owner_id=owner_id, invoice_id=invoice_id, lines=lines)
        return reopened

    async def list_invoices(self, *, owner_id: str) -> list[InvoiceSummary]:
        return await invoices.list_for_owner(self._db, owner_id=owner_id)

    async def quota(self, *, owner_id: str) -> Quota:
        return await self._limiter.quota(owner_id)

    async def downloadable_pdf(self, *, owner_id: str, invoice_id: str) -> DownloadablePdf | None:
        """The owner's ready PDF, byte-checked against its sha256; raises DamagedPdf (and withdraws it) on mismatch."""
        invoice = await invoices.find_for_owner(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if invoice is None or invoice.status != "ready" or invoice.pdf is None:
            return None
        data = await pdf_files.read_pdf(self._db, owner_id=owner_id, file_id=invoice.pdf.file_id)
        if data is None or hashlib.sha256(data).hexdigest() != invoice.pdf.sha256:
            await invoices.withdraw_damaged(self._db, owner_id=owner_id, invoice_id=invoice_id, reason=DAMAGED)
            await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)
            raise DamagedPdf()
        return DownloadablePdf(filename=pdf_filename(invoice.number), data=data)

    async def thumbnail(self, *, owner_id: str, invoice_id: str) -> bytes | None:
        """The first page of the owner's PDF as a PNG; None unless the invoice is theirs, Ready, with a thumbnail."""
        invoice = await invoices.find_for_owner(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if invoice is None or invoice.status != "ready" or invoice.pdf is None or not invoice.pdf.thumbnail:
            return None
        return await pdf_files.read_thumbnail(self._db, owner_id=owner_id, file_id=invoice.pdf.file_id)

    async def _count_generation(self, owner_id: str) -> None:
        allowed, quota = await self._limiter.try_acquire(owner_id)
        if not allowed:
            RATE_LIMIT_REFUSALS.inc()
            raise RateLimited(limit=quota.limit, wait_s=quota.wait_s)
