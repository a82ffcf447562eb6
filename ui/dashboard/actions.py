"""What the dashboard's buttons do, for one tab's signed-in user."""

from nicegui import ui

from services.container import PageServices
from services.errors import InvalidInput, Refusal
from ui.dashboard.invoice_form import InvoiceForm
from ui.dashboard.quota_badge import QuotaBadge
from ui.page_session import PageSession


class DashboardActions:
    def __init__(self, page: PageSession, services: PageServices) -> None:
        self._page = page
        self._services = services
        self.quota: QuotaBadge | None = None

    async def generate(self, form: InvoiceForm) -> None:
        if form.busy:
            return  # a double click creates one invoice
        form.busy = True
        form.generate.disable()
        try:
            invoice = await self._services.invoices.generate(owner_id=self._page.user_id, draft=form.draft())
        except InvalidInput as error:
            form.show_problems(error.problems.by_field)
            ui.notify("Please fix the highlighted fields.", type="warning", position="top")
            return
        except Refusal as error:
            ui.notify(str(error), type="warning", position="top")
            return
        finally:
            form.busy = False
            form.generate.enable()
            await self._refresh_quota()
        form.start_next_invoice()
        ui.notify(f"{invoice.number} is being generated.", type="positive", position="top")

    async def retry(self, invoice_id: str) -> None:
        try:
            await self._services.invoices.retry(owner_id=self._page.user_id, invoice_id=invoice_id)
        except Refusal as error:
            ui.notify(str(error), type="warning", position="top")
        await self._refresh_quota()

    async def log_out(self) -> None:
        """Ends this browser's session: every tab of it is sent to the login page."""
        await self._services.sessions.log_out(self._page.user)
        ui.navigate.to("/login")

    async def _refresh_quota(self) -> None:
        if self.quota is not None:
            await self.quota.refresh()
