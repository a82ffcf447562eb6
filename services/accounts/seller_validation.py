"""Checks a seller profile draft field by field; every problem is a message for the field it belongs beside."""

import re
from decimal import Decimal, InvalidOperation
from typing import cast
from urllib.parse import urlsplit

from stdnum import bic, iban
from stdnum.exceptions import ValidationError

from services.accounts.email_address import email_problem, normalize_email
from services.accounts.seller_draft import SellerDraft
from services.accounts.seller_model import SellerProfile
from services.clients.model import LANGUAGES, countries
from services.clients.validation import checked_vat_id
from services.errors import InvalidInput, Problems
from services.invoices.model import BankAccount, Language, Party
from services.invoices.money import TAX_RATE_SCALE
from services.invoices.validation import glyph_problem

LIMITS = {"name": 200, "street": 200, "postcode": 16, "city": 100, "tax_number": 30, "registration": 200,
          "phone": 40, "website": 200, "bank_name": 100, "footer": 500}
LABELS = {"name": "Business name", "street": "Street", "postcode": "Postcode", "city": "City",
          "tax_number": "Tax number", "registration": "Company registration", "phone": "Phone", "website": "Website",
          "bank_name": "Bank name", "footer": "Footer"}
MAX_PAYMENT_TERMS_DAYS = 365
MAX_FOOTER_LINES = 5
CREDIT_NOTE_SERIES = "CN"
_POSTCODE = re.compile(r"^[0-9A-Z][0-9A-Z -]*$")
_TAX_NUMBER = re.compile(r"^[0-9A-Z][0-9A-Z ./-]*$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]*$")
_PREFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,11}$")
_HOST = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def validate_seller(draft: SellerDraft, *, saved: SellerProfile) -> SellerProfile:
    """Raises InvalidInput (keys: the SellerDraft field names) listing every problem; else the profile to save.

    Name and address are required on every save: an invoice cannot be issued without them. The logo and the
    free-text address of accounts older than the structured one are kept from `saved`.
    """
    problems = Problems()
    text = {key: _text(problems, key, getattr(draft, key)) for key in LIMITS if key != "footer"}
    for key in ("name", "street", "postcode", "city"):
        if not text[key]:
            problems.add(key, f"{LABELS[key]} is required.")
    text["postcode"] = text["postcode"].upper()
    if text["postcode"] and not _POSTCODE.match(text["postcode"]):
        problems.add("postcode", "A postcode has letters, digits, spaces and hyphens only.")
    country = draft.country.strip().upper()
    if country not in countries():
        problems.add("country", "Choose a country from the list." if country else "Country is required.")
    text["tax_number"] = text["tax_number"].upper()
    if text["tax_number"] and not _TAX_NUMBER.match(text["tax_number"]):
        problems.add("tax_number", "A tax number has letters, digits, spaces, dots, hyphens and slashes only.")
    if text["phone"] and not _PHONE.match(text["phone"]):
        problems.add("phone", "A phone number has digits, spaces, brackets and hyphens, and may start with +.")
    if text["website"]:
        problems.add("website", _website_problem(text["website"]))
    email = normalize_email(draft.email)
    if email:
        problems.add("email", email_problem(email))
    party = Party(name=text["name"], street=text["street"], postcode=text["postcode"], city=text["city"],
                  country=country, vat_id=checked_vat_id(problems, draft.vat_id, country),
                  tax_number=text["tax_number"], registration=text["registration"], email=email, phone=text["phone"],
                  website=text["website"], address=saved.party.address)
    bank = BankAccount(iban=_iban(problems, draft.iban), bic=_bic(problems, draft.bic), bank_name=text["bank_name"])
    profile = SellerProfile(
        party=party, bank=bank, payment_terms_days=_payment_terms(problems, draft.payment_terms_days),
        default_vat_rate_thousandths=_vat_rate(problems, draft.default_vat_rate),
        number_prefix=_number_prefix(problems, draft.number_prefix), language=_language(problems, draft.language),
        footer=_footer(problems, draft.footer), logo_id=saved.logo_id)
    if problems:
        raise InvalidInput(problems)
    return profile


def _text(problems: Problems, key: str, raw: str) -> str:
    text = " ".join(raw.split())
    if len(text) > LIMITS[key]:
        problems.add(key, f"{LABELS[key]} can be at most {LIMITS[key]} characters (now {len(text)}).")
    problems.add(key, glyph_problem(text))
    return text


def _footer(problems: Problems, raw: str) -> str:
    lines = [" ".join(line.split()) for line in raw.strip().splitlines()]
    footer = "\n".join(lines)
    if len(footer) > LIMITS["footer"]:
        problems.add("footer", f"The footer can be at most {LIMITS['footer']} characters (now {len(footer)}).")
    if len(lines) > MAX_FOOTER_LINES:
        problems.add("footer", f"The footer can have at most {MAX_FOOTER_LINES} lines.")
    problems.add("footer", glyph_problem(footer))
    return footer


def _website_problem(website: str) -> str | None:
    parts = urlsplit(website if "://" in website else f"https://{website}")
    if parts.scheme not in ("http", "https") or not _HOST.match(parts.hostname or "") or " " in website:
        return "Enter a web address, like example.com or https://example.com/shop."
    return None


def _iban(problems: Problems, raw: str) -> str:
    number = iban.compact(raw)
    if not number:
        return ""
    try:
        return str(iban.validate(number))
    except ValidationError:
        pass
    if len(number) < 5 or not number[:2].isalpha():
        problems.add("iban", "An IBAN starts with its country code and two check digits, like DE89 3704 0044 …")
        return number
    try:  # with the right check digits, is it well-formed for its country?
        iban.validate(number[:2] + iban.calc_check_digits(number) + number[4:])
    except ValidationError:
        problems.add("iban", f"This IBAN has the wrong length or format for its country ({number[:2]}).")
    else:
        problems.add("iban", "This IBAN's check digits do not match: look for a typo.")
    return number


def _bic(problems: Problems, raw: str) -> str:
    code = bic.compact(raw)
    if not code:
        return ""
    try:
        return str(bic.validate(code))
    except ValidationError:
        problems.add("bic", "A BIC has 8 or 11 letters and digits, like DEUTDEFF or DEUTDEFF500.")
        return code


def _payment_terms(problems: Problems, raw: str) -> int:
    text = raw.strip() or "0"
    if not text.isascii() or not text.isdigit() or int(text) > MAX_PAYMENT_TERMS_DAYS:
        problems.add("payment_terms_days", f"Payment terms are a whole number of days, 0 to {MAX_PAYMENT_TERMS_DAYS}.")
        return 0
    return int(text)


def _vat_rate(problems: Problems, raw: str) -> int:
    """A percentage with up to three decimals; a decimal comma is read as a point."""
    text = raw.strip().removesuffix("%").strip().replace(",", ".") or "0"
    try:
        rate = Decimal(text) if len(text) <= 10 and text.count(".") <= 1 else Decimal("NaN")
    except InvalidOperation:
        rate = Decimal("NaN")
    if not rate.is_finite() or not 0 <= rate <= 100 or (rate * TAX_RATE_SCALE) % 1:
        problems.add("default_vat_rate", "The VAT rate is a percentage from 0 to 100, like 19 or 7.5.")
        return 0
    return int(rate * TAX_RATE_SCALE)


def _number_prefix(problems: Problems, raw: str) -> str:
    prefix = raw.strip()
    if not _PREFIX.match(prefix):
        problems.add("number_prefix",
                     "A prefix has 1 to 12 letters, digits, hyphens, dots and underscores, like INV- or 2026-.")
    elif prefix.removesuffix("-").casefold() == CREDIT_NOTE_SERIES.casefold():
        problems.add("number_prefix", "CN- numbers credit notes; choose another prefix for invoices.")
    return prefix


def _language(problems: Problems, raw: str) -> Language:
    language = raw.strip().lower() or "en"
    if language not in LANGUAGES:
        problems.add("language", "Choose a language from the list.")
        return "en"
    return cast(Language, language)
