"""The signed-in home page: seller profile, invoice form, live list of invoices, log out."""

from collections.abc import Awaitable, Callable

from nicegui import Client, context, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from services.accounts.sessions import SignedInUser
from services.container import PageServices
from services.live.bus import UserEvent
from ui.dashboard.actions import DashboardActions
from ui.dashboard.invoice_form import InvoiceForm
from ui.dashboard.invoice_list import InvoiceList
from ui.dashboard.quota_badge import QuotaBadge
from ui.dashboard.seller_card import SellerCard
from ui.guarded import guarded
from ui.page_session import PageSession


def register_dashboard(services: PageServices) -> None:
    @ui.page("/", title="Invoices")
    def dashboard(request: Request) -> RedirectResponse | None:
        user = getattr(request.state, "user", None)
        if user is None:
            return RedirectResponse("/login", status_code=303)
        page = PageSession(user=user, sessions=services.sessions)
        actions = DashboardActions(page, services)
        _header(user, guarded(page, actions.log_out))
        with ui.column().classes("w-full max-w-5xl mx-auto p-4 gap-4"):
            seller = SellerCard(page, services.sellers)
            InvoiceForm(default_currency=services.default_currency,
                        on_generate=guarded(page, actions.generate))
            quota = actions.quota = QuotaBadge(load=lambda: services.invoices.quota(owner_id=page.user_id))
            invoice_list = InvoiceList(load=lambda: services.invoices.list_invoices(owner_id=page.user_id),
                                       on_retry=guarded(page, actions.retry))
        _follow_live_updates(services, user, invoice_list, quota, context.client)

        async def fill_in() -> None:  # after the page is delivered: no database wait before the first paint
            await quota.refresh()
            await invoice_list.reload()
            await seller.load()

        ui.timer(0, fill_in, once=True)
        return None


def _header(user: SignedInUser, log_out: Callable[[], Awaitable[None]]) -> None:
    with ui.header().classes("items-center justify-between bg-primary"):
        ui.label("Invoices").classes("text-h6")
        with ui.row().classes("items-center gap-3"):
            ui.link("Clients", "/clients").classes("text-white")
            ui.label(user.email).classes("text-sm")
            ui.button("Log out", on_click=log_out).props("flat color=white")


def _follow_live_updates(services: PageServices, user: SignedInUser, invoice_list: InvoiceList, quota: QuotaBadge,
                         client: Client) -> None:
    """Subscribes this tab to its own user's events only; the subscription ends with the tab."""

    async def on_event(event: UserEvent) -> None:
        if event.kind in ("invoice_changed", "resync"):
            await quota.refresh()  # a generation in another tab used some of the quota
            await invoice_list.reload()
        elif event.subject_id == user.session_id:
            with client:
                ui.navigate.to("/login")

    client.on_delete(services.live.subscribe(user.user_id, on_event))
    client.on_connect(invoice_list.reload)  # a tab that reconnects re-reads what it may have missed
