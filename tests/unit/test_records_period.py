"""The export period (default: the last full month) and the README's account of numbers and missing PDFs."""

from datetime import UTC, date, datetime

import pytest

from services.records.period import InvalidPeriod, Period
from services.records.readme import MAX_LISTED, ExportNotes, readme_text


@pytest.mark.parametrize(("today", "first", "last"), [
    (date(2026, 12, 2), date(2026, 11, 1), date(2026, 11, 30)),
    (date(2027, 1, 1), date(2026, 12, 1), date(2026, 12, 31)),
    (date(2024, 3, 31), date(2024, 2, 1), date(2024, 2, 29)),
])
def test_the_default_period_is_the_last_full_month(today: date, first: date, last: date) -> None:
    assert Period.from_query("", "", today=today) == Period(first, last)


@pytest.mark.parametrize(("first", "last", "message"), [
    ("2026-02-01", "2026-01-31", "comes after"), ("2026-02-30", "2026-03-01", "two dates"),
    ("2026-01-01", "", "two dates"), ("2000-01-01", "2026-01-01", "ten years"),
])
def test_a_period_that_is_no_period_is_refused_in_plain_words(first: str, last: str, message: str) -> None:
    with pytest.raises(InvalidPeriod, match=message):
        Period.from_query(first, last, today=date(2026, 12, 2))


def test_the_readme_names_numbers_issued_outside_the_period_and_caps_long_lists() -> None:
    notes = ExportNotes()
    for seq in (1, 2, 5, 200):
        notes.saw("INV", seq, f"INV-{seq:04d}")
    notes.elsewhere["INV"] = [(f"INV-{seq:04d}", date(2026, 1, 1)) for seq in notes.series["INV"].skipped]
    for index in range(MAX_LISTED + 3):
        notes.lacks(f"CN-{index:04d}", "its PDF is still being generated")
    text = readme_text(Period(date(2026, 11, 1), date(2026, 11, 30)), notes, owner_email="a@example.com",
                       made_at=datetime(2026, 12, 2, tzinfo=UTC))
    assert "Invoices: 4, INV-0001 to INV-0200." in text
    assert "- INV-0003 (issued 2026-01-01)" in text and "- and 146 more" in text  # 196 skipped, 50 listed
    assert "- and 3 more" in text and text.count("still being generated") == MAX_LISTED
