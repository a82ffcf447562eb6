"""Reading and settling the invoice book: list pages, open totals per currency, one invoice, payments, export."""

from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date

from services.errors import Refusal
from services.invoices.drafts import SavedDraft
from services.invoices.listing import PAGE_SIZE, CurrencyTotals, ListFilter, overdue_on
from services.invoices.model import InvoiceContent, InvoiceRecord, InvoiceSummary
from services.invoices.monthly import MonthlyAmounts, first_month, monthly_amounts
from services.jobs.queue_view import QueueView
from services.live.bus import EventBus
from storage import drafts, invoice_payments, invoice_queries, invoices, open_totals
from storage.database import Database


class PaymentRefused(Refusal):
    pass


@dataclass(frozen=True)
class BookPage:
    drafts: list[SavedDraft]  # on the first page of "all", and on every page of "draft"
    invoices: list[InvoiceSummary]
    has_next: bool


@dataclass(frozen=True)
class IssuedInvoice:
    record: InvoiceRecord
    content: InvoiceContent


class InvoiceBook:
    def __init__(self, db: Database, bus: EventBus, *, queue: QueueView) -> None:
        self._db = db
        self._bus = bus
        self._queue = queue

    async def page(self, *, owner_id: str, wanted: ListFilter, today: date) -> BookPage:
        if wanted.status == "draft":
            draft_rows = await drafts.list_drafts(self._db, owner_id=owner_id, search=wanted.search,
                                                  skip=wanted.skip, limit=PAGE_SIZE + 1)
            return BookPage(drafts=draft_rows[:PAGE_SIZE], invoices=[], has_next=len(draft_rows) > PAGE_SIZE)
        shown_drafts = await drafts.list_drafts(self._db, owner_id=owner_id, search=wanted.search, limit=PAGE_SIZE) \
            if wanted.status == "all" and wanted.page == 1 else []
        rows = await invoice_queries.page_of_invoices(self._db, owner_id=owner_id, wanted=wanted, today=today)
        return BookPage(drafts=shown_drafts, invoices=await self._placed(owner_id, rows[:PAGE_SIZE]),
                        has_next=len(rows) > PAGE_SIZE)

    async def summary(self, *, owner_id: str, invoice_id: str) -> InvoiceSummary | None:
        row = await invoice_queries.find_summary(self._db, owner_id=owner_id, invoice_id=invoice_id)
        return None if row is None else (await self._placed(owner_id, [row]))[0]

    async def _placed(self, owner_id: str, rows: list[InvoiceSummary]) -> list[InvoiceSummary]:
        """Rows still waiting for a render worker carry their place in the cluster-wide queue."""
        if not any(row.status == "processing" for row in rows):
            return rows
        positions = await self._queue.positions(owner_id=owner_id)
        return [replace(row, queue_position=positions.get(row.id)) for row in rows]

    async def issued(self, *, owner_id: str, invoice_id: str) -> IssuedInvoice | None:
        found = await invoices.find_issued(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if found is None:
            return None
        record, content = found
        return IssuedInvoice(record, content) if content is not None else None

    async def totals(self, *, owner_id: str, today: date) -> list[CurrencyTotals]:
        """Outstanding and overdue per currency, from the open amounts kept on write (storage.open_totals)."""
        outstanding: defaultdict[str, int] = defaultdict(int)
        overdue: defaultdict[str, int] = defaultdict(int)
        for currency, total, due in await open_totals.open_amounts(self._db, owner_id=owner_id):
            outstanding[currency] += total
            if overdue_on(due, today):
                overdue[currency] += total
        return [CurrencyTotals(currency, outstanding[currency], overdue[currency]) for currency in sorted(outstanding)]

    async def monthly(self, *, owner_id: str, today: date) -> list[MonthlyAmounts]:
        """Invoiced, paid and overdue per month of the last twelve, per currency (services.invoices.monthly)."""
        issued = await invoice_queries.issued_since(self._db, owner_id=owner_id, first_day=first_month(today))
        return monthly_amounts(issued, today)

    async def mark_paid(self, *, owner_id: str, invoice_id: str, paid_on: date) -> InvoiceRecord:
        paid = await invoice_payments.mark_paid(self._db, owner_id=owner_id, invoice_id=invoice_id, paid_on=paid_on)
        if paid is None:
            raise PaymentRefused("Only an issued invoice that is neither paid nor cancelled can be marked paid.")
        await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)
        return paid

    async def mark_unpaid(self, *, owner_id: str, invoice_id: str) -> InvoiceRecord:
        unpaid = await invoice_payments.mark_unpaid(self._db, owner_id=owner_id, invoice_id=invoice_id)
        if unpaid is None:
            raise PaymentRefused("Only an invoice marked paid can be marked unpaid.")
        await self._bus.invoice_changed(owner_id=owner_id, invoice_id=invoice_id)
        return unpaid

    def export(self, *, owner_id: str, wanted: ListFilter, today: date) -> AsyncIterator[InvoiceSummary]:
        """Every issued row the filter matches, all pages, streamed from the database."""
        return invoice_queries.every_invoice(self._db, owner_id=owner_id, wanted=wanted, today=today)
