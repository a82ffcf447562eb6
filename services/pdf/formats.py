"""Dates, amounts, rates and quantities as the invoice's language writes them in the seller's country (babel).

The locale is the language with the seller's country when that language is spoken officially there (`de_AT`,
`fr_BE`, `en_IE`), else the language's own default: `de_DE` (`1.234,56 €`, `2. Dezember 2026`), `fr_FR`
(`1 234,56 €`), `en_GB` (`€1,234.56`, `2 December 2026`). So a German seller writing in English prints English
formats, not CLDR's `en_DE` (`1.234,56 €`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.core import UnknownLocaleError
from babel.dates import format_date, format_interval
from babel.languages import get_official_languages
from babel.numbers import format_currency, format_decimal, format_percent

from services.invoices.money import QUANTITY_SCALE, TAX_RATE_SCALE, from_minor_units


@dataclass(frozen=True)
class Formats:
    locale: Locale
    currency: str

    def money(self, minor: int) -> str:
        return str(format_currency(from_minor_units(minor, self.currency), self.currency, locale=self.locale))

    def day(self, value: date) -> str:
        return str(format_date(value, "long", locale=self.locale))

    def short_day(self, value: date) -> str:
        return str(format_date(value, "medium", locale=self.locale))

    def period(self, start: date, end: date) -> str:
        return str(format_interval(start, end, "yMMMMd", locale=self.locale))

    def percent(self, thousandths: int) -> str:
        """A rate in thousandths of a percent: 19000 is `19 %` in German, `19%` in English."""
        fraction = Decimal(thousandths) / (100 * TAX_RATE_SCALE)
        return str(format_percent(fraction, locale=self.locale, decimal_quantization=False))

    def quantity(self, thousandths: int) -> str:
        return str(format_decimal(Decimal(thousandths) / QUANTITY_SCALE, locale=self.locale,
                                  decimal_quantization=False))


def formats_for(language: str, country: str, currency: str) -> Formats:
    return Formats(locale=_locale(language, country.upper()), currency=currency)


DEFAULT_TERRITORIES = {"en": "GB", "de": "DE", "fr": "FR"}


@cache
def _locale(language: str, country: str) -> Locale:
    if country.isalpha() and len(country) == 2 and language in get_official_languages(country, de_facto=True):
        try:
            return Locale(language, country)
        except UnknownLocaleError:
            pass
    return Locale(language, DEFAULT_TERRITORIES.get(language))


def group_iban(iban: str) -> str:
    """`DE89 3704 0044 0532 0130 00`: groups of four, as printed for people to read and type."""
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
