"""The invoice's printed words in English, German and French: gettext catalogues read with babel.

The catalogues are the `.po` files under translations/ (English is the source language and has none); each is
compiled to a `.mo` in memory the first time a worker prints in its language, so a fresh clone needs no build
step. Every message is written out in a gettext call of this package, where `pybabel extract` finds it (and
tests/pdf/test_translations.py checks that each catalogue translates exactly those).
"""

from __future__ import annotations

import gettext
import io
import re
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from services.invoices.model import VatCategory

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"
DOMAIN = "invoice"
SOURCE_LANGUAGE = "en"
_SMALL_BUSINESS = re.compile(r"§\s*19\b|kleinunternehm|small[- ]business", re.IGNORECASE)


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The translations of one language; English prints the messages as written."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        messages = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def unit_names(t: gettext.NullTranslations) -> dict[str, str]:
    """UN/ECE Recommendation 20 codes as the Unit column prints them."""
    return {
        "HUR": t.pgettext("unit", "hour"),
        "DAY": t.pgettext("unit", "day"),
        "WEE": t.pgettext("unit", "week"),
        "MON": t.pgettext("unit", "month"),
        "C62": t.pgettext("unit", "piece"),
        "H87": t.pgettext("unit", "piece"),
        "KGM": t.pgettext("unit", "kg"),
        "KMT": t.pgettext("unit", "km"),
        "MTR": t.pgettext("unit", "m"),
        "LTR": t.pgettext("unit", "l"),
        "LS": t.pgettext("unit", "lump sum"),
    }


def vat_treatment_notes(t: gettext.NullTranslations) -> dict[VatCategory, str]:
    """The legal note each VAT category but standard prints under the totals."""
    return {
        "Z": t.gettext("Zero-rated supply: VAT rate 0"),
        "E": t.gettext("Exempt from VAT"),
        "AE": t.gettext("Reverse charge: VAT to be accounted for by the recipient"),
        "K": t.gettext("Intra-community supply of goods, exempt from VAT (Art. 138 Directive 2006/112/EC)"),
        "G": t.gettext("Export outside the EU, exempt from VAT (Art. 146 Directive 2006/112/EC)"),
        "O": t.gettext("Not subject to VAT"),
    }


def small_business_note(t: gettext.NullTranslations) -> str:
    return t.gettext("Small business: no VAT is charged under § 19 UStG")


def is_small_business(exemption_reason: str) -> bool:
    """Whether an exemption (category E) is the small-business one, e.g. "Kleinunternehmer gemäß § 19 UStG"."""
    return bool(_SMALL_BUSINESS.search(exemption_reason))
