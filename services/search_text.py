"""One normal form for searching text: case- and accent-insensitive for Latin, Greek and Cyrillic.

`search_key("Müller Ærø ΆΛΦΑ Ёлка")` is `"muller aero αλφα елка"`: compatibility-decomposed, combining marks
dropped, case-folded, letters without a decomposition mapped to their base letters, whitespace collapsed.
Stored beside the text it normalises and applied to what the user types, so both sides compare alike.
"""

import unicodedata

_BASE_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i",
                               "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k"})


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().translate(_BASE_LETTERS).split())
