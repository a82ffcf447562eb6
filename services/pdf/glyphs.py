"""Which characters the invoice PDF can print, and which embedded font draws each run of them.

DejaVu Sans draws Latin, Greek and Cyrillic; Droid Sans Fallback (TrueType outlines, Apache-2.0) draws Chinese,
Japanese and Korean. A character goes to DejaVu whenever DejaVu has it, so a Latin invoice with one Chinese name
keeps its Latin typeface everywhere but in that name. Right-to-left scripts are refused even where a font has the
letters: neither the template nor ReportLab shapes or reorders them, so they would print backwards and unjoined.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from itertools import groupby
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[2] / "pdf_templates" / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
CJK_FONT_FILE = "DroidSansFallback.ttf"
RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})  # Unicode bidirectional classes of Hebrew, Arabic and their kin


def undrawable_characters(text: str) -> list[str]:
    """Sorted distinct characters of text that the invoice cannot print; whitespace is ignored.

    Right-to-left letters count as undrawable (see the module docstring): `unprintable_text_problem` says why.
    """
    drawable = _drawable_code_points()
    return sorted({char for char in text if not char.isspace() and (ord(char) not in drawable or _is_rtl(char))})


def unprintable_text_problem(text: str) -> str | None:
    """What a user reads beside a field whose text the PDF cannot print, or None when it can print it all."""
    missing = undrawable_characters(text)
    if not missing:
        return None
    right_to_left = [char for char in missing if _is_rtl(char)]
    if right_to_left:
        return ("Right-to-left scripts such as Arabic and Hebrew cannot be printed yet: "
                f"{' '.join(right_to_left[:8])}. Write this text in Latin letters.")
    return (f"The PDF font cannot print these characters: {' '.join(missing[:8])}. "
            "Remove them or write them in Latin, Greek, Cyrillic, Chinese, Japanese or Korean letters.")


def font_runs(text: str) -> list[tuple[str, bool]]:
    """text cut into maximal runs, each with True when the CJK font draws it; whitespace joins the run before it."""
    if not needs_cjk_font(text):  # the common case, decided by one regular-expression search
        return [(text, False)] if text else []
    choices = _font_choices(text, _latin_code_points())
    return [("".join(char for char, _ in run), cjk) for cjk, run in groupby(choices, key=lambda choice: choice[1])]


def needs_cjk_font(text: str) -> bool:
    return _beyond_latin().search(text) is not None


def _font_choices(text: str, latin: frozenset[int]) -> list[tuple[str, bool]]:
    choices: list[tuple[str, bool]] = []
    previous = False
    for char in text:
        cjk = previous if char.isspace() else ord(char) not in latin
        choices.append((char, cjk))
        previous = cjk
    return choices


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in RIGHT_TO_LEFT


@cache
def _latin_code_points() -> frozenset[int]:
    # Bold and regular both print user text (names and totals are bold), so DejaVu must have it in both.
    return frozenset.intersection(*[_code_points(FONT_DIR / name) for name in FONT_FILES])


@cache
def _beyond_latin() -> re.Pattern[str]:
    """Matches one character that is neither whitespace nor drawn by DejaVu."""
    return re.compile(f"[^\\s{character_ranges(_latin_code_points())}]")


def character_ranges(codes: frozenset[int]) -> str:
    """The code points as the ranges of a regular-expression character class, for example `a-z0-9`."""
    ordered = sorted(codes)
    starts = [code for code in ordered if code - 1 not in codes]
    ends = [code for code in ordered if code + 1 not in codes]
    return "".join(f"{re.escape(chr(start))}-{re.escape(chr(end))}" for start, end in zip(starts, ends, strict=True))


@cache
def printed_as_typed() -> frozenset[int]:
    """Code points `undrawable_characters` never lists: whitespace, and what a font draws left to right."""
    whitespace = {code for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    return frozenset(code for code in _drawable_code_points() if not _is_rtl(chr(code))) | whitespace


@cache
def _drawable_code_points() -> frozenset[int]:
    # Droid's cmap also maps control and private-use code points: only its visible characters count.
    visible = {code for code in _code_points(FONT_DIR / CJK_FONT_FILE) if unicodedata.category(chr(code))[0] != "C"}
    return _latin_code_points() | visible


def _code_points(font_file: Path) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    cmap: dict[int, int] = TTFontFile(str(font_file)).charToGlyph
    return frozenset(code for code, glyph in cmap.items() if glyph)
