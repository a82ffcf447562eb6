"""The invoice use cases the pages call: generate, retry, list, quota and download."""

import asyncio
import hashlib
from dataclasses import dataclass

from services.accounts.seller_profile import SellerProfiles
from services.errors import DAMAGED, DamagedPdf, NotRetryable, RateLimited
from services.invoices.drafts import InvoiceDraft
from services.invoices.model import InvoiceRecord, InvoiceSummary
from services.invoices.rate_limit import GenerationLimiter, Quota
from services.invoices.validation import validate_invoice
from services.jobs.runner import PdfJobs
from services.live.bus import EventBus
from services.pdf.document import pdf_filename
from storage import invoices, pdf_files
from storage.database import Database


@dataclass(frozen=True)
class DownloadablePdf:
    filename: str
    data: bytes


class InvoiceService:
    def __init__(self, db: Database, *, limiter: GenerationLimiter, jobs: PdfJobs, bus: EventBus,
                 sellers: SellerProfiles) -> None:
        self._db = db
        self._limiter = limiter
        self._jobs = jobs
        self._bus = bus
        self._sellers = sellers

    async def generate(self, *, owner_id: str, draft: InvoiceDraft) -> InvoiceRecord:
        """Raises InvalidInput, RateLimited or ShuttingDown having saved nothing."""
        seller = await self._sellers.seller_of(owner_id)
        content = await asyncio.to_thread(validate_invoice, draft, seller=seller)  # tens of ms for long invoices
        lease = self._jobs.new_lease()
        await self._count_generation(owner_id)
        invoice = await invoices.insert_with_next_number(self._db, owner_id=owner_id, content=content, lease=lease)
        await self._jobs.enqueue(owner_id=owner_id, invoice_id=invoice.id)
        return invoice

    async def retry(self, *, owner_id: str, invoice_id: str) -> InvoiceRecord:
        current = await invoices.find_for_owner(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if current is None or current.status != "failed":
            raise NotRetryable()
        lease = self._jobs.new_lease()
        await self._count_generation(owner_id)
        reopened = await invoices.reopen_failed(self._db, owner_id=owner_id, invoice_id=invoice_id, lease=lease)
        if reopened is None:
            raise NotRetryable()
        await self._jobs.enqueue(owner_id=owner_id, invoice_id=invoice_id)
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

    async def _count_generation(self, owner_id: str) -> None:
        allowed, quota = await self._limiter.try_acquire(owner_id)
        if not allowed:
            raise RateLimited(limit=quota.limit, wait_s=quota.wait_s)
