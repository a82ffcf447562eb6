"""The client form: add a new client or edit one, with every refusal beside its field and nothing typed lost."""

from collections.abc import Awaitable, Callable
from typing import Literal

from nicegui import ui

from services.clients.buyer_reference import MAX_BUYER_REFERENCE
from services.clients.model import LANGUAGES, Client, ClientDraft
from services.invoices.money import active_currencies
from ui.clients.buyer_reference_field import LABEL as BUYER_REFERENCE
from ui.clients.buyer_reference_field import warn_about_leitweg
from ui.country_select import country_select
from ui.theme import heading

FIELDS = ("name", "email", "street", "postcode", "city", "country", "vat_id", "language", "currency",
          "buyer_reference")
EditorAction = Callable[["ClientEditor"], Awaitable[None]]
Offer = Literal["", "save_as_new", "load_saved"]


class ClientEditor:
    """Hidden until Add client or a row is clicked. `client_id` and `version` say what is being edited."""

    def __init__(self, *, default_currency: str, on_save: EditorAction, on_load_saved: EditorAction) -> None:
        self._default_currency = default_currency
        self.client_id: str | None = None
        self.version = 0
        self.busy = False
        self._loaded = ClientDraft()
        with ui.card().classes("w-full gap-2") as self.card:
            self.title = heading("New client", level=2, classes="text-h6")
            self.notice = ui.label().classes("text-negative").props("aria-live=assertive")
            with ui.row().classes("w-full gap-2"):
                self.name = _input("Name", "w-full sm:w-auto sm:grow").props("maxlength=200 autofocus")
                self.email = _input("Email", "w-full sm:w-auto sm:grow").props("type=email maxlength=254")
            self.street = _input("Street", "w-full").props("maxlength=200")
            with ui.row().classes("w-full gap-2"):
                self.postcode = _input("Postcode", "w-full sm:w-32").props("maxlength=16")
                self.city = _input("City", "w-full sm:w-auto sm:grow").props("maxlength=100")
                self.country = country_select("Country", "w-full sm:w-64")
            with ui.row().classes("w-full gap-2"):
                self.vat_id = _input("VAT ID", "w-full sm:w-64").props("maxlength=30")
                self.language = ui.select(LANGUAGES, label="Language", value="en") \
                    .props("outlined dense").classes("w-full sm:w-40")
                self.currency = ui.select(active_currencies(), label="Currency", value=default_currency,
                                          with_input=True) \
                    .props("outlined dense options-dense").classes("w-full sm:w-40")
            self.buyer_reference = warn_about_leitweg(
                _input(BUYER_REFERENCE, "w-full").props(f"maxlength={MAX_BUYER_REFERENCE}"))
            with ui.row().classes("w-full justify-end gap-2"):
                self.load_saved = ui.button("Load the saved version", on_click=lambda: on_load_saved(self)) \
                    .props("flat").tooltip("Discards your edits")
                self.save_as_new = ui.button("Save as a new client", on_click=lambda: self._save_as_new(on_save)) \
                    .props("flat")
                ui.button("Cancel", on_click=self.close).props("flat")
                self.save = ui.button("Save client", on_click=lambda: on_save(self)).props("unelevated color=primary")
        for field in (self.name, self.email, self.street, self.postcode, self.city, self.vat_id,
                      self.buyer_reference):
            field.on("keydown.enter", lambda: on_save(self))
        self.close()

    @property
    def is_open(self) -> bool:
        return bool(self.card.visible)

    def has_unsaved_edits(self) -> bool:
        return self.is_open and self.draft() != self._loaded

    def open_new(self) -> None:
        self._fill(ClientDraft(currency=self._default_currency), client_id=None, version=0)
        self.title.text = "New client"

    def open_existing(self, client: Client) -> None:
        details = client.details
        self._fill(ClientDraft(**{field: getattr(details, field) for field in FIELDS}), client_id=client.id,
                   version=client.version)
        self.title.text = f"Edit {client.name}"

    def close(self) -> None:
        self.card.set_visibility(False)
        self.client_id = None

    def draft(self) -> ClientDraft:
        return ClientDraft(**{field: str(getattr(self, field).value or "") for field in FIELDS})

    def show_problems(self, problems: dict[str, str]) -> None:
        for field in FIELDS:
            getattr(self, field).error = problems.get(field)

    def refuse(self, message: str, *, offer: Offer = "") -> None:
        """A refusal of the whole save: told above the fields, which keep what the user typed."""
        self.notice.text = message
        self.save_as_new.set_visibility(offer == "save_as_new")
        self.load_saved.set_visibility(offer == "load_saved")

    def _fill(self, draft: ClientDraft, *, client_id: str | None, version: int) -> None:
        self.client_id, self.version = client_id, version
        for field in FIELDS:
            value = getattr(draft, field)
            getattr(self, field).value = (value or None) if field == "country" else value
        self._loaded = self.draft()
        self.show_problems({})
        self.refuse("")
        self.card.set_visibility(True)

    async def _save_as_new(self, on_save: EditorAction) -> None:
        """After the edited client was deleted elsewhere: what was typed becomes a new client."""
        self.client_id, self.version = None, 0
        self.title.text = "New client"
        self.refuse("")
        await on_save(self)


def _input(label: str, width: str) -> ui.input:
    return ui.input(label).props("outlined dense").classes(width)
