"""What the browser sends for an invoice (raw text, untrusted), and drafts: that text, kept as typed.

A draft is checked only for size when saved (services.invoices.draft_book), so that nothing a user typed is
lost; everything else is checked by services.invoices.validation when the invoice is issued.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LineDraft:
    description: str = ""
    quantity: str = ""
    unit_price: str = ""
    unit: str = "C62"  # a key of services.invoices.units.UNITS
    vat_rate: str = "0"  # percent; "" counts as 0
    discount: str = ""  # percent; "" for none


@dataclass(frozen=True)
class InvoiceDraft:
    client_name: str = ""
    client_email: str = ""
    issue_date: str = ""
    due_date: str = ""
    currency: str = ""
    notes: str = ""
    lines: tuple[LineDraft, ...] = ()
    client_id: str = ""  # the saved client it was filled from, "" for none
    client_street: str = ""
    client_postcode: str = ""
    client_city: str = ""
    client_country: str = ""  # ISO 3166-1 alpha-2
    client_vat_id: str = ""
    client_buyer_reference: str = ""  # BT-10, e.g. a Leitweg-ID
    client_language: str = ""  # "" for the seller's default
    service_date: str = ""  # "" for the issue date
    service_end: str = ""  # "" for a single service date
    vat_treatment: str = "S"  # a key of services.invoices.vat.TREATMENTS
    exemption_reason: str = ""  # "" for the treatment's standard reason

    def is_blank(self) -> bool:
        """Nothing worth keeping was typed: no client, no notes, no line with a description or a price."""
        typed = [self.client_name, self.client_email, self.notes, self.client_street, self.client_city,
                 self.client_vat_id, self.client_buyer_reference, self.exemption_reason,
                 *(text for line in self.lines for text in (line.description, line.unit_price))]
        return not any(text.strip() for text in typed)


@dataclass(frozen=True)
class SavedDraft:
    id: str
    version: int  # raised by every save: a save based on an older version was made in another tab
    updated_at: datetime
    draft: InvoiceDraft
