"""The period an accountant asks for: from and to, both days included, the last full month unless chosen."""

from dataclasses import dataclass
from datetime import date, timedelta

from services.errors import Refusal

LONGEST_PERIOD_DAYS = 3660  # ten years and a little: what a business must keep


class InvalidPeriod(Refusal):
    pass


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @classmethod
    def last_full_month(cls, today: date) -> "Period":
        last = today.replace(day=1) - timedelta(days=1)
        return cls(first=last.replace(day=1), last=last)

    @classmethod
    def from_query(cls, first: str, last: str, *, today: date) -> "Period":
        """Both empty: the last full month. Refuses anything but two ISO dates in order, at most ten years apart."""
        if not first and not last:
            return cls.last_full_month(today)
        try:
            period = cls(first=date.fromisoformat(first), last=date.fromisoformat(last))
        except ValueError:
            raise InvalidPeriod("Give the period as two dates, like 2026-11-01 and 2026-11-30.") from None
        if period.first > period.last:
            raise InvalidPeriod("The period's first day comes after its last day.")
        if (period.last - period.first).days > LONGEST_PERIOD_DAYS:
            raise InvalidPeriod("A period can be at most ten years long.")
        return period

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()}_{self.last.isoformat()}"
