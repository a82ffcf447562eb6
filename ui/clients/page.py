"""The client book at /clients: search, add, edit (click a row), archive and delete, for the signed-in user only."""

from collections.abc import Awaitable
from typing import Protocol

from nicegui import Client as PageClient
from nicegui import context, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from services.accounts.sessions import SignedInUser
from services.clients.errors import ClientChanged, ClientNotFound
from services.clients.model import Client, ClientPage
from services.container import PageServices
from services.errors import InvalidInput, Refusal
from services.live.bus import UserEvent
from ui.clients.client_list import ClientList
from ui.clients.editor import ClientEditor
from ui.guarded import guarded
from ui.live_tab import follow_while_signed_in
from ui.named_dialog import name
from ui.page_session import PageSession
from ui.theme import header, heading


def register_clients_page(services: PageServices) -> None:
    @ui.page("/clients", title="Clients · Invoices")
    def clients_page(request: Request) -> RedirectResponse | None:
        user = getattr(request.state, "user", None)
        if user is None:
            return RedirectResponse("/login", status_code=303)
        page = PageSession(user=user, sessions=services.sessions)
        actions = ClientActions(page, services)
        header(user, guarded(page, actions.log_out))
        with ui.column().classes("w-full max-w-5xl mx-auto p-4 gap-4"):
            with ui.row().classes("w-full items-center justify-between"):
                heading("Your clients")
                ui.button("Add client", icon="person_add", on_click=actions.add_client) \
                    .props("unelevated color=primary")
            actions.editor = ClientEditor(default_currency=services.default_currency,
                                          on_save=guarded(page, actions.save),
                                          on_load_saved=guarded(page, actions.load_saved))
            actions.list = ClientList(load=actions.load, on_edit=guarded(page, actions.edit),
                                      on_archive=guarded(page, actions.archive),
                                      on_unarchive=guarded(page, actions.unarchive),
                                      on_delete=guarded(page, actions.confirm_delete))
            actions.build_confirmation()
        _follow_live_updates(services, user, actions.list, context.client)
        ui.timer(0, actions.list.reload, once=True)  # the page is delivered before the database is asked
        return None


class ClientChange(Protocol):
    def __call__(self, *, owner_id: str, client_id: str) -> Awaitable[object]: ...


class ClientActions:
    """What the page's buttons do, for the user captured when the page was built."""

    editor: ClientEditor
    list: ClientList

    def __init__(self, page: PageSession, services: PageServices) -> None:
        self._page = page
        self._services = services
        self._book = services.clients
        self._to_delete: Client | None = None

    async def load(self, text: str, include_archived: bool, after: str) -> ClientPage:
        if not await self._page.still_signed_in():
            return ClientPage(clients=(), next_after="")
        return await self._book.search(owner_id=self._page.user_id, text=text, include_archived=include_archived,
                                       after=after)

    def add_client(self) -> None:
        if not self._unsaved_edits_kept():
            self.editor.open_new()

    async def edit(self, client: Client) -> None:
        if self.editor.client_id == client.id or self._unsaved_edits_kept():
            return
        await self._open(client.id)

    async def load_saved(self, editor: ClientEditor) -> None:
        """After "changed in another tab": the user chose to drop their edits for the saved version."""
        if editor.client_id is not None:
            await self._open(editor.client_id)

    async def _open(self, client_id: str) -> None:
        current = await self._book.find(owner_id=self._page.user_id, client_id=client_id)
        if current is None:
            self._page.notify(str(ClientNotFound()), "warning")
            await self.list.reload()
            return
        self.editor.open_existing(current)  # the latest version, not the row's copy

    def _unsaved_edits_kept(self) -> bool:
        if self.editor.has_unsaved_edits():
            self._page.notify("Save or cancel the client you are editing first.", "warning")
            return True
        return False

    async def save(self, editor: ClientEditor) -> None:
        if editor.busy:
            return  # a double click saves once
        editor.busy = True
        try:
            if editor.client_id is None:
                saved = await self._book.add(owner_id=self._page.user_id, draft=editor.draft())
            else:
                saved = await self._book.update(owner_id=self._page.user_id, client_id=editor.client_id,
                                                version=editor.version, draft=editor.draft())
        except InvalidInput as error:
            editor.show_problems(error.problems.by_field)
            editor.refuse("Please fix the highlighted fields.")
            return
        except ClientNotFound as error:
            editor.show_problems({})
            editor.refuse(str(error), offer="save_as_new")
            return
        except ClientChanged as error:
            editor.show_problems({})
            editor.refuse(str(error), offer="load_saved")
            return
        except Refusal as error:
            editor.show_problems({})
            editor.refuse(str(error))
            return
        finally:
            editor.busy = False
        editor.close()
        self._page.notify(f"Saved {saved.name}.", "positive")
        await self.list.reload()

    async def archive(self, client: Client) -> None:
        await self._change(self._book.archive, client, "Archived {name}: it is no longer offered for new invoices.")

    async def unarchive(self, client: Client) -> None:
        await self._change(self._book.unarchive, client, "{name} is active again.")

    async def confirm_delete(self, client: Client) -> None:
        self._to_delete = client
        self._question.text = f"Delete {client.name} for good? Invoices never change when a client is deleted."
        name(self._dialog, f"Delete {client.name}")
        self._dialog.open()

    async def delete(self) -> None:
        client, self._to_delete = self._to_delete, None
        self._dialog.close()
        if client is not None:
            await self._change(self._book.delete, client, "Deleted {name}.")

    async def log_out(self) -> None:
        await self._services.sessions.log_out(self._page.user)
        ui.navigate.to("/login")

    def build_confirmation(self) -> None:
        with ui.dialog() as self._dialog, ui.card():
            self._question = ui.label()
            with ui.row().classes("w-full justify-end"):
                ui.button("Keep", on_click=self._dialog.close).props("flat")
                ui.button("Delete for good", on_click=guarded(self._page, self.delete)).props("color=negative")

    async def _change(self, action: ClientChange, client: Client, done: str) -> None:
        try:
            await action(owner_id=self._page.user_id, client_id=client.id)
        except Refusal as error:
            self._page.notify(str(error), "warning")
        else:
            self._page.notify(done.format(name=client.name), "positive")
            if self.editor.client_id == client.id and action == self._book.delete:  # nothing left to edit
                self.editor.close()
        await self.list.reload()


def _follow_live_updates(services: PageServices, user: SignedInUser, client_list: ClientList,
                         client: PageClient) -> None:
    """This user's events only: a client saved in another tab or by an issued invoice re-reads the list (an open
    editor keeps what is typed: its version guards the save), while the tab's session lives."""

    async def on_event(event: UserEvent) -> None:
        if event.kind in ("clients_changed", "resync"):
            await client_list.reload()

    follow_while_signed_in(services, user, client, on_event)
    client.on_connect(client_list.reload)  # a tab that reconnects re-reads what it may have missed
