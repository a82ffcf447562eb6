"""Running totals while the user types: the same arithmetic as the server's, tolerant of half-typed lines."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from services.invoices.drafts import InvoiceDraft
from services.invoices.money import (
    QUANTITY_SCALE,
    TAX_RATE_SCALE,
    active_currencies,
    exact,
    format_money,
    line_amount_minor,
    tax_minor,
    to_minor_units,
)


@dataclass(frozen=True)
class PreviewTotals:
    line_amounts: tuple[str, ...]  # "" for a line that cannot be computed yet
    subtotal: str
    tax: str
    total: str


@exact
def preview_totals(draft: InvoiceDraft) -> PreviewTotals | None:
    currency = draft.currency.strip().upper()
    if currency not in active_currencies():
        return None
    amounts: list[int | None] = []
    for line in draft.lines:
        quantity, price = _number(line.quantity), _number(line.unit_price)
        if quantity is None or price is None:
            amounts.append(None)
            continue
        amounts.append(line_amount_minor(int(quantity * QUANTITY_SCALE), to_minor_units(price, currency)))
    subtotal = sum(amount for amount in amounts if amount is not None)
    rate = _number(draft.tax_rate or "0") or Decimal(0)
    tax = tax_minor(subtotal, int(min(rate, Decimal(100)) * TAX_RATE_SCALE))
    return PreviewTotals(
        line_amounts=tuple("" if amount is None else format_money(amount, currency) for amount in amounts),
        subtotal=format_money(subtotal, currency), tax=format_money(tax, currency),
        total=format_money(subtotal + tax, currency),
    )


def _number(raw: str) -> Decimal | None:
    text = raw.strip()
    if not text or len(text) > 40:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > Decimal("1e12"):
        return None
    return value.quantize(Decimal("0.001"))
