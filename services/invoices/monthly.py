"""Invoiced, paid and overdue amounts per month for the last twelve months, one series per currency.

Invoiced: invoices issued in the month (a cancelled one counts nothing). Paid: invoices marked paid in the month.
Overdue: invoices issued in the month that are unpaid and past due today. Only invoices issued within the twelve
months are read, so a payment in the window for an older invoice is not counted. Amounts stay in minor units.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from services.invoices.listing import overdue_on

MONTHS = 12


@dataclass(frozen=True)
class IssuedAmount:
    currency: str
    total_minor: int
    issue_date: date
    due_date: date | None
    paid_on: date | None
    cancelled: bool


@dataclass(frozen=True)
class MonthlyAmounts:
    currency: str
    months: tuple[date, ...]  # the first day of each month, oldest first
    invoiced: tuple[int, ...]
    paid: tuple[int, ...]
    overdue: tuple[int, ...]


def first_month(today: date) -> date:
    """The first day of the month eleven months before today's."""
    index = today.year * 12 + today.month - 1 - (MONTHS - 1)
    return date(index // 12, index % 12 + 1, 1)


def monthly_amounts(issued: list[IssuedAmount], today: date) -> list[MonthlyAmounts]:
    start = first_month(today)
    months = tuple(date((start.year * 12 + start.month - 1 + n) // 12, (start.month - 1 + n) % 12 + 1, 1)
                   for n in range(MONTHS))
    slot = {month: n for n, month in enumerate(months)}
    sums: defaultdict[str, list[list[int]]] = defaultdict(lambda: [[0] * MONTHS for _ in range(3)])
    for amount in issued:
        if amount.cancelled or (issued_in := slot.get(amount.issue_date.replace(day=1))) is None:
            continue
        invoiced, paid, overdue = sums[amount.currency]
        invoiced[issued_in] += amount.total_minor
        if amount.paid_on is not None:
            if (paid_in := slot.get(amount.paid_on.replace(day=1))) is not None:
                paid[paid_in] += amount.total_minor
        elif overdue_on(amount.due_date, today):
            overdue[issued_in] += amount.total_minor
    return [MonthlyAmounts(currency, months, tuple(invoiced), tuple(paid), tuple(overdue))
            for currency, (invoiced, paid, overdue) in sorted(sums.items())]
