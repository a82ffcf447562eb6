"""The invoice use cases the pages call: generate, retry, list, download, and the seller profile."""

import asyncio
import hashlib
from dataclasses import dataclass
from typing import Any

from services.accounts.seller_profile import Seller, SellerProfiles
from services.invoices.drafts import InvoiceDraft, ValidInvoice
from services.invoices.rate_limit import GenerationLimiter, Quota
from services.invoices.validation import validate_invoice
from services.jobs.runner import PdfJobs
from services.live.bus import EventBus, UserEvent
from services.pdf.document import pdf_filename
from storage import invoices, pdf_files
from storage.database import Database
from storage.invoices import InvoiceRecord

DAMAGED = "The stored PDF was damaged, so it was withdrawn. Press Retry on the dashboard to make it again."


class RateLimited(Exception):
    def __init__(self, quota: Quota) -> None:
        super().__init__(
            f"You can generate {quota.limit} PDFs per minute. Try again in {quota.wait_s} seconds."
        )
        self.quota = quota


class ShuttingDown(Exception):
    def __init__(self) -> None:
        super().__init__("The service is restarting. Try again in a few seconds.")


class NotRetryable(Exception):
    def __init__(self) -> None:
        super().__init__("This invoice is not in a failed state any more; the list shows its current status.")


class DamagedPdf(Exception):
    def __init__(self) -> None:
        super().__init__(DAMAGED)


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
        """Raises InvalidInvoice, RateLimited or ShuttingDown having saved nothing."""
        valid = await asyncio.to_thread(validate_invoice, draft)  # long invoices take tens of milliseconds
        seller = await self._sellers.seller_of(owner_id)
        await self._count_generation(owner_id)
        body = invoice_body(valid, seller)
        invoice = await invoices.insert_with_next_number(self._db, owner_id=owner_id, body=body,
                                                         reservation=self._jobs.reservation())
        await self._started(owner_id, invoice.id)
        return invoice

    async def retry(self, *, owner_id: str, invoice_id: str) -> InvoiceRecord:
        current = await invoices.find_for_owner(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if current is None or current.status != "failed":
            raise NotRetryable()
        await self._count_generation(owner_id)
        reopened = await invoices.reopen_failed(self._db, owner_id=owner_id, invoice_id=invoice_id,
                                                reservation=self._jobs.reservation())
        if reopened is None:
            raise NotRetryable()
        await self._started(owner_id, invoice_id)
        return reopened

    async def list_invoices(self, *, owner_id: str) -> list[InvoiceRecord]:
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
            await self._bus.publish(UserEvent(user_id=owner_id, kind="invoice_changed", subject_id=invoice_id))
            raise DamagedPdf()
        return DownloadablePdf(filename=pdf_filename(invoice.number), data=data)

    async def _count_generation(self, owner_id: str) -> None:
        if not self._jobs.accepting:
            raise ShuttingDown()
        allowed, quota = await self._limiter.try_acquire(owner_id)
        if not allowed:
            raise RateLimited(quota)

    async def _started(self, owner_id: str, invoice_id: str) -> None:
        await self._bus.publish(UserEvent(user_id=owner_id, kind="invoice_changed", subject_id=invoice_id))
        self._jobs.submit(owner_id=owner_id, invoice_id=invoice_id)


def invoice_body(valid: ValidInvoice, seller: Seller) -> dict[str, Any]:
    """The stored form of a checked invoice: amounts in minor units, dates as ISO strings."""
    return {
        "client": {"name": valid.client_name, "email": valid.client_email},
        "seller": {"name": seller.name, "address": seller.address},
        "issue_date": valid.issue_date.isoformat(),
        "due_date": valid.due_date.isoformat(),
        "currency": valid.currency,
        "tax_rate_thousandths": valid.tax_rate_thousandths,
        "notes": valid.notes,
        "lines": [
            {"description": line.description, "quantity_thousandths": line.quantity_thousandths,
             "unit_price_minor": line.unit_price_minor, "amount_minor": line.amount_minor}
            for line in valid.lines
        ],
        "subtotal_minor": valid.subtotal_minor,
        "tax_minor": valid.tax_minor,
        "total_minor": valid.total_minor,
    }
