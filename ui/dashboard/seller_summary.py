"""'Issued as': who the invoices name, in one line, with a link to Settings (or what is missing to issue)."""

from collections.abc import Awaitable, Callable

from nicegui import ui
from pymongo.errors import PyMongoError

from services.accounts.seller_model import SellerProfile
from services.clients.model import countries

TITLE = "Issued as"


class SellerSummary:
    def __init__(self, *, load: Callable[[], Awaitable[SellerProfile]]) -> None:
        self._load = load
        with ui.row().classes("w-full items-center gap-2 surface rounded shadow-sm px-4 py-2"):
            ui.icon("storefront").classes("text-grey-7")
            ui.label(TITLE).classes("text-sm text-grey-7")
            self.details = ui.label("Loading…").classes("text-sm")
            ui.link("Settings", "/settings").classes("text-sm text-primary")

    async def refresh(self) -> None:
        try:
            profile = await self._load()
        except PyMongoError:
            self.details.text = "Can't be loaded right now (database unreachable). Reload the page in a moment."
            return
        if missing := profile.missing_for_issuing():
            self.details.text = f"Not complete yet: add your {', '.join(missing)} to issue invoices."
            self.details.classes(add="text-negative")
            return
        party = profile.party
        self.details.text = f"{party.name}, {party.city}, {countries().get(party.country, party.country)}"
        self.details.classes(remove="text-negative")
