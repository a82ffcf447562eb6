"""Which characters the fonts embedded in the invoice PDF cannot draw (they would print as boxes)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[2] / "pdf_templates" / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def undrawable_characters(text: str) -> list[str]:
    """Sorted distinct characters of text that a font of the invoice lacks; whitespace is ignored."""
    drawable = _drawable_code_points()
    return sorted({char for char in text if not char.isspace() and ord(char) not in drawable})


@cache
def _drawable_code_points() -> frozenset[int]:
    # Bold and regular both print user text (totals are bold), so a character must be in both.
    maps = [_code_points(FONT_DIR / name) for name in FONT_FILES]
    return frozenset.intersection(*maps)


def _code_points(font_file: Path) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    cmap: dict[int, int] = TTFontFile(str(font_file)).charToGlyph
    return frozenset(code for code, glyph in cmap.items() if glyph)
