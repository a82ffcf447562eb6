"""The signed-in home page: seller profile, invoice form, live list of invoices, log out."""

from nicegui import context, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from services.container import Services
from services.events import UserEvent
from services.invoice_input import InvalidInvoice
from services.invoices import NotRetryable, RateLimited, ShuttingDown
from ui.invoice_form import InvoiceForm
from ui.invoice_list import InvoiceList
from ui.page_session import PageSession
from ui.quota_badge import QuotaBadge
from ui.seller_card import seller_card


def register_dashboard(services: Services) -> None:
    sessions, invoices, bus = services.sessions, services.invoices, services.bus

    @ui.page("/", title="Invoices")
    async def dashboard(request: Request) -> RedirectResponse | None:
        user = getattr(request.state, "user", None)
        if user is None:
            return RedirectResponse("/login", status_code=303)
        page = PageSession(user=user, sessions=sessions)
        client = context.client

        async def log_out() -> None:
            await sessions.close(user.session_id)
            await bus.publish(UserEvent(user_id=user.user_id, kind="session_closed", subject_id=user.session_id))
            ui.navigate.to("/login")

        with ui.header().classes("items-center justify-between bg-primary"):
            ui.label("Invoices").classes("text-h6")
            with ui.row().classes("items-center gap-3"):
                ui.label(user.email).classes("text-sm")
                ui.button("Log out", on_click=log_out).props("flat color=white")

        async def generate(form: InvoiceForm) -> None:
            if not await page.still_signed_in():
                return
            form.generate.disable()
            try:
                invoice = await invoices.generate(owner_id=page.user_id, draft=form.draft())
            except InvalidInvoice as error:
                form.show_problems(error.problems.by_field)
                ui.notify("Please fix the highlighted fields.", type="warning")
                return
            except (RateLimited, ShuttingDown) as error:
                ui.notify(str(error), type="warning")
                return
            finally:
                form.generate.enable()
                await quota.refresh()
            form.start_next_invoice()
            ui.notify(f"{invoice.number} is being generated.", type="positive")

        async def retry(invoice_id: str) -> None:
            if not await page.still_signed_in():
                return
            try:
                await invoices.retry(owner_id=page.user_id, invoice_id=invoice_id)
            except (RateLimited, ShuttingDown, NotRetryable) as error:
                ui.notify(str(error), type="warning")
            await quota.refresh()

        with ui.column().classes("w-full max-w-5xl mx-auto p-4 gap-4"):
            await seller_card(page, services.sellers)
            InvoiceForm(default_currency=services.settings.default_currency, on_generate=generate)
            quota = QuotaBadge(load=lambda: invoices.quota(owner_id=page.user_id))
            invoice_list = InvoiceList(load=lambda: invoices.list_invoices(owner_id=page.user_id), on_retry=retry)
        await quota.refresh()
        await invoice_list.reload()

        async def on_event(event: UserEvent) -> None:
            if event.kind == "invoice_changed":
                await invoice_list.reload()
            elif event.subject_id == user.session_id:
                with client:
                    ui.navigate.to("/login")

        client.on_delete(bus.subscribe(user.user_id, on_event))
        return None
