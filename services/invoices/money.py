"""Exact money arithmetic in integer minor units, and display formatting with babel."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import cache, wraps
from typing import ParamSpec, TypeVar

from babel import Locale
from babel.numbers import (
    format_currency,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    get_territory_currencies,
)

from services.invoices.model import InvoiceLine, Totals, VatCategory, VatSubtotal
from services.invoices.vat import line_category

QUANTITY_SCALE = 1000  # quantities are stored in thousandths
TAX_RATE_SCALE = 1000  # tax rates and discounts are stored in thousandths of a percent
WHOLE = 100 * TAX_RATE_SCALE  # 100 %
DISPLAY_LOCALE = "en"
EXACT = Context(prec=100, rounding=ROUND_HALF_UP)  # wide enough that no accepted input is ever rounded silently
P = ParamSpec("P")
R = TypeVar("R")


def exact(function: Callable[P, R]) -> Callable[P, R]:
    """Runs the function under EXACT instead of Python's default 28 significant digits."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(EXACT):
            return function(*args, **kwargs)

    return run


@cache
def active_currencies() -> dict[str, str]:
    """ISO 4217 codes in use somewhere today, with their English names, sorted by code."""
    codes: set[str] = set()
    for territory in Locale(DISPLAY_LOCALE).territories:
        codes.update(get_territory_currencies(str(territory), date.today()))
    return {code: get_currency_name(code, locale=DISPLAY_LOCALE) for code in sorted(codes)}


@cache
def currency_choices() -> dict[str, str]:
    """The currencies in use, each labelled so that its code, name or symbol finds it: "US Dollar (USD, $)"."""
    choices = {}
    for code, name in active_currencies().items():
        symbol = get_currency_symbol(code, locale=DISPLAY_LOCALE)
        choices[code] = f"{name} ({code})" if symbol == code else f"{name} ({code}, {symbol})"
    return choices


def currency_digits(currency: str) -> int:
    return int(get_currency_precision(currency))


@exact
def to_minor_units(amount: Decimal, currency: str) -> int:
    return int(amount.scaleb(currency_digits(currency)).to_integral_value(ROUND_HALF_UP))


@exact
def from_minor_units(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-currency_digits(currency))


@exact
def line_amount_minor(quantity_thousandths: int, unit_price_minor: int, discount_thousandths: int = 0) -> int:
    """A line's net amount: quantity times unit price, less its discount, rounded half-up once."""
    undiscounted = Decimal(quantity_thousandths) * unit_price_minor / QUANTITY_SCALE
    return _round_half_up(undiscounted * (WHOLE - discount_thousandths) / WHOLE)


@exact
def tax_minor(subtotal_minor: int, tax_rate_thousandths: int) -> int:
    return _round_half_up(Decimal(subtotal_minor) * tax_rate_thousandths / WHOLE)


def vat_breakdown(lines: Iterable[InvoiceLine], category: VatCategory) -> tuple[VatSubtotal, ...]:
    """Line nets summed per (category, rate), each group's VAT rounded once (EN 16931 BR-CO-17); highest rate first."""
    taxable: defaultdict[tuple[VatCategory, int], int] = defaultdict(int)
    for line in lines:
        taxable[line_category(category, line.vat_rate_thousandths), line.vat_rate_thousandths] += line.amount_minor
    groups = sorted(taxable.items(), key=lambda group: (-group[0][1], group[0][0]))
    return tuple(VatSubtotal(group, rate, net, tax_minor(net, rate)) for (group, rate), net in groups)


def invoice_totals(lines: Iterable[InvoiceLine], category: VatCategory) -> Totals:
    """Net, VAT and gross of an invoice with nothing paid yet: the sums of its VAT breakdown."""
    breakdown = vat_breakdown(lines, category)
    net = sum(row.taxable_minor for row in breakdown)
    vat = sum(row.tax_minor for row in breakdown)
    return Totals(subtotal_minor=net, tax_minor=vat, total_minor=net + vat, vat_breakdown=breakdown)


def negated(totals: Totals) -> Totals:
    """A credit note's totals: every amount of the invoice's, breakdown included, with the opposite sign."""
    return Totals(-totals.subtotal_minor, -totals.tax_minor, -totals.total_minor, vat_breakdown=tuple(
        VatSubtotal(row.category, row.rate_thousandths, -row.taxable_minor, -row.tax_minor)
        for row in totals.vat_breakdown), paid_minor=-totals.paid_minor)


def format_money(minor: int, currency: str) -> str:
    return str(format_currency(from_minor_units(minor, currency), currency, locale=DISPLAY_LOCALE))


def format_quantity(quantity_thousandths: int) -> str:
    return _plain(Decimal(quantity_thousandths) / QUANTITY_SCALE)


def format_tax_rate(tax_rate_thousandths: int) -> str:
    return _plain(Decimal(tax_rate_thousandths) / TAX_RATE_SCALE) + "%"


def _round_half_up(value: Decimal) -> int:
    return int(value.to_integral_value(ROUND_HALF_UP))


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
