"""What the invoice list asks for: a search, a status, a sort and a page, all of which live in the URL."""

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

StatusFilter = Literal["all", "draft", "open", "overdue", "paid", "cancelled", "credit"]
SortKey = Literal["number", "date", "due", "total"]
PAGE_SIZE = 25
MAX_SEARCH = 100
STATUS_FILTERS: tuple[StatusFilter, ...] = get_args(StatusFilter)
SORT_KEYS: tuple[SortKey, ...] = get_args(SortKey)


@dataclass(frozen=True)
class ListFilter:
    search: str = ""
    status: StatusFilter = "all"
    sort: SortKey = "number"
    page: int = 1  # from 1

    @classmethod
    def from_query(cls, *, search: str = "", status: str = "", sort: str = "", page: str = "") -> "ListFilter":
        """Whatever the URL holds: anything unknown falls back to the default, never an error."""
        statuses: dict[str, StatusFilter] = {known: known for known in STATUS_FILTERS}
        sorts: dict[str, SortKey] = {known: known for known in SORT_KEYS}
        chosen_status, chosen_sort = statuses.get(status, "all"), sorts.get(sort, "number")
        number = int(page) if page.isdigit() and 0 < len(page) <= 6 else 1
        return cls(search=" ".join(search.split())[:MAX_SEARCH], status=chosen_status, sort=chosen_sort,
                   page=max(1, number))

    @property
    def skip(self) -> int:
        return (self.page - 1) * PAGE_SIZE


@dataclass(frozen=True)
class CurrencyTotals:
    """Outstanding (open and overdue) and overdue amounts of one currency, in minor units."""

    currency: str
    outstanding_minor: int
    overdue_minor: int


def overdue_on(due_date: date | None, today: date) -> bool:
    return due_date is not None and due_date < today
