"""The seller profile form: every field of the profile, or only name, address and tax identifiers for the
onboarding step.

Refusals are shown beside their fields and nothing typed is lost.
"""

from nicegui import ui

from services.accounts.seller_draft import DRAFT_FIELDS, ONBOARDING_FIELDS, SellerDraft
from services.clients.model import LANGUAGES, countries

LABELS = {"name": "Business name", "street": "Street", "postcode": "Postcode", "city": "City", "country": "Country",
          "vat_id": "VAT ID", "tax_number": "Tax number", "registration": "Company registration", "email": "Email",
          "phone": "Phone", "website": "Website", "iban": "IBAN", "bic": "BIC", "bank_name": "Bank name",
          "payment_terms_days": "Payment terms (days)", "default_vat_rate": "Default VAT rate %",
          "number_prefix": "Invoice number prefix", "language": "Invoice language", "footer": "Footer"}
MAX_LENGTHS = {"name": 200, "street": 200, "postcode": 16, "city": 100, "vat_id": 30, "tax_number": 30,
               "registration": 200, "email": 254, "phone": 40, "website": 200, "iban": 42, "bic": 14, "bank_name": 100,
               "payment_terms_days": 3, "default_vat_rate": 8, "number_prefix": 12, "footer": 500}
SECTIONS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("Your business", (("name",), ("street",), ("postcode", "city", "country"),
                       ("vat_id", "tax_number", "registration"), ("email", "phone", "website"))),
    ("Bank account", (("iban", "bic", "bank_name"),)),
    ("Invoice defaults", (("payment_terms_days", "default_vat_rate", "number_prefix", "language"), ("footer",))),
)
Field = ui.input | ui.select | ui.textarea


class ProfileForm:
    def __init__(self, *, onboarding: bool) -> None:
        self.fields: dict[str, Field] = {}
        self._saved = SellerDraft()
        shown = set(ONBOARDING_FIELDS if onboarding else DRAFT_FIELDS)
        for title, rows in SECTIONS:
            visible = [row for row in (tuple(key for key in row if key in shown) for row in rows) if row]
            if not visible:
                continue
            if not onboarding:
                ui.label(title).classes("text-subtitle1 text-grey-8 mt-2")
            for row in visible:
                with ui.row().classes("w-full gap-2 sm:flex-nowrap"):
                    for key in row:
                        self.fields[key] = _field(key)

    def fill(self, draft: SellerDraft) -> None:
        self._saved = draft
        for key, element in self.fields.items():
            value = getattr(draft, key)
            element.value = (value or None) if key == "country" else value
        self.show_problems({})

    def draft(self) -> SellerDraft:
        """What is typed, over the saved values of the fields this form does not show."""
        typed = {key: str(element.value or "") for key, element in self.fields.items()}
        return SellerDraft(**{key: typed.get(key, getattr(self._saved, key)) for key in DRAFT_FIELDS})

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, element in self.fields.items():
            element.error = problems.get(key)

    def set_enabled(self, enabled: bool) -> None:
        for element in self.fields.values():
            element.set_enabled(enabled)


def _field(key: str) -> Field:
    label = LABELS[key]
    if key == "country":
        return ui.select({code: f"{name} ({code})" for code, name in countries().items()}, label=label,
                         with_input=True).props("outlined dense options-dense").classes("w-full sm:w-64")
    if key == "language":
        return ui.select(LANGUAGES, label=label, value="en").props("outlined dense").classes("w-full sm:w-40")
    if key == "footer":
        return ui.textarea(label).props(f"outlined dense autogrow maxlength={MAX_LENGTHS[key]}").classes("w-full")
    width = "w-full sm:w-40" if key in ("postcode", "payment_terms_days", "default_vat_rate", "number_prefix") \
        else "w-full sm:w-auto sm:grow"
    return ui.input(label).props(f"outlined dense maxlength={MAX_LENGTHS[key]}").classes(width)
