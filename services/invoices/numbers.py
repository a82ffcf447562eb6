"""Numbers as people type them: a decimal point or a decimal comma ("12.5" or "12,5").

Thousands separators are read as the invoice's language writes them ("1.234,50" in German, "1,234.50" or
"1 234.50" in English, "1 234,50" in French), and only where the digits are grouped in threes; without a language
they are refused as ambiguous. A lone comma or point that groups nothing is a decimal mark in any language.
"""

import re
from decimal import Decimal, InvalidOperation

from babel import Locale

MAX_NUMBER_TEXT = 40
AMBIGUOUS = ("Write the number without thousands separators, with one decimal point or comma "
             "(like 1234.50 or 1234,50).")


class AmbiguousNumber(ValueError):
    """Both a point and a comma, or several commas: "1,234.5" could mean two different amounts."""


def decimal_mark(language: str) -> str | None:
    """The language's decimal mark ("," for de and fr), None for no language ("" is the seller's default)."""
    return str(Locale.parse(language).number_symbols["latn"]["decimal"]) if language else None


def parse_number(raw: str, decimal_mark: str | None = None) -> Decimal:
    """The typed number (possibly NaN or infinite); raises AmbiguousNumber or InvalidOperation when it is none.

    `decimal_mark` ("," or ".") is the invoice language's: it decides numbers with thousands separators."""
    if len(raw.strip()) > MAX_NUMBER_TEXT:
        raise InvalidOperation(raw.strip()[:MAX_NUMBER_TEXT])
    text = ungrouped(raw, decimal_mark)
    if "," in text:
        if "." in text or text.count(",") > 1:
            raise AmbiguousNumber(text)
        text = text.replace(",", ".")
    return Decimal(text)


def typed_number(raw: str, decimal_mark: str | None = None) -> Decimal | None:
    """A finite number, or None for anything else (a half-typed field in the live totals)."""
    try:
        value = parse_number(raw, decimal_mark)
    except (ValueError, InvalidOperation):  # AmbiguousNumber is a ValueError
        return None
    return value if value.is_finite() else None


def ungrouped(raw: str, decimal_mark: str | None) -> str:
    """"1.234,50" -> "1234,50" where the decimal mark is a comma; only digits grouped in threes count as grouped.
    Without a decimal mark nothing is taken for a thousands separator."""
    text = raw.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if decimal_mark is None:
        return text
    for separator in ("." if decimal_mark == "," else ",", " ", "'"):
        grouped = rf"-?[1-9]\d{{0,2}}({re.escape(separator)}\d{{3}})+({re.escape(decimal_mark)}\d+)?"
        if re.fullmatch(grouped, text):
            return text.replace(separator, "")
    return text
