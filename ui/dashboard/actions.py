"""What the dashboard's buttons do, for one tab's signed-in user."""

from nicegui import ui

from services.container import Services
from services.invoices.drafts import InvalidInvoice
from services.invoices.service import NotRetryable, RateLimited, ShuttingDown
from services.live.bus import UserEvent
from ui.dashboard.invoice_form import InvoiceForm
from ui.dashboard.quota_badge import QuotaBadge
from ui.page_session import PageSession


class DashboardActions:
    def __init__(self, page: PageSession, services: Services) -> None:
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
        except InvalidInvoice as error:
            form.show_problems(error.problems.by_field)
            ui.notify("Please fix the highlighted fields.", type="warning", position="top")
            return
        except (RateLimited, ShuttingDown) as error:
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
        except (RateLimited, ShuttingDown, NotRetryable) as error:
            ui.notify(str(error), type="warning", position="top")
        await self._refresh_quota()

    async def log_out(self) -> None:
        """Ends this browser's session: every tab of it is sent to the login page."""
        user = self._page.user
        await self._services.sessions.close(user.session_id)
        await self._services.bus.publish(
            UserEvent(user_id=user.user_id, kind="session_closed", subject_id=user.session_id))
        ui.navigate.to("/login")

    async def _refresh_quota(self) -> None:
        if self.quota is not None:
            await self.quota.refresh()
