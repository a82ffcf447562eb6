"""Numbers as people type them: a decimal point or a decimal comma ("12.5" or "12,5"), no thousands separators."""

from decimal import Decimal, InvalidOperation

MAX_NUMBER_TEXT = 40
AMBIGUOUS = ("Write the number without thousands separators, with one decimal point or comma "
             "(like 1234.50 or 1234,50).")


class AmbiguousNumber(ValueError):
    """Both a point and a comma, or several commas: "1,234.5" could mean two different amounts."""


def parse_number(raw: str) -> Decimal:
    """The typed number (possibly NaN or infinite); raises AmbiguousNumber or InvalidOperation when it is none."""
    text = raw.strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise InvalidOperation(text[:MAX_NUMBER_TEXT])
    if "," in text:
        if "." in text or text.count(",") > 1:
            raise AmbiguousNumber(text)
        text = text.replace(",", ".")
    return Decimal(text)


def typed_number(raw: str) -> Decimal | None:
    """A finite number, or None for anything else (a half-typed field in the live totals)."""
    try:
        value = parse_number(raw)
    except (ValueError, InvalidOperation):  # AmbiguousNumber is a ValueError
        return None
    return value if value.is_finite() else None
