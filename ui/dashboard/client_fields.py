"""The invoice editor's client block: name, email, postal address, VAT ID, buyer reference and language, filled by
the client picker."""

from collections.abc import Callable
from dataclasses import replace

from nicegui import ui

from services.accounts.email_address import MAX_EMAIL_LENGTH
from services.clients.buyer_reference import MAX_BUYER_REFERENCE
from services.clients.model import LANGUAGES, Client, countries
from services.clients.validation import MAX_CITY, MAX_POSTCODE, MAX_STREET, MAX_VAT_ID
from services.invoices.drafts import InvoiceDraft
from services.invoices.einvoice_needs import assumed_country_hint
from services.invoices.validation import MAX_CLIENT_NAME
from ui.clients.buyer_reference_field import LABEL as BUYER_REFERENCE
from ui.clients.buyer_reference_field import warn_about_leitweg
from ui.country_select import country_select
from ui.dashboard.fields import bounded
from ui.shared_select import SharedOptionsSelect

TEXT_FIELDS = ("name", "email", "street", "postcode", "city", "vat_id", "buyer_reference")
DEFAULT_LANGUAGE_CHOICE = "Seller's default"
LANGUAGE_CHOICES = {"": DEFAULT_LANGUAGE_CHOICE, **LANGUAGES}


class ClientFields:
    def __init__(self, on_change: Callable[[], None]) -> None:
        with ui.row().classes("w-full gap-2"):
            self.name = _text("Client name", MAX_CLIENT_NAME, "grow")
            self.email = _text("Client email", MAX_EMAIL_LENGTH, "grow").props("type=email")
        with ui.row().classes("w-full gap-2"):
            self.street = _text("Client street", MAX_STREET, "grow")
            self.postcode = _text("Client postcode", MAX_POSTCODE, "w-32")
            self.city = _text("Client city", MAX_CITY, "w-48")
        with ui.row().classes("w-full gap-2"):
            self.country = country_select("Client country", "w-64")
            self.vat_id = _text("Client VAT ID", MAX_VAT_ID, "w-56")
            self.language = SharedOptionsSelect(LANGUAGE_CHOICES, label="Language", value="") \
                .props("outlined dense").classes("w-48")
            self.buyer_reference = warn_about_leitweg(_text(BUYER_REFERENCE, MAX_BUYER_REFERENCE, "w-72"))
        self._seller_country = ""
        for field in (*self._texts(), self.country, self.language):
            field.on_value_change(on_change)
        self.country.on_value_change(self._show_assumed_country)

    def into(self, draft: InvoiceDraft) -> InvoiceDraft:
        """The draft with the client block as typed."""
        return replace(draft, client_name=self.name.value or "", client_email=self.email.value or "",
                       client_street=self.street.value or "", client_postcode=self.postcode.value or "",
                       client_city=self.city.value or "", client_country=self.country.value or "",
                       client_vat_id=self.vat_id.value or "", client_language=self.language.value or "",
                       client_buyer_reference=self.buyer_reference.value or "")

    def fill(self, draft: InvoiceDraft) -> None:
        self.name.value, self.email.value = draft.client_name, draft.client_email
        self.street.value, self.postcode.value, self.city.value = \
            draft.client_street, draft.client_postcode, draft.client_city
        self.country.value = draft.client_country if draft.client_country in countries() else None
        self.vat_id.value, self.buyer_reference.value = draft.client_vat_id, draft.client_buyer_reference
        self.language.value = draft.client_language if draft.client_language in LANGUAGES else ""

    def picked(self, client: Client) -> None:
        """A client chosen from the book: its address, VAT ID, buyer reference and language as saved (name and
        email are the picker's)."""
        details = client.details
        self.street.value, self.postcode.value, self.city.value = details.street, details.postcode, details.city
        self.country.value = details.country or None
        self.vat_id.value, self.language.value = details.vat_id, details.language
        self.buyer_reference.value = details.buyer_reference

    def assume_seller_country(self, country: str) -> None:
        """The seller's country (ISO code), which the e-invoice takes for a client without one: said beside the
        empty country field."""
        self._seller_country = country
        self._show_assumed_country()

    def _show_assumed_country(self) -> None:
        name = countries().get(self._seller_country, "")
        self.country.props["hint"] = assumed_country_hint(name) if name and not self.country.value else ""
        self.country.update()

    def clear(self) -> None:
        self.fill(InvoiceDraft())

    def show_problems(self, problems: dict[str, str]) -> None:
        for name in (*TEXT_FIELDS, "country", "language"):
            getattr(self, name).error = problems.get(f"client_{name}")

    def _texts(self) -> list[ui.input]:
        return [getattr(self, name) for name in TEXT_FIELDS]


def _text(label: str, max_length: int, width: str) -> ui.input:
    return bounded(ui.input(label), max_length).props("outlined dense").classes(width)
