from datetime import date

from services.invoices.monthly import IssuedAmount, first_month, monthly_amounts

TODAY = date(2026, 12, 2)


def issued(currency: str, total: int, issue: date, *, due: date | None = None, paid: date | None = None,
           cancelled: bool = False) -> IssuedAmount:
    return IssuedAmount(currency=currency, total_minor=total, issue_date=issue, due_date=due, paid_on=paid,
                        cancelled=cancelled)


def test_the_twelve_months_end_with_this_one_and_cross_the_new_year() -> None:
    assert first_month(TODAY) == date(2026, 1, 1)
    assert first_month(date(2026, 3, 31)) == date(2025, 4, 1)
    [euro] = monthly_amounts([issued("EUR", 100, date(2026, 12, 1))], TODAY)
    assert euro.months[0] == date(2026, 1, 1) and euro.months[-1] == date(2026, 12, 1) and len(euro.months) == 12


def test_invoiced_by_issue_month_paid_by_payment_month_overdue_by_issue_month_each_currency_apart() -> None:
    rows = [
        issued("EUR", 10_000, date(2026, 10, 5), due=date(2026, 11, 4), paid=date(2026, 11, 20)),
        issued("EUR", 2_500, date(2026, 10, 9), due=date(2026, 11, 8)),  # unpaid, past due: overdue
        issued("EUR", 700, date(2026, 11, 30), due=date(2026, 12, 30)),  # unpaid, not yet due
        issued("EUR", 9_999, date(2026, 11, 1), cancelled=True),  # counts nothing
        issued("JPY", 5_000, date(2026, 12, 1), due=TODAY),  # due today is not overdue yet
    ]
    euro, yen = monthly_amounts(rows, TODAY)
    assert (euro.currency, yen.currency) == ("EUR", "JPY")
    october, november, december = 9, 10, 11
    assert euro.invoiced[october] == 12_500 and euro.invoiced[november] == 700 and sum(euro.invoiced) == 13_200
    assert euro.paid[november] == 10_000 and sum(euro.paid) == 10_000
    assert euro.overdue[october] == 2_500 and sum(euro.overdue) == 2_500
    assert yen.invoiced[december] == 5_000 and sum(yen.overdue) == 0


def test_an_invoice_issued_before_the_twelve_months_is_left_out() -> None:
    assert monthly_amounts([issued("EUR", 100, date(2025, 12, 31), paid=date(2026, 2, 1))], TODAY) == []
