"""The user's clients by name, searched as they type, a page at a time; each row opens the editor."""

from collections.abc import Awaitable, Callable

from nicegui import ui
from pymongo.errors import PyMongoError

from services.clients.model import Client, ClientPage, countries

LoadPage = Callable[[str, bool, str], Awaitable[ClientPage]]  # (search text, include archived, after)
OnClient = Callable[[Client], Awaitable[None]]


class ClientList:
    def __init__(self, *, load: LoadPage, on_edit: OnClient, on_archive: OnClient, on_unarchive: OnClient,
                 on_delete: OnClient) -> None:
        self._load = load
        self._on_edit, self._on_archive, self._on_unarchive, self._on_delete = on_edit, on_archive, on_unarchive, \
            on_delete
        self._loading = self._stale = False
        self._next_after = ""
        with ui.card().classes("w-full"):
            with ui.row().classes("w-full items-center gap-4"):
                self.search = ui.input("Search", on_change=self.reload).props(
                    "outlined dense clearable debounce=300 maxlength=200").classes("grow")
                with self.search.add_slot("prepend"):
                    ui.icon("search")
                self.show_archived = ui.checkbox("Show archived", on_change=self.reload)
            self.container = ui.column().classes("w-full gap-0")
            with self.container:
                ui.label("Loading…").classes("text-grey-7")
            self.more = ui.button("Show more", on_click=self.load_more).props("flat dense")
            self.more.set_visibility(False)

    async def reload(self) -> None:
        """From the first page; while one read is under way, further calls ask for exactly one more."""
        if self._loading:
            self._stale = True
            return
        self._loading = True
        try:
            self._stale = True
            while self._stale:
                self._stale = False
                page = await self._load(self.search.value or "", bool(self.show_archived.value), "")
                self.container.clear()
                self._append(page, first=True)
        except PyMongoError:
            self.container.clear()
            with self.container:
                ui.label("Your clients can't be shown right now: the database is unreachable. Reload in a moment.") \
                    .classes("text-warning")
        finally:
            self._loading = False

    async def load_more(self) -> None:
        if self._next_after:
            self._append(await self._load(self.search.value or "", bool(self.show_archived.value), self._next_after),
                         first=False)

    def _append(self, page: ClientPage, *, first: bool) -> None:
        self._next_after = page.next_after
        self.more.set_visibility(bool(page.next_after))
        with self.container:
            if first and not page.clients:
                searched = self.search.value or self.show_archived.value
                ui.label("No clients match your search." if searched else
                         "No clients yet. Press Add client, or issue an invoice to a new client.") \
                    .classes("text-grey-7")
            for client in page.clients:
                self._row(client)

    def _row(self, client: Client) -> None:
        details = client.details
        with ui.row().classes("w-full items-center gap-x-4 gap-y-1 py-2 border-b border-gray-200 md:flex-nowrap"):
            opener = ui.row().classes("grow min-w-0 items-center gap-x-4 gap-y-0 cursor-pointer md:flex-nowrap") \
                .mark(f"client-{client.id}")
            opener.props("role=button tabindex=0").props["title"] = f"Edit {client.name}"  # set, never parsed
            opener.on("click", lambda: self._on_edit(client)).on("keydown.enter", lambda: self._on_edit(client))
            with opener:
                ui.label(client.name).classes("w-full md:w-64 font-medium break-words md:truncate")
                ui.label(details.email).classes("md:w-56 break-all md:truncate text-grey-8")
                place = ", ".join(part for part in (details.city, countries().get(details.country, "")) if part)
                ui.label(place).classes("md:grow md:truncate text-grey-8")
                ui.label(details.vat_id).classes("md:w-36 font-mono text-sm")
                if client.archived:
                    ui.badge("Archived", color="grey")
            with ui.row().classes("items-center gap-1 no-wrap"):
                if client.archived:
                    ui.button("Unarchive", on_click=lambda: self._on_unarchive(client)) \
                        .props("flat dense size=sm").mark(f"unarchive-{client.id}").props["aria-label"] = \
                        f"Unarchive {client.name}"
                else:
                    ui.button("Archive", on_click=lambda: self._on_archive(client)) \
                        .props("flat dense size=sm").mark(f"archive-{client.id}").props["aria-label"] = \
                        f"Archive {client.name}"
                ui.button("Delete", on_click=lambda: self._on_delete(client)) \
                    .props("flat dense size=sm color=negative").mark(f"delete-{client.id}").props["aria-label"] = \
                    f"Delete {client.name}"
