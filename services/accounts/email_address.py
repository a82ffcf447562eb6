"""Email addresses: one normal form, a syntax check (email-validator, no network), and look-alike detection."""

import unicodedata

from confusable_homoglyphs import confusables
from email_validator import EmailNotValidError, validate_email

MAX_EMAIL_LENGTH = 254


def normalize_email(raw: str) -> str:
    """NFKC (full-width and compatibility forms folded) and case-folded: one spelling per address."""
    return unicodedata.normalize("NFKC", raw.strip()).casefold()


def email_problem(email: str) -> str | None:
    """Why an (already normalised) email is unacceptable, or None."""
    if not email:
        return "Enter your email address."
    if len(email) > MAX_EMAIL_LENGTH:
        return "Enter a valid email address, like name@example.com."
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return "Enter a valid email address, like name@example.com."
    return None


def skeleton(email: str) -> str:
    """The address with every character that looks like an ASCII one replaced by it (Unicode confusables).

    Two addresses with one skeleton look the same to a person: `аlice@example.com` (Cyrillic а) and
    `alice@example.com` share `alice@example.com`.
    """
    return "".join(character if character.isascii() else _ascii_look_alike(character) for character in email)


def _ascii_look_alike(character: str) -> str:
    for found in confusables.is_confusable(character, greedy=True) or []:
        for glyph in found["homoglyphs"]:
            if glyph["c"].isascii():
                return str(glyph["c"]).casefold()
    return character
