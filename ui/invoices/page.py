"""`/invoices/{id}`: the editor for one of the user's drafts, or one issued invoice, read-only, with its actions.

Another user's id, a malformed id and a missing one all get the same "no such invoice" page.
"""

from datetime import date

from nicegui import context, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from services.container import PageServices
from services.invoices.drafts import SavedDraft
from ui.dashboard.actions import DashboardActions
from ui.dashboard.confirmations import ask_to_delete
from ui.dashboard.invoice_form import InvoiceForm
from ui.dashboard.page import follow_live_updates, row_actions
from ui.dashboard.quota_badge import QuotaBadge
from ui.guarded import guarded
from ui.invoices.issued_view import IssuedView
from ui.page_session import PageSession
from ui.theme import header, heading

NOT_FOUND = "There is no such invoice. It may have been deleted, or the link is wrong."


def register_invoice_page(services: PageServices) -> None:
    @ui.page("/invoices/{record_id}", title="Invoice · Invoices")
    async def invoice_page(request: Request, record_id: str) -> RedirectResponse | None:
        user = getattr(request.state, "user", None)
        if user is None:
            return RedirectResponse("/login", status_code=303)
        session = PageSession(user=user, sessions=services.sessions)

        async def back_to_list() -> None:
            ui.navigate.to("/")

        actions = DashboardActions(session, services, after_generate=back_to_list)
        header(user, guarded(session, actions.log_out))
        draft = await services.drafts.find(owner_id=user.user_id, draft_id=record_id)
        with ui.column().classes("w-full max-w-5xl mx-auto p-2 sm:p-4 gap-4"):
            ui.link("← All invoices", "/").classes("text-primary")
            if draft is not None:
                heading("Edit draft", hidden=True)  # the editor's own title reads "Draft"
                _draft_editor(services, session, actions, draft)
                return None
            issued = await services.book.issued(owner_id=user.user_id, invoice_id=record_id)
            if issued is None:
                heading(NOT_FOUND, classes="text-h6")
                return None
            view = IssuedView(load=lambda: services.book.issued(owner_id=user.user_id, invoice_id=record_id),
                              summary=lambda: services.book.summary(owner_id=user.user_id, invoice_id=record_id),
                              actions=row_actions(session, actions), today=date.today,
                              shown=actions.confirm_retried)

            async def changed(subject_id: str) -> None:
                if subject_id == record_id:
                    await view.refresh()

        follow_live_updates(services, user, changed, view.refresh, None, context.client)
        await view.refresh()
        return None


def _draft_editor(services: PageServices, session: PageSession, actions: DashboardActions, draft: SavedDraft) -> None:
    form = InvoiceForm(default_currency=services.default_currency, on_generate=guarded(session, actions.generate),
                       on_save=guarded(session, actions.save_draft), title="Draft")
    form.load(draft)
    form.offer_clients(lambda text: services.clients.suggestions(session.user_id, text))
    quota = actions.quota = QuotaBadge(load=lambda: services.invoices.quota(owner_id=session.user_id))
    quota.gate(form.generate)

    async def fill_in() -> None:  # after the page is delivered, as on the dashboard
        await quota.refresh()
        form.use_seller((await services.sellers.profile_of(session.user_id)).party)

    ui.timer(0, fill_in, once=True)

    async def delete(draft_id: str) -> None:
        await actions.delete_draft(draft_id)
        ui.navigate.to("/")

    delete_guarded = guarded(session, delete)
    ui.button("Delete draft", on_click=lambda: ask_to_delete(draft, delete_guarded)).props("flat color=negative")
