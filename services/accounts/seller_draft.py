"""What the browser sends for the seller profile: raw text, untrusted, checked by seller_validation."""

from dataclasses import dataclass, fields

from stdnum import iban

from services.accounts.seller_model import SellerProfile
from services.invoices.money import format_tax_rate


@dataclass(frozen=True)
class SellerDraft:
    """Field names are the keys of the problems InvalidInput reports."""

    name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    vat_id: str = ""
    tax_number: str = ""
    registration: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    iban: str = ""
    bic: str = ""
    bank_name: str = ""
    payment_terms_days: str = "14"
    default_vat_rate: str = "0"
    number_prefix: str = "INV-"
    language: str = "en"
    footer: str = ""


DRAFT_FIELDS = tuple(field.name for field in fields(SellerDraft))
ONBOARDING_FIELDS = ("name", "street", "postcode", "city", "country", "vat_id", "tax_number")


def draft_of(profile: SellerProfile) -> SellerDraft:
    """The saved profile as the form shows it: the IBAN in groups of four, the rate as a plain percentage."""
    party, bank = profile.party, profile.bank
    return SellerDraft(
        name=party.name, street=party.street, postcode=party.postcode, city=party.city, country=party.country,
        vat_id=party.vat_id, tax_number=party.tax_number, registration=party.registration, email=party.email,
        phone=party.phone, website=party.website, iban=iban.format(bank.iban) if bank.iban else "", bic=bank.bic,
        bank_name=bank.bank_name, payment_terms_days=str(profile.payment_terms_days),
        default_vat_rate=format_tax_rate(profile.default_vat_rate_thousandths).removesuffix("%"),
        number_prefix=profile.number_prefix, language=profile.language, footer=profile.footer,
    )
