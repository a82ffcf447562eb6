"""The search key kept beside a record: case- and accent-insensitive for Latin, Greek and Cyrillic."""

import re
import unicodedata


def search_key(text: str, *, pattern: bool = False) -> str:
    """Casefolded, without accents, whitespace folded; with pattern=True, escaped for a $regex substring match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = " ".join(plain.split())
    return re.escape(folded) if pattern else folded
