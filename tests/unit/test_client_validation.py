"""Client fields checked without a database: what the user reads beside each field, and what is stored."""

import pytest

from services.clients.model import ClientDetails, ClientDraft, countries
from services.clients.validation import validate_client
from services.errors import InvalidInput
from services.search_text import search_key


def problems(**fields: str) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        validate_client(ClientDraft(**{"name": "Acme", **fields}), default_currency="EUR")
    return refused.value.problems.by_field


def checked(**fields: str) -> ClientDetails:
    return validate_client(ClientDraft(**{"name": "Acme", **fields}), default_currency="EUR")


def test_only_the_name_is_required_and_language_and_currency_take_defaults() -> None:
    assert checked() == ClientDetails(name="Acme", language="en", currency="EUR")
    assert problems(name="   ") == {"name": "Name is required."}


@pytest.mark.parametrize(("typed", "country", "stored"), [
    ("DE136695976", "", "DE136695976"),
    ("de 136.695.976", "DE", "DE136695976"),
    ("136695976", "DE", "DE136695976"),  # the client's country supplies the prefix
    ("094259216", "GR", "EL094259216"),  # Greece's VAT prefix is EL
    ("GR094259216", "GR", "EL094259216"),
    ("ATU13585627", "AT", "ATU13585627"),
    ("CHE-123.456.789 MWST", "CH", "CHE-123.456.789 MWST"),  # outside the EU: kept as typed
])
def test_a_vat_id_is_stored_in_its_compact_official_form(typed: str, country: str, stored: str) -> None:
    assert checked(vat_id=typed, country=country).vat_id == stored


@pytest.mark.parametrize(("typed", "country", "message"), [
    ("DE136695970", "", "This VAT ID's check digit does not match: look for a typo."),
    ("DE13669597", "", "This VAT ID has the wrong number of characters for its country (DE)."),
    ("FRXX", "", "This is not a valid EU VAT ID: the country code, then the number, like DE136695976."),
    ("12345", "FR", "This VAT ID has the wrong number of characters for its country (FR)."),
    ("US<script>", "US", "A VAT ID has letters, digits, spaces, dots, hyphens and slashes only."),
    ("X" * 31, "", "A VAT ID can be at most 30 characters."),
])
def test_a_wrong_vat_id_is_told_beside_the_field(typed: str, country: str, message: str) -> None:
    assert problems(vat_id=typed, country=country) == {"vat_id": message}


def test_the_country_is_an_iso_3166_code_from_the_list() -> None:
    assert checked(country=" fr ").country == "FR"
    assert checked(country="XK").country == "XK"  # Kosovo, as used by the EU
    for code in ("EU", "UN", "ZZ", "FRA", "001", "Q1"):
        assert problems(country=code) == {"country": "Choose a country from the list."}
    assert countries()["DE"] == "Germany"
    assert [*countries()][:3] == ["AF", "AX", "AL"]  # by English name, accents ignored: Åland among the A's


def test_language_and_currency_come_from_their_lists() -> None:
    assert checked(language="FR", currency="chf").language == "fr"
    assert problems(language="es", currency="EURO") == {"language": "Choose a language from the list.",
                                                        "currency": "Choose a currency from the list."}


def test_lengths_invisible_characters_and_unprintable_scripts_are_refused_with_their_reason() -> None:
    found = problems(name="A" * 201, street="Main\u202eStreet", city="ขก", postcode="1" * 17)  # Thai
    assert found["name"] == "Name can be at most 200 characters (now 201)."
    assert "invisible or control characters (U+202E)" in found["street"]
    assert "cannot print these characters: ก ข" in found["city"]
    assert found["postcode"] == "Postcode can be at most 16 characters (now 17)."


def test_whitespace_is_collapsed_email_lowered_and_postcode_upper_cased() -> None:
    details = checked(name="  Acme \t Ltd ", email=" AP@Acme.Example ", postcode="sw1a 1aa", street=" 1  High St ")
    assert (details.name, details.email, details.postcode, details.street) == \
        ("Acme Ltd", "ap@acme.example", "SW1A 1AA", "1 High St")


def test_the_search_key_ignores_case_and_accents_in_latin_greek_and_cyrillic() -> None:
    assert search_key("  Müller  ŁÓDŹ Ærø Straße ") == "muller lodz aero strasse"
    assert search_key("ΆΘΉΝΑ Οδός") == search_key("αθηνα οδοσ")
    assert search_key("Ёлка Йошкар") == "елка иошкар"
