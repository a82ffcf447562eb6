"""Offers the user's own saved clients under the invoice editor's **Client name** field.

Use in the editor (the picker owns neither field; it only reads and fills them)::

    from ui.clients.picker import ClientPicker

    picker = ClientPicker(
        self.client_name, self.client_email,
        load=lambda text: services.clients.suggestions(page.user_id, text),  # the page's captured user only
        on_pick=self.client_chosen,  # optional: called with the Client, or None when the name no longer matches
    )
    ...
    draft = InvoiceDraft(..., client_id=picker.client_id)  # "" unless a saved client is chosen

As the user types (from the first character, every keystroke), a menu under the name lists up to a handful of
matching active clients: name, with email and city beside it. Picking one fills the name and the email
and remembers its id; typing a different name afterwards forgets it (and calls on_pick(None)), so an edited
name is never saved under the old client's id. `picker.choose(client)` fills the fields as a pick would (for a
duplicated or reopened draft), and `picker.client_id = ""` forgets the choice. Loading failures
(database unreachable) just show no suggestions: the field keeps working as plain text.
"""

import inspect
import logging
from collections.abc import Awaitable, Callable

from nicegui import ui

from services.clients.model import Client

log = logging.getLogger(__name__)
LoadSuggestions = Callable[[str], Awaitable[list[Client]]]
OnPick = Callable[[Client | None], Awaitable[None] | None]


class ClientPicker:
    def __init__(self, name: ui.input, email: ui.input, *, load: LoadSuggestions,
                 on_pick: OnPick | None = None) -> None:
        self._name, self._email = name, email
        self._load = load
        self._on_pick = on_pick
        self._asked = 0  # answers to older keystrokes that arrive late are dropped
        self._filling = False
        self.client_id = ""
        self._chosen_name = ""
        with name:
            self.menu = ui.menu().props("no-parent-event no-focus fit auto-close")
            with self.menu:
                self.options = ui.column().classes("w-full gap-0 py-1")
        name.on_value_change(self._typed)

    def keep(self, client_id: str, name: str) -> None:
        """Starts out with a client already chosen (a reopened draft); no menu opens for it."""
        self.client_id, self._chosen_name = client_id, name if client_id else ""

    async def choose(self, client: Client) -> None:
        """Fills the name and email from the client and remembers its id, as when the user picks it."""
        self._filling = True
        try:
            self._name.value = client.name
            if client.email:
                self._email.value = client.email
        finally:
            self._filling = False
        self.client_id, self._chosen_name = client.id, client.name
        self.menu.close()
        await self._tell(client)

    async def _typed(self) -> None:
        if self._filling:
            return
        text = str(self._name.value or "")
        if self.client_id and text == self._chosen_name:
            return  # still the chosen client: nothing to offer
        if self.client_id and text != self._chosen_name:
            self.client_id = self._chosen_name = ""
            await self._tell(None)
        self._asked += 1
        asked = self._asked
        try:
            found = await self._load(text) if text.strip() else []
        except Exception:
            log.warning("Client suggestions could not be loaded", exc_info=True)
            found = []
        if asked == self._asked:
            self._show(found, text)

    def _show(self, found: list[Client], text: str) -> None:
        self.options.clear()
        offered = [client for client in found if client.id != self.client_id or client.name != text]
        if not offered:
            self.menu.close()
            return
        with self.options:
            for client in offered:
                place = " · ".join(part for part in (client.email, client.details.city) if part)
                with ui.button(client.name, on_click=lambda chosen=client: self.choose(chosen)) \
                        .props("flat no-caps align=left").classes("w-full"):
                    if place:
                        ui.label(place).classes("text-xs text-grey-7 ml-2")
        self.menu.open()

    async def _tell(self, client: Client | None) -> None:
        if self._on_pick is not None:
            result = self._on_pick(client)
            if inspect.isawaitable(result):
                await result
