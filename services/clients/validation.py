"""Checks a client draft field by field; every problem is a message for the field it belongs beside."""

import re

from stdnum import exceptions as stdnum_errors
from stdnum.eu import vat as eu_vat

from services.accounts.email_address import email_problem, normalize_email
from services.clients.buyer_reference import checked_buyer_reference
from services.clients.model import DEFAULT_LANGUAGE, LANGUAGES, ClientDetails, ClientDraft, countries
from services.errors import InvalidInput, Problems
from services.invoices.money import active_currencies
from services.invoices.printable import glyph_problem

MAX_NAME = 200
MAX_STREET = 200
MAX_POSTCODE = 16
MAX_CITY = 100
MAX_VAT_ID = 30
# EU VAT prefixes by ISO country: Greece uses EL; XI is Northern Ireland, whose ISO country is GB.
EU_VAT_PREFIXES = {code.upper(): code.upper() for code in eu_vat.MEMBER_STATES if code != "xi"} | {"GR": "EL"}
_EU_PREFIXES = frozenset(EU_VAT_PREFIXES.values()) | {"GR", "XI"}
_POSTCODE = re.compile(r"^[0-9A-Z][0-9A-Z -]*$")
_OTHER_VAT_ID = re.compile(r"^[0-9A-Z][0-9A-Z ./-]*$")
_VAT_EXAMPLE = "like DE136695976"


def validate_client(draft: ClientDraft, *, default_currency: str) -> ClientDetails:
    """Raises InvalidInput (keys: the ClientDraft field names) listing every problem; else the checked details."""
    problems = Problems()
    name = _text(problems, "name", draft.name, MAX_NAME, "Name")
    if not name:
        problems.add("name", "Name is required.")
    email = normalize_email(draft.email)
    if email:
        problems.add("email", email_problem(email))
    street = _text(problems, "street", draft.street, MAX_STREET, "Street")
    city = _text(problems, "city", draft.city, MAX_CITY, "City")
    postcode = _text(problems, "postcode", draft.postcode.upper(), MAX_POSTCODE, "Postcode")
    if postcode and not _POSTCODE.match(postcode):
        problems.add("postcode", "A postcode has letters, digits, spaces and hyphens only.")
    country = draft.country.strip().upper()
    if country and country not in countries():
        problems.add("country", "Choose a country from the list.")
    vat_id = checked_vat_id(problems, draft.vat_id, country)
    language = draft.language.strip().lower() or DEFAULT_LANGUAGE
    if language not in LANGUAGES:
        problems.add("language", "Choose a language from the list.")
    currency = draft.currency.strip().upper() or default_currency
    if currency not in active_currencies():
        problems.add("currency", "Choose a currency from the list.")
    buyer_reference = checked_buyer_reference(problems, draft.buyer_reference)
    if problems:
        raise InvalidInput(problems)
    return ClientDetails(name=name, email=email, street=street, postcode=postcode, city=city, country=country,
                         vat_id=vat_id, language=language, currency=currency, buyer_reference=buyer_reference)


def _text(problems: Problems, key: str, raw: str, limit: int, label: str) -> str:
    text = " ".join(raw.split())
    if len(text) > limit:
        problems.add(key, f"{label} can be at most {limit} characters (now {len(text)}).")
    problems.add(key, glyph_problem(text))
    return text


def checked_vat_id(problems: Problems, raw: str, country: str) -> str:
    """EU VAT IDs are checked with their check digits; other countries' IDs only for their characters.

    A number typed without its prefix takes the client's country's (Greece: EL), so "136695976" for a German
    client is stored as DE136695976.
    """
    text = " ".join(raw.split()).upper()
    if not text:
        return ""
    if len(text) > MAX_VAT_ID:
        problems.add("vat_id", f"A VAT ID can be at most {MAX_VAT_ID} characters.")
        return text
    prefix = text[:2] if text[:2].isalpha() else ""
    if prefix in _EU_PREFIXES or (not prefix and country in EU_VAT_PREFIXES):
        return _eu_vat_id(problems, text if prefix else EU_VAT_PREFIXES[country] + text)
    if not _OTHER_VAT_ID.match(text):
        problems.add("vat_id", "A VAT ID has letters, digits, spaces, dots, hyphens and slashes only.")
    return text


def _eu_vat_id(problems: Problems, text: str) -> str:
    try:
        number = str(eu_vat.validate(text))
    except stdnum_errors.InvalidChecksum:
        problems.add("vat_id", "This VAT ID's check digit does not match: look for a typo.")
    except stdnum_errors.InvalidLength:
        problems.add("vat_id", f"This VAT ID has the wrong number of characters for its country ({text[:2]}).")
    except stdnum_errors.ValidationError:
        problems.add("vat_id", f"This is not a valid EU VAT ID: the country code, then the number, {_VAT_EXAMPLE}.")
    else:
        return "EL" + number[2:] if number.startswith("GR") else number
    return text
