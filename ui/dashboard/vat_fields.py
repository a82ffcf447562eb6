"""The invoice editor's tax block: the service date or period, the VAT treatment and its exemption reason."""

from collections.abc import Callable
from dataclasses import replace

from nicegui import ui

from services.invoices.drafts import InvoiceDraft
from services.invoices.einvoice_needs import seller_tax_id_hint
from services.invoices.model import Party
from services.invoices.validation import MAX_EXEMPTION_REASON
from services.invoices.vat import STANDARD, TREATMENTS
from ui.dashboard.fields import bounded, date_input
from ui.shared_select import SharedOptionsSelect

SAME_AS_ISSUE_DATE = "Empty: the issue date"


class VatFields:
    def __init__(self, *, on_change: Callable[[], None], on_treatment: Callable[[], None]) -> None:
        with ui.row().classes("w-full gap-2 items-start"):
            self.service_date = date_input("Service date", None).props(f"hint='{SAME_AS_ISSUE_DATE}'")
            self.service_end = date_input("Service end", None).props("hint='For a period: its last day'")
            self.treatment = SharedOptionsSelect({key: treatment.label for key, treatment in TREATMENTS.items()},
                                       label="VAT treatment", value=STANDARD, on_change=on_treatment) \
                .props("outlined dense").classes("w-64")
            self.reason = bounded(ui.input("Exemption reason"), MAX_EXEMPTION_REASON).props("outlined dense") \
                .classes("grow")
        for field in (self.service_date, self.service_end, self.reason):
            field.on_value_change(on_change)
        self._seller: Party | None = None  # until the profile is read
        self.show_reason()

    @property
    def charges_vat(self) -> bool:
        return TREATMENTS.get(self.treatment.value or "", TREATMENTS[STANDARD]).charges_vat

    def show_reason(self) -> None:
        """The reason field only where one is printed; the standard reason, if any, is offered as its hint."""
        treatment = TREATMENTS.get(self.treatment.value or "", TREATMENTS[STANDARD])
        self.reason.set_visibility(treatment.has_reason)
        standard = treatment.standard_reason.get("en", "")
        hint = f"Empty: \u201c{standard}\u201d (in the invoice's language)" if standard else \
            "Required: why no VAT is charged"
        self.reason.props["hint"] = hint
        self._show_seller_needs()

    def use_seller(self, seller: Party) -> None:
        self._seller = seller
        self._show_seller_needs()

    def _show_seller_needs(self) -> None:
        """Before Generate: which tax identifier of the seller this treatment's e-invoice needs and lacks."""
        hint = seller_tax_id_hint(self._seller, self.treatment.value or "") if self._seller else ""
        self.treatment.props["hint"] = hint
        self.treatment.update()

    def into(self, draft: InvoiceDraft) -> InvoiceDraft:
        return replace(draft, service_date=self.service_date.value or "", service_end=self.service_end.value or "",
                       vat_treatment=self.treatment.value or "", exemption_reason=self.reason.value or "")

    def fill(self, draft: InvoiceDraft) -> None:
        self.service_date.value, self.service_end.value = draft.service_date, draft.service_end
        self.treatment.value = draft.vat_treatment if draft.vat_treatment in TREATMENTS else STANDARD
        self.reason.value = draft.exemption_reason
        self.show_reason()

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, field in [("service_date", self.service_date), ("service_end", self.service_end),
                           ("vat_treatment", self.treatment), ("exemption_reason", self.reason)]:
            field.error = problems.get(key)
