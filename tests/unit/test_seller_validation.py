"""Seller profile fields checked without a database: what the user reads beside each field, and what is stored."""

import pytest

from services.accounts.seller_draft import SellerDraft, draft_of
from services.accounts.seller_model import SellerProfile
from services.accounts.seller_validation import validate_seller
from services.errors import InvalidInput
from services.invoices.model import BankAccount, Party

ADDRESS = {"name": "Müller Design GmbH", "street": "Hauptstraße 1", "postcode": "10115", "city": "Berlin",
           "country": "DE"}
PREFIX_RULE = "A prefix has 1 to 12 letters, digits, hyphens, dots and underscores, like INV- or 2026-."
SAVED = SellerProfile(party=Party(name="Old name", address="Old street 1\nOld town"), logo_id="logo-1")


def checked(**fields: str) -> SellerProfile:
    return validate_seller(SellerDraft(**{**ADDRESS, **fields}), saved=SAVED)


def problems(**fields: str) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        checked(**fields)
    return refused.value.problems.by_field


def test_name_and_full_address_are_required_and_named_beside_their_fields() -> None:
    assert problems(name=" ", street="", postcode="", city="", country="") == {
        "name": "Business name is required.", "street": "Street is required.", "postcode": "Postcode is required.",
        "city": "City is required.", "country": "Country is required."}
    assert problems(country="XX") == {"country": "Choose a country from the list."}


def test_a_complete_profile_is_stored_compact_and_keeps_the_logo_and_the_old_free_text_address() -> None:
    profile = checked(iban="de89 3704 0044 0532 0130 00", bic="deut de ff", vat_id="de 136 695 976",
                      tax_number="12/345/67890", email="Billing@Example.COM", phone="+49 30 1234567",
                      website="example.com", bank_name="Deutsche Bank", payment_terms_days="30",
                      default_vat_rate="7,5", number_prefix="RE-2026-", language="de",
                      footer="  Geschäftsführer:   Max Müller \n Amtsgericht Berlin  ")
    assert profile.party == Party(name="Müller Design GmbH", street="Hauptstraße 1", postcode="10115", city="Berlin",
                                  country="DE", vat_id="DE136695976", tax_number="12/345/67890",
                                  email="billing@example.com", phone="+49 30 1234567", website="example.com",
                                  address="Old street 1\nOld town")
    assert profile.bank == BankAccount(iban="DE89370400440532013000", bic="DEUTDEFF", bank_name="Deutsche Bank")
    assert (profile.payment_terms_days, profile.default_vat_rate_thousandths) == (30, 7500)
    assert (profile.number_prefix, profile.language, profile.logo_id) == ("RE-2026-", "de", "logo-1")
    assert profile.footer == "Geschäftsführer: Max Müller\nAmtsgericht Berlin"
    assert profile.missing_for_issuing() == []
    shown = draft_of(profile)
    assert (shown.iban, shown.default_vat_rate, shown.payment_terms_days) == ("DE89 3704 0044 0532 0130 00", "7.5",
                                                                              "30")


@pytest.mark.parametrize(("iban", "message"), [
    ("DE89 3704 0044 0532 0130 01", "This IBAN's check digits do not match: look for a typo."),
    ("DE89 3704 0044 0532 0130 0", "This IBAN has the wrong length or format for its country (DE)."),
    ("FR14 2004 1010 0505 0001 3M02 6061", "This IBAN has the wrong length or format for its country (FR)."),
    ("1234", "An IBAN starts with its country code and two check digits, like DE89 3704 0044 …"),
])
def test_ibans_are_checked_with_mod_97_and_their_country_s_length(iban: str, message: str) -> None:
    assert problems(iban=iban) == {"iban": message}


def test_a_valid_iban_of_another_country_is_accepted() -> None:
    assert checked(iban="FR14 2004 1010 0505 0001 3M02 606").bank.iban == "FR1420041010050500013M02606"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("bic", "DEUT", "A BIC has 8 or 11 letters and digits, like DEUTDEFF or DEUTDEFF500."),
    ("vat_id", "DE136695977", "This VAT ID's check digit does not match: look for a typo."),
    ("vat_id", "FR123", "This VAT ID has the wrong number of characters for its country (FR)."),
    ("email", "not an address", "Enter a valid email address, like name@example.com."),
    ("phone", "call me", "A phone number has digits, spaces, brackets and hyphens, and may start with +."),
    ("website", "javascript:alert(1)", "Enter a web address, like example.com or https://example.com/shop."),
    ("payment_terms_days", "-3", "Payment terms are a whole number of days, 0 to 365."),
    ("payment_terms_days", "4000", "Payment terms are a whole number of days, 0 to 365."),
    ("default_vat_rate", "101", "The VAT rate is a percentage from 0 to 100, like 19 or 7.5."),
    ("default_vat_rate", "7.1234", "The VAT rate is a percentage from 0 to 100, like 19 or 7.5."),
    ("number_prefix", "", PREFIX_RULE),
    ("number_prefix", "IN V/", PREFIX_RULE),
    ("number_prefix", "cn-", "CN- numbers credit notes; choose another prefix for invoices."),
    ("language", "es", "Choose a language from the list."),
    ("postcode", "10115!", "A postcode has letters, digits, spaces and hyphens only."),
    ("name", "x" * 201, "Business name can be at most 200 characters (now 201)."),
    ("footer", "line\n" * 6, "The footer can have at most 5 lines."),
])
def test_each_refusal_is_told_beside_its_field(field: str, value: str, message: str) -> None:
    assert problems(**{field: value}) == {field: message}


@pytest.mark.parametrize("field", ["name", "street", "city", "registration", "bank_name", "footer"])
def test_printed_text_the_pdf_font_cannot_draw_or_that_hides_characters_is_refused(field: str) -> None:
    assert "invisible or control characters" in problems(**{field: "Acme\u202e GmbH"})[field]
