"""Checks an invoice draft field by field and recomputes every amount on the server."""

import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from services.accounts.email_address import email_problem, normalize_email
from services.errors import InvalidInput, Problems
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import InvoiceContent, InvoiceLine, Party, Totals
from services.invoices.money import (
    QUANTITY_SCALE,
    TAX_RATE_SCALE,
    active_currencies,
    currency_digits,
    exact,
    line_amount_minor,
    tax_minor,
    to_minor_units,
)
from services.pdf.glyphs import undrawable_characters

HIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})  # controls, surrogates, private use, unassigned
DISGUISING_CHARACTERS = frozenset(  # bidirectional overrides and isolates, zero-width characters
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff")
MAX_CLIENT_NAME = 200
MAX_DESCRIPTION = 500
MAX_NOTES = 2000
MAX_LINES = 2000  # a 2000-line invoice with the longest descriptions renders in about 1 s (see bench/)
MAX_QUANTITY = Decimal("1000000")
MAX_UNIT_PRICE = Decimal("1000000")
MAX_TOTAL = Decimal("1000000000000")  # keeps every amount inside the PDF's columns
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


@exact
def validate_invoice(draft: InvoiceDraft, *, seller: Party) -> InvoiceContent:
    """Raises InvalidInput listing every problem; otherwise returns the invoice with server-side totals."""
    problems = Problems()
    client_name = _required_text(problems, "client_name", draft.client_name, MAX_CLIENT_NAME, "Client name")
    client_email = normalize_email(draft.client_email)
    if client_email:
        problems.add("client_email", email_problem(client_email))
    issue_date = _date(problems, "issue_date", draft.issue_date, "Issue date")
    due_date = _date(problems, "due_date", draft.due_date, "Due date")
    if issue_date and due_date and due_date < issue_date:
        problems.add("due_date", "The due date cannot be before the issue date.")
    currency = draft.currency.strip().upper()
    if currency not in active_currencies():
        problems.add("currency", "Choose a currency from the list.")
        currency = ""
    tax_rate = _decimal(problems, "tax_rate", draft.tax_rate or "0", "Tax rate", places=3,
                        low=Decimal(0), high=Decimal(100), low_inclusive=True)
    notes = draft.notes.strip()
    if len(notes) > MAX_NOTES:
        problems.add("notes", f"Notes can be at most {MAX_NOTES} characters (now {len(notes)}).")
    lines = _lines(problems, draft.lines, currency)
    for key, text in [("client_name", client_name), ("client_email", client_email), ("notes", notes)]:
        problems.add(key, glyph_problem(text))
    if problems or issue_date is None or due_date is None or tax_rate is None:
        raise InvalidInput(problems)
    tax_rate_thousandths = int(tax_rate * TAX_RATE_SCALE)
    subtotal = sum(line.amount_minor for line in lines)
    tax = tax_minor(subtotal, tax_rate_thousandths)
    if subtotal + tax > to_minor_units(MAX_TOTAL, currency):
        problems.add("lines", f"The total cannot exceed {MAX_TOTAL:,} {currency}; split it into several invoices.")
        raise InvalidInput(problems)
    return InvoiceContent(
        seller=seller, client=Party(name=client_name, email=client_email), issue_date=issue_date,
        due_date=due_date, currency=currency, tax_rate_thousandths=tax_rate_thousandths, lines=tuple(lines),
        totals=Totals(subtotal_minor=subtotal, tax_minor=tax, total_minor=subtotal + tax), notes=notes,
    )


def _lines(problems: Problems, drafts: tuple[LineDraft, ...], currency: str) -> list[InvoiceLine]:
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
        quantity = _decimal(problems, f"{key}.quantity", draft.quantity, "Quantity", places=3,
                            low=Decimal(0), high=MAX_QUANTITY, low_inclusive=False)
        price = _decimal(problems, f"{key}.unit_price", draft.unit_price, "Unit price", places=price_places,
                         low=Decimal(0), high=MAX_UNIT_PRICE, low_inclusive=True)
        if quantity is not None and price is not None and currency:
            quantity_thousandths = int(quantity * QUANTITY_SCALE)
            price_minor = to_minor_units(price, currency)
            valid.append(InvoiceLine(description, quantity_thousandths, price_minor,
                                   line_amount_minor(quantity_thousandths, price_minor)))
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


def _decimal(problems: Problems, key: str, raw: str, label: str, *, places: int,
             low: Decimal, high: Decimal, low_inclusive: bool) -> Decimal | None:
    text = raw.strip()
    try:
        value = Decimal(text) if len(text) <= 40 else Decimal("NaN")
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


def glyph_problem(text: str) -> str | None:
    """Told before rendering, instead of printing boxes or hiding text behind invisible characters."""
    hidden = sorted({f"U+{ord(c):04X}" for c in text
                     if c in DISGUISING_CHARACTERS or (c != "\n" and unicodedata.category(c) in HIDDEN_CATEGORIES)})
    if hidden:
        return (f"Remove the invisible or control characters ({', '.join(hidden[:5])}): "
                "they could make the invoice read differently from what it says.")
    missing = undrawable_characters(text)
    if not missing:
        return None
    return (f"The PDF font cannot print these characters: {' '.join(missing[:8])}. "
            "Remove them or write them in Latin, Greek or Cyrillic letters.")
