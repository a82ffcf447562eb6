"""The buyer reference (EN 16931 BT-10): any routing text the client asks for, or a German public buyer's
Leitweg-ID, whose two last digits are an ISO 7064 mod 97-10 check over the rest (without hyphens).

A reference that does not look like a Leitweg-ID is any text; one that does is still saved when its check
digits do not match, with a warning beside the field: the user may know better than the shape.
"""

import re

from stdnum.iso7064 import mod_97_10

from services.errors import Problems
from services.invoices.printable import glyph_problem

MAX_BUYER_REFERENCE = 200
# Grobadressierung (2-12 digits, the first two the Land 01-16 or 99 for the Bund), Feinadressierung (optional,
# up to 30 letters and digits) and two check digits.
_LEITWEG_SHAPE = re.compile(r"^(?:0[1-9]|1[0-6]|99)[0-9]{0,10}(?:-[0-9A-Z]{1,30})?-[0-9]{2}$")
LEITWEG_EXAMPLE = "04011000-1234512345-06"


def checked_buyer_reference(problems: Problems, raw: str, key: str = "buyer_reference") -> str:
    """The reference with its spacing tidied, or "" for none; too long or unprintable text is a problem."""
    text = " ".join(raw.split())
    if len(text) > MAX_BUYER_REFERENCE:
        problems.add(key, f"The buyer reference can be at most {MAX_BUYER_REFERENCE} characters (now {len(text)}).")
    problems.add(key, glyph_problem(text))
    return text


def leitweg_warning(reference: str) -> str | None:
    """Said beside the field when the reference is shaped like a Leitweg-ID but its check digits do not match."""
    compact = reference.strip().upper()
    if not _LEITWEG_SHAPE.match(compact) or mod_97_10.is_valid(compact.replace("-", "")):
        return None
    return ("This looks like a Leitweg-ID, but its last two digits (the check digits) do not match the rest: "
            f"look for a typo, and compare it with the one the public buyer gave you (like {LEITWEG_EXAMPLE}).")
