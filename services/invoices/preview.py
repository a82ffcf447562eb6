"""Running totals while the user types: the same arithmetic as the server's, tolerant of half-typed lines."""

from dataclasses import dataclass
from decimal import Decimal

from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import InvoiceLine
from services.invoices.money import (
    QUANTITY_SCALE,
    TAX_RATE_SCALE,
    active_currencies,
    exact,
    format_money,
    format_tax_rate,
    invoice_totals,
    line_amount_minor,
    to_minor_units,
)
from services.invoices.numbers import decimal_mark, typed_number
from services.invoices.vat import STANDARD, TREATMENTS

LIMIT = Decimal("1e12")
LABELS = {"quantity": "Quantity", "unit_price": "Unit price", "vat_rate": "VAT %", "discount": "Discount %"}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PreviewVat:
    rate: str  # "19%"
    taxable: str
    tax: str


@dataclass(frozen=True)
class FieldToCheck:
    """A typed value the totals cannot use (not an empty one, which is simply not typed yet)."""

    line: int  # counted from 1
    field: str  # "quantity", "unit_price", "vat_rate" or "discount"
    label: str  # as the editor names the field


@dataclass(frozen=True)
class PreviewTotals:
    line_amounts: tuple[str, ...]  # "" for a line that cannot be computed yet
    subtotal: str
    tax: str
    total: str
    vat_breakdown: tuple[PreviewVat, ...] = ()
    to_check: tuple[FieldToCheck, ...] = ()  # the totals leave these lines out (or count the rate as 0)


@exact
def preview_totals(draft: InvoiceDraft) -> PreviewTotals | None:
    currency = draft.currency.strip().upper()
    if currency not in active_currencies():
        return None
    treatment = TREATMENTS.get(draft.vat_treatment, TREATMENTS[STANDARD])
    mark = decimal_mark(draft.client_language)
    lines = [_line(line, currency, mark, charges_vat=treatment.charges_vat) for line in draft.lines]
    totals = invoice_totals((line for line in lines if line is not None), treatment.category)
    return PreviewTotals(
        line_amounts=tuple("" if line is None else format_money(line.amount_minor, currency) for line in lines),
        subtotal=format_money(totals.subtotal_minor, currency), tax=format_money(totals.tax_minor, currency),
        total=format_money(totals.total_minor, currency),
        vat_breakdown=tuple(PreviewVat(format_tax_rate(row.rate_thousandths),
                                       format_money(row.taxable_minor, currency), format_money(row.tax_minor, currency))
                            for row in totals.vat_breakdown),
        to_check=tuple(FieldToCheck(index, field, label) for index, line in enumerate(draft.lines, start=1)
                       for field, label in LABELS.items()
                       if field != "vat_rate" or treatment.charges_vat
                       if getattr(line, field).strip() and _number(getattr(line, field), mark) is None),
    )


def _line(line: LineDraft, currency: str, mark: str | None, *, charges_vat: bool) -> InvoiceLine | None:
    """The line as the server would compute it; None while its quantity or price is no number yet."""
    quantity, price = _number(line.quantity, mark), _number(line.unit_price, mark)
    if quantity is None or price is None:
        return None
    rate = min(_number(line.vat_rate, mark) or Decimal(0), HUNDRED) if charges_vat else Decimal(0)
    discount = min(_number(line.discount, mark) or Decimal(0), HUNDRED)
    quantity_thousandths, price_minor = int(quantity * QUANTITY_SCALE), to_minor_units(price, currency)
    discount_thousandths = int(discount * TAX_RATE_SCALE)
    return InvoiceLine("", quantity_thousandths, price_minor,
                       line_amount_minor(quantity_thousandths, price_minor, discount_thousandths),
                       vat_rate_thousandths=int(rate * TAX_RATE_SCALE), discount_thousandths=discount_thousandths)


def _number(raw: str, mark: str | None) -> Decimal | None:
    value = typed_number(raw, mark)
    if value is None or value < 0 or value > LIMIT:
        return None
    return value.quantize(Decimal("0.001"))
