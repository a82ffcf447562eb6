"""Dates as integers (2026-12-02 -> 20261202) kept beside their ISO strings, for range filters.

nx-27017 0.8.1 (neosqlite) turns a range on a string that looks like a date into a datetime() comparison that no
index serves, and then reads every stored document (docs/query-shapes.md); a range on an integer keeps the
owner's index. On MongoDB both are index ranges.
"""

from datetime import date

ISSUE_DAY = "issue_day"
DUE_DAY = "due_day"


def day_key(value: date) -> int:
    return value.year * 10_000 + value.month * 100 + value.day


def day_key_of(iso: object) -> int:
    """0 for anything that is not an ISO date (before every day)."""
    try:
        return day_key(date.fromisoformat(iso)) if isinstance(iso, str) else 0
    except ValueError:
        return 0
