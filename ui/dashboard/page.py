"""The signed-in home page: who issues, invoice editor, quota, and the live invoice book."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

from nicegui import Client, context, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from services.accounts.sessions import SignedInUser
from services.container import PageServices
from services.invoices.listing import ListFilter
from services.invoices.money import format_tax_rate
from services.live.bus import UserEvent
from ui.dashboard.actions import DashboardActions
from ui.dashboard.book_chart import BookChart
from ui.dashboard.book_rows import RowActions
from ui.dashboard.book_totals import TotalsLine
from ui.dashboard.book_view import BookView
from ui.dashboard.confirmations import ask_payment_date, ask_to_cancel, ask_to_delete
from ui.dashboard.invoice_form import InvoiceForm
from ui.dashboard.quota_badge import QuotaBadge
from ui.dashboard.seller_summary import SellerSummary
from ui.guarded import guarded
from ui.live_tab import follow_while_signed_in
from ui.page_session import PageSession
from ui.theme import header, heading

T = TypeVar("T")


def register_dashboard(services: PageServices) -> None:
    @ui.page("/", title="Invoices")
    async def dashboard(request: Request, q: str = "", status: str = "", sort: str = "",
                        page: str = "") -> RedirectResponse | None:
        user = getattr(request.state, "user", None)
        if user is None:
            return RedirectResponse("/login", status_code=303)
        session = PageSession(user=user, sessions=services.sessions)
        actions = DashboardActions(session, services)
        header(user, guarded(session, actions.log_out))
        with ui.column().classes("w-full max-w-5xl mx-auto p-2 sm:p-4 gap-4"):
            heading("Invoices", hidden=True)  # the header shows the name; the editor and the book have h2s
            seller = SellerSummary(load=lambda: services.sellers.profile_of(session.user_id))
            await asyncio.sleep(0)  # the page is built in parts, and other tabs are served between them
            with ui.element("section").classes("w-full").props('data-editor aria-label="New invoice"'):
                form = InvoiceForm(default_currency=services.default_currency,
                                   on_generate=guarded(session, actions.generate),
                                   on_save=guarded(session, actions.save_draft))
            form.offer_clients(lambda text: services.clients.suggestions(session.user_id, text))
            quota = actions.quota = QuotaBadge(load=lambda: services.invoices.quota(owner_id=session.user_id))
            quota.gate(form.generate)
            await asyncio.sleep(0)
            book = BookView(
                wanted=ListFilter.from_query(search=q, status=status, sort=sort, page=page),
                load_page=lambda wanted: services.book.page(owner_id=session.user_id, wanted=wanted,
                                                            today=date.today()),
                load_row=lambda invoice_id: services.book.summary(owner_id=session.user_id, invoice_id=invoice_id),
                totals=TotalsLine(lambda: services.book.totals(owner_id=session.user_id, today=date.today())),
                actions=row_actions(session, actions), shown=actions.confirm_retried,
                chart=BookChart(load=lambda: services.book.monthly(owner_id=session.user_id, today=date.today())))
        follow_live_updates(services, user, book.changed, book.reload, quota, context.client)

        async def fill_in() -> None:  # after the page is delivered: no database wait before the first paint
            await quota.refresh()
            await book.reload()
            await seller.refresh()
            profile = await services.sellers.profile_of(session.user_id)
            form.use_default_vat_rate(format_tax_rate(profile.default_vat_rate_thousandths).removesuffix("%"))
            form.use_seller(profile.party)

        ui.timer(0, fill_in, once=True)
        return None


def row_actions(session: PageSession, actions: DashboardActions) -> RowActions:
    mark_paid, cancel, delete = (guarded(session, action) for action in
                                 (actions.mark_paid, actions.cancel, actions.delete_draft))

    return RowActions(
        retry=guarded(session, actions.retry), duplicate=guarded(session, actions.duplicate),
        mark_paid=_asking(lambda invoice: ask_payment_date(invoice, mark_paid)),
        mark_unpaid=guarded(session, actions.mark_unpaid),
        cancel=_asking(lambda invoice: ask_to_cancel(invoice, cancel)),
        delete_draft=_asking(lambda draft: ask_to_delete(draft, delete)),
    )


def _asking(ask: Callable[[T], None]) -> Callable[[T], Awaitable[None]]:
    async def run(subject: T) -> None:
        ask(subject)

    return run


def follow_live_updates(services: PageServices, user: SignedInUser, changed: Callable[[str], Awaitable[None]],
                        reload: Callable[[], Awaitable[None]], quota: QuotaBadge | None, client: Client) -> None:
    """This tab receives its own user's events while its session lives; then it is sent away and disconnected."""

    async def on_event(event: UserEvent) -> None:
        if event.kind in ("invoice_changed", "resync"):
            if quota is not None:
                await quota.refresh()  # a generation in another tab used some of the quota
            await (changed(event.subject_id) if event.kind == "invoice_changed" else reload())

    follow_while_signed_in(services, user, client, on_event)
    client.on_connect(reload)  # a tab that reconnects re-reads what it may have missed
