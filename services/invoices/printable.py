"""Text that is printed on an invoice: refused before rendering when the PDF could not show it faithfully."""

import unicodedata

from services.pdf.glyphs import unprintable_text_problem

HIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})  # controls, surrogates, private use, unassigned
DISGUISING_CHARACTERS = frozenset(  # bidirectional overrides and isolates, zero-width characters
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff")


def glyph_problem(text: str) -> str | None:
    """Told before rendering, instead of printing boxes or hiding text behind invisible characters."""
    hidden = sorted({f"U+{ord(c):04X}" for c in text
                     if c in DISGUISING_CHARACTERS or (c != "\n" and unicodedata.category(c) in HIDDEN_CATEGORIES)})
    if hidden:
        return (f"Remove the invisible or control characters ({', '.join(hidden[:5])}): "
                "they could make the invoice read differently from what it says.")
    return unprintable_text_problem(text)
