"""Line items pasted from a spreadsheet: one per row, cells split by tabs (or by semicolons, as in a CSV file).

Columns: description, quantity, unit price (with two columns: description and unit price, quantity 1). A further
column is read only where it cannot be mistaken: every cell a unit ("Hour", "HUR") or a VAT rate with its percent
sign ("19 %"); any other is left out and named. A row whose quantity or price cannot be read keeps its whole text
as the description, with the reason, so nothing pasted is lost.
"""

import re
from dataclasses import dataclass
from decimal import InvalidOperation

from services.invoices.numbers import MAX_NUMBER_TEXT, parse_number, ungrouped
from services.invoices.units import UNITS
from services.invoices.validation import MAX_DESCRIPTION, MAX_LINES

MAX_PASTE = MAX_LINES * (MAX_DESCRIPTION + 6 * MAX_NUMBER_TEXT)
PERCENT = re.compile(r"^(?P<rate>[^%]*\S)\s*%$")
UNIT_KEYS = {text.casefold(): code for code, name in UNITS.items() for text in (code, name, f"{name}s")}


@dataclass(frozen=True)
class PastedRow:
    description: str
    quantity: str = "1"
    unit_price: str = ""
    unit: str | None = None  # a key of UNITS, None when the paste has no unit column
    vat_rate: str | None = None  # percent, None when the paste has no VAT column
    problem: str = ""  # why the row was not split into fields ("" when it was)


@dataclass(frozen=True)
class Paste:
    rows: tuple[PastedRow, ...]
    unused_columns: tuple[int, ...] = ()  # counted from 1
    left_out_rows: int = 0  # beyond MAX_LINES


def read_paste(text: str, *, decimal_mark: str | None) -> Paste | None:
    """The rows of a pasted table; None for text that is no table (one line without a tab): an ordinary paste.

    `decimal_mark` ("," or ".") is the user's language's: it decides numbers with thousands separators such as
    "1.234,50"; with None such numbers are refused.
    """
    lines = [line for line in text[:MAX_PASTE].splitlines() if line.strip()]
    if not lines or (len(lines) == 1 and "\t" not in lines[0]):
        return None
    separator = "\t" if "\t" in text else ";"
    table = [[cell.strip() for cell in line.split(separator)] for line in lines[:MAX_LINES]]
    extra = _extra_columns(table)
    rows = tuple(_row(line, cells, extra, decimal_mark) for line, cells in zip(lines, table, strict=False))
    unused = tuple(sorted(column + 1 for column in range(3, max(map(len, table))) if column not in extra))
    return Paste(rows, unused, max(0, len(lines) - MAX_LINES))


def _extra_columns(table: list[list[str]]) -> dict[int, str]:
    """Columns after the price that are all units or all percentages: column index -> "unit" or "vat_rate"."""
    found: dict[int, str] = {}
    for column in range(3, max(map(len, table))):
        cells = [cells[column] for cells in table if len(cells) > column and cells[column]]
        if cells and all(cell.casefold() in UNIT_KEYS for cell in cells):
            found[column] = "unit"
        elif cells and all(_percent(cell) is not None for cell in cells):
            found[column] = "vat_rate"
    kinds = list(found.values())
    return {column: kind for column, kind in found.items() if kinds.count(kind) == 1}  # two VAT columns: neither


def _row(line: str, cells: list[str], extra: dict[int, str], decimal_mark: str | None) -> PastedRow:
    whole = line.strip()[:MAX_DESCRIPTION]
    if len(cells) == 1:
        return PastedRow(whole)
    quantity, price = ("1", cells[1]) if len(cells) == 2 else (cells[1], cells[2])
    problems = [f"the {name} \u201c{raw}\u201d is no number" for name, raw in (("quantity", quantity),
                                                                              ("unit price", price))
                if _number(raw, decimal_mark) is None]
    if not cells[0] or problems:
        reason = "; ".join(problems) if problems else "the description is empty"
        return PastedRow(whole, "1", "", problem=f"Pasted as text: {reason}.")
    unit = next((UNIT_KEYS[cells[c].casefold()] for c, kind in extra.items()
                 if kind == "unit" and len(cells) > c and cells[c]), None)
    rate = next((_percent(cells[c]) for c, kind in extra.items()
                 if kind == "vat_rate" and len(cells) > c and cells[c]), None)
    return PastedRow(cells[0][:MAX_DESCRIPTION], _number(quantity, decimal_mark) or "",
                     _number(price, decimal_mark) or "", unit=unit, vat_rate=rate)


def _percent(cell: str) -> str | None:
    match = PERCENT.match(cell)
    return _number(match["rate"], None) if match else None


def _number(raw: str, decimal_mark: str | None) -> str | None:
    """The number as the editor's fields take it (thousands separators removed), or None when it is none."""
    text = ungrouped(raw, decimal_mark)
    try:
        value = parse_number(text)
    except (ValueError, InvalidOperation):
        return None
    return text if value.is_finite() else None
