"""Money in whole minor units: each currency's decimals, half-up rounding, and the text the user reads."""

from decimal import Decimal

import pytest

from services.invoices.money import (
    active_currencies,
    currency_choices,
    currency_digits,
    format_money,
    format_quantity,
    format_tax_rate,
    from_minor_units,
    line_amount_minor,
    tax_minor,
    to_minor_units,
)


@pytest.mark.parametrize(("currency", "digits"), [("JPY", 0), ("CLP", 0), ("EUR", 2), ("USD", 2), ("KWD", 3),
                                                  ("BHD", 3)])
def test_each_currency_has_its_own_number_of_decimals(currency: str, digits: int) -> None:
    assert currency_digits(currency) == digits


@pytest.mark.parametrize(("amount", "currency", "minor"), [("1005", "JPY", 1005), ("12.34", "EUR", 1234),
                                                           ("1.234", "KWD", 1234), ("0.001", "KWD", 1)])
def test_a_price_is_kept_in_the_currency_s_smallest_unit_and_comes_back_unchanged(
        amount: str, currency: str, minor: int) -> None:
    assert to_minor_units(Decimal(amount), currency) == minor
    assert from_minor_units(minor, currency) == Decimal(amount)


def test_half_a_smallest_unit_rounds_up_never_to_the_even_neighbour() -> None:
    assert [to_minor_units(Decimal(yen), "JPY") for yen in ("0.5", "1.5", "2.5")] == [1, 2, 3]  # not 0, 2, 2
    assert to_minor_units(Decimal("10.005"), "EUR") == 1001
    assert to_minor_units(Decimal("0.0005"), "KWD") == 1


def test_an_amount_a_hair_under_half_a_cent_rounds_down_however_many_digits_it_has() -> None:
    """Python's default 28 significant digits would first make 0.4999…9 cents 0.5 cents, then round that up."""
    just_under_half_a_cent = Decimal("0.004" + "9" * 30)
    assert to_minor_units(just_under_half_a_cent, "EUR") == 0


def test_a_line_amount_is_quantity_times_unit_price_rounded_half_up_to_the_smallest_unit() -> None:
    assert line_amount_minor(quantity_thousandths=2_500, unit_price_minor=1_999) == 4_998  # 2.5 × 19.99 = 49.975
    assert line_amount_minor(quantity_thousandths=333, unit_price_minor=5) == 2  # 0.333 × 0.05 = 0.01665
    assert line_amount_minor(quantity_thousandths=500, unit_price_minor=1) == 1  # half a cent
    assert line_amount_minor(quantity_thousandths=2_500, unit_price_minor=1) == 3  # 2.5 cents: up, not to even
    assert line_amount_minor(quantity_thousandths=3_000, unit_price_minor=1_005) == 3_015  # whole quantities: exact


def test_tax_is_the_rate_of_the_subtotal_rounded_half_up() -> None:
    assert tax_minor(subtotal_minor=5_000, tax_rate_thousandths=8_875) == 444  # 8.875 % of 50.00 = 4.4375
    assert tax_minor(subtotal_minor=250, tax_rate_thousandths=1_000) == 3  # 1 % of 2.50 = 0.025
    assert tax_minor(subtotal_minor=3_015, tax_rate_thousandths=10_000) == 302  # 10 % of ¥3,015 = ¥301.5
    assert tax_minor(subtotal_minor=5_000, tax_rate_thousandths=0) == 0


@pytest.mark.parametrize(("minor", "currency", "shown"), [(123_456, "EUR", "€1,234.56"), (1, "EUR", "€0.01"),
                                                          (123_456, "JPY", "¥123,456"), (0, "JPY", "¥0"),
                                                          (123_456, "KWD", "KWD123.456")])
def test_money_is_shown_with_the_currency_s_sign_grouping_and_decimals(minor: int, currency: str, shown: str) -> None:
    assert format_money(minor, currency) == shown


def test_quantities_and_tax_rates_are_shown_without_trailing_zeros() -> None:
    assert [format_quantity(q) for q in (3_000, 2_500, 1_250, 1, 10_000)] == ["3", "2.5", "1.25", "0.001", "10"]
    assert [format_tax_rate(r) for r in (20_000, 8_875, 7_700, 0, 100_000)] == ["20%", "8.875%", "7.7%", "0%",
                                                                                "100%"]


def test_the_currency_list_names_the_currencies_in_use_today_in_code_order() -> None:
    currencies = active_currencies()
    assert {"EUR": "Euro", "JPY": "Japanese Yen", "KWD": "Kuwaiti Dinar"}.items() <= currencies.items()
    assert list(currencies) == sorted(currencies)
    assert "DEM" not in currencies and "XXX" not in currencies  # the Deutsche Mark is gone; XXX is "no currency"


def test_a_currency_is_found_by_its_code_its_name_or_its_symbol_in_any_case() -> None:
    def found(typed: str) -> set[str]:  # how the currency picker filters: the typed text anywhere in the label
        return {code for code, label in currency_choices().items() if typed.casefold() in label.casefold()}

    assert currency_choices()["USD"] == "US Dollar (USD, $)"
    assert currency_choices()["CHF"] == "Swiss Franc (CHF)"
    assert "USD" in found("usd") and "USD" in found("Dollar") and "USD" in found("$")
    assert found("€") == {"EUR"} and found("£") >= {"GBP"} and "JPY" in found("¥")
    assert found("yen") == {"JPY"}
