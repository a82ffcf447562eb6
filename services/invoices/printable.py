"""Text that is printed on an invoice: refused before rendering when the PDF could not show it faithfully."""

import re
import unicodedata
from functools import cache

from services.pdf.glyphs import character_ranges, printed_as_typed, unprintable_text_problem

HIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})  # controls, surrogates, private use, unassigned
DISGUISING_CHARACTERS = frozenset(  # bidirectional overrides and isolates, zero-width characters
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff")


def glyph_problem(text: str) -> str | None:
    """Told before rendering, instead of printing boxes or hiding text behind invisible characters."""
    if _worth_a_look().search(text) is None:  # the common case: one search instead of a look at every character
        return None
    return explained_glyph_problem(text)


def explained_glyph_problem(text: str) -> str | None:
    """glyph_problem, character by character: what it says whenever its search finds a character to look at."""
    hidden = sorted({f"U+{ord(c):04X}" for c in text if _hidden(c)})
    if hidden:
        return (f"Remove the invisible or control characters ({', '.join(hidden[:5])}): "
                "they could make the invoice read differently from what it says.")
    return unprintable_text_problem(text)


def _hidden(char: str) -> bool:
    return char in DISGUISING_CHARACTERS or (char != "\n" and unicodedata.category(char) in HIDDEN_CATEGORIES)


@cache
def _worth_a_look() -> re.Pattern[str]:
    """Matches one character that is hidden or not printed as typed: only those can make a problem."""
    plain = frozenset(code for code in printed_as_typed() if not _hidden(chr(code)))
    return re.compile(f"[^{character_ranges(plain)}]")
