"""The seller's profile, declared once: who issues the invoices, how they are paid, and the defaults."""

from dataclasses import dataclass, field

from services.invoices.model import BankAccount, Language, Party

REQUIRED_FOR_ISSUING = {"name": "Business name", "street": "Street", "postcode": "Postcode", "city": "City",
                        "country": "Country"}


@dataclass(frozen=True)
class SellerProfile:
    """Kept per user at /settings; copied onto each invoice when it is issued, so later edits change no invoice."""

    party: Party  # name, street, postcode, city, country, vat_id, tax_number, registration, email, phone, website
    bank: BankAccount = field(default_factory=BankAccount)
    payment_terms_days: int = 14
    default_vat_rate_thousandths: int = 0
    number_prefix: str = "INV-"
    language: Language = "en"
    footer: str = ""
    logo_id: str = ""  # the stored, re-encoded logo, "" for none

    def missing_for_issuing(self) -> list[str]:
        """The labels of the fields an invoice cannot be issued without (art. 226 VAT Directive: name, address)."""
        return [label for name, label in REQUIRED_FOR_ISSUING.items() if not getattr(self.party, name).strip()]
