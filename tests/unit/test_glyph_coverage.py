"""Characters the embedded DejaVu fonts can and cannot draw."""

from services.pdf.glyphs import undrawable_characters


def test_latin_greek_cyrillic_and_currency_signs_are_drawable() -> None:
    assert undrawable_characters("Zoë Łódź Ελένη Дмитрий € £ ¥ ₹") == []


def test_cjk_characters_are_reported_sorted_and_once() -> None:
    assert undrawable_characters("王小明 and 王") == sorted({"王", "小", "明"})


def test_whitespace_is_ignored_but_control_characters_are_not() -> None:
    assert undrawable_characters("a\tb\nc d\r\n") == []
    assert undrawable_characters("a\x00b") == ["\x00"]
