"""The search key kept beside a record: case- and accent-insensitive for Latin, Greek and Cyrillic.

One normal form for every searched record (invoices, drafts, clients): services.search_text.search_key.
"""

import re

from services.search_text import search_key as normal_form


def search_key(text: str, *, pattern: bool = False) -> str:
    """Casefolded, without accents, whitespace folded; with pattern=True, escaped for a $regex substring match."""
    folded = normal_form(text)
    return re.escape(folded) if pattern else folded
