"""Checks an invoice draft field by field and recomputes every amount on the server."""

from datetime import date
from decimal import Decimal, InvalidOperation

from services.accounts.email_address import email_problem, normalize_email
from services.errors import InvalidInput, Problems
from services.invoices.client_block import client_party
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.einvoice_needs import client_problems, two_decimals_problem
from services.invoices.model import InvoiceContent, InvoiceLine, Language, Party, Totals
from services.invoices.money import (
    QUANTITY_SCALE,
    TAX_RATE_SCALE,
    active_currencies,
    currency_digits,
    exact,
    invoice_totals,
    line_amount_minor,
    to_minor_units,
)
from services.invoices.numbers import AMBIGUOUS, AmbiguousNumber, decimal_mark, parse_number
from services.invoices.printable import glyph_problem as glyph_problem  # also imported from here by other checks
from services.invoices.units import UNITS
from services.invoices.vat import TREATMENTS, VatTreatment

MAX_CLIENT_NAME = 200
MAX_DESCRIPTION = 500
MAX_NOTES = 2000
MAX_EXEMPTION_REASON = 300
MAX_LINES = 2000  # a 2000-line invoice with the longest descriptions renders in about 1 s (see bench/)
MAX_QUANTITY = Decimal("1000000")
MAX_UNIT_PRICE = Decimal("1000000")
MAX_TOTAL = Decimal("1000000000000")  # keeps every amount inside the PDF's columns
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
HUNDRED = Decimal(100)


@exact
def validate_invoice(draft: InvoiceDraft, *, seller: Party, default_language: Language = "en") -> InvoiceContent:
    """Raises InvalidInput listing every problem; otherwise returns the invoice with server-side totals.

    The invoice is printed in the client's language, or in default_language (the seller's) when it has none.
    """
    problems = Problems()
    client_name = _required_text(problems, "client_name", draft.client_name, MAX_CLIENT_NAME, "Client name")
    client_email = normalize_email(draft.client_email)
    if client_email:
        problems.add("client_email", email_problem(client_email))
    client, client_language, buyer_reference = client_party(problems, draft, name=client_name, email=client_email)
    language = client_language or default_language
    issue_date = _date(problems, "issue_date", draft.issue_date, "Issue date")
    due_date = _date(problems, "due_date", draft.due_date, "Due date")
    if issue_date and due_date and due_date < issue_date:
        problems.add("due_date", "The due date cannot be before the issue date.")
    service_date, service_end = _service_period(problems, draft, issue_date)
    currency = draft.currency.strip().upper()
    if currency not in active_currencies():
        problems.add("currency", "Choose a currency from the list.")
        currency = ""
    treatment = TREATMENTS.get(draft.vat_treatment)
    if treatment is None:
        problems.add("vat_treatment", "Choose a VAT treatment from the list.")
    reason = _exemption_reason(problems, draft, treatment, client, language)
    client_problems(problems, treatment, client)
    notes = draft.notes.strip()
    if len(notes) > MAX_NOTES:
        problems.add("notes", f"Notes can be at most {MAX_NOTES} characters (now {len(notes)}).")
    lines = _lines(problems, draft.lines, currency, treatment, decimal_mark(client_language or ""))
    for key, text in [("client_name", client_name), ("client_email", client_email), ("notes", notes)]:
        problems.add(key, glyph_problem(text))
    if problems or issue_date is None or due_date is None or treatment is None:
        raise InvalidInput(problems)
    totals = invoice_totals(lines, treatment.category)
    if totals.total_minor > to_minor_units(MAX_TOTAL, currency):
        problems.add("lines", f"The total cannot exceed {MAX_TOTAL:,} {currency}; split it into several invoices.")
    problems.add("lines", two_decimals_problem(currency, lines, totals))
    if problems:
        raise InvalidInput(problems)
    return InvoiceContent(
        seller=seller, client=client, issue_date=issue_date, due_date=due_date, currency=currency,
        tax_rate_thousandths=_single_rate(totals), lines=tuple(lines), totals=totals, notes=notes,
        service_date=service_date or issue_date, service_end=service_end, vat_category=treatment.category,
        exemption_reason=reason, language=language, buyer_reference=buyer_reference,
    )


def _single_rate(totals: Totals) -> int:
    """The one VAT rate of an invoice whose lines share it, else 0: kept for the layout printing one rate."""
    rates = {row.rate_thousandths for row in totals.vat_breakdown}
    return rates.pop() if len(rates) == 1 else 0


def _service_period(problems: Problems, draft: InvoiceDraft,
                    issue_date: date | None) -> tuple[date | None, date | None]:
    """The date of supply (the issue date unless typed), and the end of the period, if it is one."""
    typed_start = draft.service_date.strip()
    start = _date(problems, "service_date", typed_start, "Service date") if typed_start else issue_date
    end = _date(problems, "service_end", draft.service_end, "Service end") if draft.service_end.strip() else None
    if start and end and end < start:
        problems.add("service_end", "The end of the service period cannot be before the service date.")
    return start, end


def _exemption_reason(problems: Problems, draft: InvoiceDraft, treatment: VatTreatment | None, client: Party,
                      language: Language) -> str:
    """The reason printed for every treatment but standard and zero-rated; the client VAT ID it may require."""
    if treatment is None or not treatment.has_reason:
        return ""
    if treatment.buyer_vat_id_required and not client.vat_id:
        problems.add("client_vat_id", f"{treatment.label} needs the client's VAT ID: the invoice must show it.")
    reason = " ".join(draft.exemption_reason.split())
    if len(reason) > MAX_EXEMPTION_REASON:
        problems.add("exemption_reason",
                     f"The reason can be at most {MAX_EXEMPTION_REASON} characters (now {len(reason)}).")
    problems.add("exemption_reason", glyph_problem(reason))
    if not reason and treatment.reason_required:
        problems.add("exemption_reason", "Say why no VAT is charged (for example the law that exempts it).")
    return reason or treatment.standard_reason.get(language, "")


def _lines(problems: Problems, drafts: tuple[LineDraft, ...], currency: str,
           treatment: VatTreatment | None, mark: str | None) -> list[InvoiceLine]:
    """`mark`: the decimal mark of the client's language, which decides thousands separators (numbers.py)."""
    if not drafts:
        problems.add("lines", "Add at least one line item.")
    if len(drafts) > MAX_LINES:
        problems.add("lines", f"An invoice can have at most {MAX_LINES} line items (now {len(drafts)}).")
        return []
    price_places = currency_digits(currency) if currency else 2
    valid = []
    for index, draft in enumerate(drafts):
        key = f"lines.{index}"
        description = _required_text(problems, f"{key}.description", draft.description, MAX_DESCRIPTION, "Description")
        problems.add(f"{key}.description", glyph_problem(description))
        quantity = _decimal(problems, f"{key}.quantity", draft.quantity, "Quantity", mark=mark, places=3,
                            low=Decimal(0), high=MAX_QUANTITY, low_inclusive=False)
        price = _decimal(problems, f"{key}.unit_price", draft.unit_price, "Unit price", mark=mark, places=price_places,
                         low=Decimal(0), high=MAX_UNIT_PRICE, low_inclusive=True)
        unit = draft.unit.strip().upper()
        if unit not in UNITS:
            problems.add(f"{key}.unit", "Choose a unit from the list.")
        rate = _decimal(problems, f"{key}.vat_rate", draft.vat_rate or "0", "VAT %", mark=mark, places=3,
                        low=Decimal(0), high=HUNDRED, low_inclusive=True)
        if rate and treatment is not None and not treatment.charges_vat:
            problems.add(f"{key}.vat_rate", f"VAT % must be 0 with \u201c{treatment.label}\u201d: no VAT is charged.")
        discount = _decimal(problems, f"{key}.discount", draft.discount or "0", "Discount %", mark=mark, places=3,
                            low=Decimal(0), high=HUNDRED, low_inclusive=True)
        if quantity is not None and price is not None and rate is not None and discount is not None and currency:
            quantity_thousandths = int(quantity * QUANTITY_SCALE)
            price_minor = to_minor_units(price, currency)
            discount_thousandths = int(discount * TAX_RATE_SCALE)
            valid.append(InvoiceLine(
                description, quantity_thousandths, price_minor,
                line_amount_minor(quantity_thousandths, price_minor, discount_thousandths), unit=unit,
                vat_rate_thousandths=int(rate * TAX_RATE_SCALE), discount_thousandths=discount_thousandths))
    return valid


def _required_text(problems: Problems, key: str, raw: str, limit: int, label: str) -> str:
    text = " ".join(raw.split())
    if not text:
        problems.add(key, f"{label} is required.")
    elif len(text) > limit:
        problems.add(key, f"{label} can be at most {limit} characters (now {len(text)}).")
    return text


def _date(problems: Problems, key: str, raw: str, label: str) -> date | None:
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        problems.add(key, f"{label} must be a date like 2026-01-31.")
        return None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        problems.add(key, f"{label} must be between {EARLIEST_DATE.year} and {LATEST_DATE.year}.")
        return None
    return value


def _decimal(problems: Problems, key: str, raw: str, label: str, *, mark: str | None, places: int,
             low: Decimal, high: Decimal, low_inclusive: bool) -> Decimal | None:
    try:
        value = parse_number(raw, mark)
    except AmbiguousNumber:
        problems.add(key, AMBIGUOUS)
        return None
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        problems.add(key, f"{label} must be a number, like 12.50.")
        return None
    too_low = value < low or (value == low and not low_inclusive)
    if too_low or value > high:
        lower = "at least" if low_inclusive else "more than"
        problems.add(key, f"{label} must be {lower} {low} and at most {high:,}.")
        return None
    if -value.normalize().as_tuple().exponent > places:  # type: ignore[operator]
        problems.add(key, f"{label} can have at most {places} decimal places." if places
                     else f"{label} must be a whole number.")
        return None
    return value
