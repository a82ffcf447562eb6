"""The invoice use cases the pages call: generate, retry, list, quota and download."""

import asyncio
import hashlib
from dataclasses import dataclass, replace

from services.accounts.seller_profile import SellerProfiles
from services.errors import DAMAGED, DamagedPdf, NotRetryable, RateLimited
from services.invoices.drafts import InvoiceDraft
from services.invoices.model import InvoiceRecord, InvoiceSummary
from services.invoices.rate_limit import GenerationLimiter, Quota
from services.invoices.validation import validate_invoice
from services.jobs.queue_view import QueueView
from services.jobs.runner import PdfJobs
from services.live.bus import EventBus
from services.observability.metrics import RATE_LIMIT_REFUSALS
from services.pdf.document import pdf_filename
from storage import invoices, pdf_files
from storage.database import Database


@dataclass(frozen=True)
class DownloadablePdf:
    filename: str
    data: bytes


class InvoiceService:
    def __init__(self, db: Database, *, limiter: GenerationLimiter, jobs: PdfJobs, bus: EventBus,
                 sellers: SellerProfiles, queue: QueueView) -> None:
        self._queue = queue
        self._db = db
        self._limiter = limiter
        self._jobs = jobs
        self._bus = bus
        self._sellers = sellers

    async def generate(self, *, owner_id: str, draft: InvoiceDraft) -> InvoiceRecord:
        """Raises InvalidInput, RateLimited or ShuttingDown having saved nothing."""
        seller = await self._sellers.seller_of(owner_id)
        content = await asyncio.to_thread(validate_invoice, draft, seller=seller)  # tens of ms for long invoices
        self._jobs.ensure_accepting()
        await self._count_generation(owner_id)
        invoice_id = await self._jobs.prepare(owner_id=owner_id, lines=len(content.lines))
        invoice = await invoices.insert_with_next_number(self._db, owner_id=owner_id, content=content,
                                                         invoice_id=invoice_id)
        await self._jobs.enqueue(owner_id=owner_id, invoice_id=invoice.id)
        return invoice

    async def retry(self, *, owner_id: str, invoice_id: str) -> InvoiceRecord:
        current = await invoices.find_for_owner(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if current is None or current.status != "failed":
            raise NotRetryable()
        self._jobs.ensure_accepting()
        await self._count_generation(owner_id)
        lines = await invoices.line_count(self._db, owner_id=owner_id, invoice_id=invoice_id)
        job_id = await self._jobs.prepare(owner_id=owner_id, lines=lines, invoice_id=invoice_id)
        if job_id is None:
            raise NotRetryable()
        reopened = await invoices.reopen_failed(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if reopened is None:
            await self._jobs.withdraw(owner_id=owner_id, invoice_id=job_id)
            raise NotRetryable()
        await self._jobs.enqueue(owner_id=owner_id, invoice_id=invoice_id)
        return reopened

    async def list_invoices(self, *, owner_id: str) -> list[InvoiceSummary]:
        """Newest first; an invoice still waiting for a render worker carries its place in the queue."""
        summaries = await invoices.list_for_owner(self._db, owner_id=owner_id)
        if not any(summary.status == "processing" for summary in summaries):
            return summaries
        positions = await self._queue.positions(owner_id=owner_id)
        return [replace(summary, queue_position=positions.get(summary.id)) for summary in summaries]

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

    async def _count_generation(self, owner_id: str) -> None:
        allowed, quota = await self._limiter.try_acquire(owner_id)
        if not allowed:
            RATE_LIMIT_REFUSALS.inc()
            raise RateLimited(limit=quota.limit, wait_s=quota.wait_s)
