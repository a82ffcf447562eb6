"""What the invoice buttons do, for one tab's signed-in user. Refusals are shown by ui.guarded."""

from collections.abc import Awaitable, Callable
from datetime import date

from nicegui import ui

from services.container import PageServices
from services.errors import InvalidInput, ProfileIncomplete
from services.invoices.model import InvoiceSummary
from ui.dashboard.invoice_form import InvoiceForm
from ui.dashboard.profile_gate import explain_missing_profile
from ui.dashboard.quota_badge import QuotaBadge
from ui.page_session import PageSession


class DashboardActions:
    def __init__(self, page: PageSession, services: PageServices, *,
                 after_generate: Callable[[], Awaitable[None]] | None = None) -> None:
        self._page = page
        self._services = services
        self._after_generate = after_generate
        self.quota: QuotaBadge | None = None
        self._retried: set[str] = set()

    async def generate(self, form: InvoiceForm) -> None:
        if form.generating:
            return  # a double click creates one invoice
        form.generating = True
        form.generate.disable()
        try:
            async with form.storing:  # a draft save in flight ends first: its draft is the one issued
                invoice = await self._services.invoices.generate(
                    owner_id=self._page.user_id, draft=form.draft(), draft_id=form.draft_id,
                    remember_client=bool(form.remember_client.value))
        except InvalidInput as error:
            form.show_problems(error.problems.by_field)
            self._page.notify("Please fix the highlighted fields.", "warning")
            return
        except ProfileIncomplete as refusal:
            await self._save(form)  # kept for after Settings
            form.show_problems({refusal.field: str(refusal)} if refusal.field else {})
            explain_missing_profile(self._page, refusal)
            return
        else:
            form.start_next_invoice()  # before anything is awaited: the new row's live update comes meanwhile
        finally:
            form.generating = False
            form.generate.enable()
            await self._refresh_quota()  # at zero left, disables Generate PDF again
        self._page.notify(f"{invoice.number} is being generated.", "positive")
        if self._after_generate is not None:
            await self._after_generate()

    async def save_draft(self, form: InvoiceForm) -> None:
        if form.generating:
            return  # what is being issued becomes the invoice (or is saved by the generation if it is refused)
        await self._save(form)

    async def _save(self, form: InvoiceForm) -> None:
        async with form.storing:  # one save at a time, each at the version the one before left
            sent = form.draft()
            try:
                saved = await self._services.drafts.save(owner_id=self._page.user_id, draft=sent,
                                                         draft_id=form.draft_id, version=form.version)
            except InvalidInput as error:
                form.show_problems(error.problems.by_field)
                return
        form.show_problems({})
        form.saved(saved, sent)

    async def retry(self, invoice_id: str) -> None:
        try:
            await self._services.invoices.retry(owner_id=self._page.user_id, invoice_id=invoice_id)
        finally:
            await self._refresh_quota()
        self._retried.add(invoice_id)
        self._page.notify("Generating the PDF again.", "positive")

    def confirm_retried(self, invoice: InvoiceSummary) -> None:
        """Called with every invoice this tab shows anew: the outcome of a retry from this tab is said once."""
        if invoice.id not in self._retried or invoice.status == "processing":
            return
        self._retried.discard(invoice.id)
        if invoice.status == "ready":
            self._page.notify(f"{invoice.number} is ready: the retry worked.", "positive")
        else:
            self._page.notify(f"{invoice.number} failed again: {invoice.failure_reason}", "negative")

    async def duplicate(self, source_id: str) -> None:
        copy = await self._services.drafts.duplicate(owner_id=self._page.user_id, source_id=source_id,
                                                     today=date.today())
        with self._page.client:
            ui.navigate.to(f"/invoices/{copy.id}")

    async def mark_paid(self, invoice_id: str, paid_on: date) -> None:
        paid = await self._services.book.mark_paid(owner_id=self._page.user_id, invoice_id=invoice_id,
                                                   paid_on=paid_on)
        self._page.notify(f"{paid.number} is marked paid.", "positive")

    async def mark_unpaid(self, invoice_id: str) -> None:
        unpaid = await self._services.book.mark_unpaid(owner_id=self._page.user_id, invoice_id=invoice_id)
        self._page.notify(f"{unpaid.number} is marked unpaid.", "positive")

    async def cancel(self, invoice_id: str) -> None:
        try:
            note = await self._services.invoices.cancel(owner_id=self._page.user_id, invoice_id=invoice_id)
        finally:
            await self._refresh_quota()
        self._page.notify(f"Cancelled: credit note {note.number} is being generated.", "positive")

    async def delete_draft(self, draft_id: str) -> None:
        await self._services.drafts.delete(owner_id=self._page.user_id, draft_id=draft_id)
        self._page.notify("Draft deleted.")

    async def log_out(self) -> None:
        """Ends this browser's session: every tab of it is sent to the login page."""
        await self._services.sessions.log_out(self._page.user)
        ui.navigate.to("/login")

    async def _refresh_quota(self) -> None:
        if self.quota is not None:
            await self.quota.refresh()
