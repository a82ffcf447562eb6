"""Characters the embedded fonts can and cannot print, and which font draws each run."""

import sys

from services.invoices.printable import explained_glyph_problem, glyph_problem
from services.pdf.glyphs import font_runs, undrawable_characters, unprintable_text_problem


def test_latin_greek_cyrillic_and_currency_signs_are_drawable() -> None:
    assert undrawable_characters("Zoë Łódź Ελένη Дмитрий € £ ¥ ₹") == []


def test_chinese_japanese_and_korean_are_drawable() -> None:
    assert undrawable_characters("王小明 株式会社カタカナ ひらがな 한국어 주식회사") == []


def test_right_to_left_scripts_are_refused_with_a_clear_message() -> None:
    assert undrawable_characters("שלום مرحبا") == sorted(set("שלוםمرحبا"))
    problem = unprintable_text_problem("Client مرحبا")
    assert problem is not None
    assert problem.startswith("Right-to-left scripts such as Arabic and Hebrew cannot be printed yet: ")


def test_other_undrawable_characters_are_named_sorted_and_once() -> None:
    assert undrawable_characters("\u0905 and \u0905 \u0e01") == sorted({"\u0905", "\u0e01"})  # Devanagari, Thai
    assert unprintable_text_problem("Zoë 王") is None


def test_whitespace_is_ignored_but_control_characters_are_not() -> None:
    assert undrawable_characters("a\tb\nc d\r\n") == []
    assert undrawable_characters("a\x00b") == ["\x00"]


def test_only_the_characters_dejavu_lacks_go_to_the_cjk_font() -> None:
    assert font_runs("Client 王小明 Müller, 한국어.") == [
        ("Client ", False), ("王小明 ", True), ("Müller, ", False), ("한국어", True), (".", False)]


def test_the_quick_printability_check_says_what_the_character_by_character_one_says_for_every_character() -> None:
    differing = [code for code in range(sys.maxunicode + 1)
                 if glyph_problem(f"a{chr(code)}b") != explained_glyph_problem(f"a{chr(code)}b")]
    assert differing == []


def test_a_printable_text_passes_and_a_hidden_or_undrawable_character_anywhere_in_it_is_named() -> None:
    assert glyph_problem("Zoë Łódź 王小明 — 12,5 €\n2nd line") is None
    for odd in ("\u202e", "\t", "\ue000", "\u0905", "\u05d0"):
        problem = glyph_problem(f"Zoë Łódź 王小明 {odd} 12,5 €")
        assert problem is not None and (f"U+{ord(odd):04X}" in problem or odd in problem)
