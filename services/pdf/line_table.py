"""The invoice's line table as ReportLab flowables, laid out in time linear in the number of lines.

xhtml2pdf parses, styles and splits a long HTML table in super-linear time (every page break re-measures the
rest of the table; ReportLab's own Table does too). This table is built straight from the data: each row is
measured once, and each page gets a small table of its own - the header row, the lines that fit there, and on
the last page the totals.

Guarantees: the header row opens every page; a row is never split; the last line and the totals share a page;
user values are only ever text: Paragraph text runs copied from a constant, or plain string cells, so
ReportLab's markup parser never sees them. The look is that of the former `table.items` CSS of invoice.html.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from services.pdf.pages import Fonts
from services.pdf.printed import PrintedInvoice

INK, NAVY, RULE, SUM_LABEL = (colors.HexColor(c) for c in ("#222222", "#1f3a5f", "#d5d9e0", "#444444"))
HEADER = ["Description", "Quantity", "Unit price", "Amount"]
COLUMNS = ("description", "quantity", "unit_price", "amount")
SIZE, HEADER_SIZE, GRAND_SIZE, LINE_HEIGHT = 9.0, 8.0, 10.5, 1.3
PAD_X, PAD_TOP, PAD_BOTTOM = 5.0, 4.0, 3.0
SUM_PAD_TOP, SUM_PAD_BOTTOM, FIRST_SUM_PAD_TOP, GRAND_PAD_TOP = 3.0, 2.0, 7.0, 5.0
HEADER_HEIGHT = HEADER_SIZE * LINE_HEIGHT + PAD_TOP + PAD_BOTTOM
TOTALS_HEIGHTS = [
    SIZE * LINE_HEIGHT + FIRST_SUM_PAD_TOP + SUM_PAD_BOTTOM,
    SIZE * LINE_HEIGHT + SUM_PAD_TOP + SUM_PAD_BOTTOM,
    GRAND_SIZE * LINE_HEIGHT + GRAND_PAD_TOP + SUM_PAD_BOTTOM,
]

# Column sizing: A4 minus the 16 mm side margins of invoice.html, cell padding, and deliberately generous
# DejaVu Sans advance widths (em) for digits, separators, symbols and ISO codes.
_CONTENT_WIDTH_PT = 504.0
_CELL_PADDING_PT = 12.0
_REGULAR_EM, _BOLD_EM = 0.70, 0.76
_MIN_SHARES = {"quantity": 10, "unit_price": 15, "amount": 17}
_MIN_DESCRIPTION_SHARE = 34


@dataclass(frozen=True)
class LineTableData:
    """What the table prints, as one-line strings (descriptions may wrap); checked before any layout."""

    lines: list[tuple[str, str, str, str]]  # description, quantity, unit price, amount
    totals: list[tuple[str, str]]  # (label, value) for subtotal, tax and total
    shares: tuple[int, ...]  # percent of the frame width, one per column of COLUMNS


def line_table_data(document: PrintedInvoice) -> LineTableData:
    """Raises LookupError, TypeError or AttributeError when the document lacks a field."""
    lines = [(str(line["description"]), _plain(line["quantity"]), _plain(line["unit_price"]), _plain(line["amount"]))
             for line in document["lines"]]
    totals = [("Subtotal", _plain(document["subtotal"])), (f"Tax ({_plain(document['tax_rate'])})",
              _plain(document["tax"])), ("Total", _plain(document["total"]))]
    shares = column_shares(document)
    return LineTableData(lines=lines, totals=totals, shares=tuple(shares[name] for name in COLUMNS))


def line_table(data: LineTableData, fonts: Fonts) -> Flowable:
    """The whole line table: header, one row per line, subtotal, tax and total."""
    style = ParagraphStyle("line", fontName=fonts.regular, fontSize=SIZE, leading=SIZE * LINE_HEIGHT, textColor=INK)
    prototype = _text_run(style)
    rows = [[Paragraph(text, style, frags=[prototype.clone(text=text)]), *numbers]
            for text, *numbers in data.lines]
    totals = [["", label, "", value] for label, value in data.totals]
    return LineItems(rows, totals, _Look(fonts, data.shares))


def column_shares(document: PrintedInvoice) -> dict[str, int]:
    """Percent widths of the line table, wide enough that no price or amount has to wrap."""
    lines = document["lines"]
    wanted = {
        "quantity": [_text_pt(line["quantity"]) for line in lines] + [_text_pt("Quantity", 8, bold=True)],
        "unit_price": [_text_pt(line["unit_price"]) for line in lines] + [_text_pt("Unit price", 8, bold=True)],
        "amount": [_text_pt(line["amount"]) for line in lines]
        + [_text_pt(document["subtotal"]), _text_pt(document["tax"]), _text_pt(document["total"], 10.5, bold=True)],
    }
    shares = {name: max(_MIN_SHARES[name], _percent(max(widths))) for name, widths in wanted.items()}
    room = 100 - _MIN_DESCRIPTION_SHARE
    if sum(shares.values()) > room:  # absurdly long amounts: they overflow rather than squeeze out the text
        shares = {name: share * room // sum(shares.values()) for name, share in shares.items()}
    return {"description": 100 - sum(shares.values()), **shares}


@dataclass(frozen=True)
class _Look:
    fonts: Fonts
    shares: tuple[int, ...]


class LineItems(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """The rows not drawn yet; split() hands out one page's table at a time, in O(rows on that page)."""

    def __init__(self, rows: list[list[Any]], totals: list[list[str]], look: _Look,
                 measured: tuple[list[float], list[float]] | None = None) -> None:
        super().__init__()
        self._rows, self._totals, self._look = rows, totals, look
        self._widths, self._heights = measured or ([], [])
        self._reach = list(accumulate(self._heights, initial=0.0))  # _reach[k]: height of the first k rows

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._measure(availWidth)
        self.width = sum(self._widths)
        self.height = HEADER_HEIGHT + self._reach[-1] + sum(TOTALS_HEIGHTS)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._measure(availWidth)
        fit = bisect_right(self._reach, availHeight - HEADER_HEIGHT) - 1  # rows that fit under the header
        if fit >= len(self._rows):  # every line fits, the totals do not: the last line goes over with them
            fit = len(self._rows) - 1
        if fit <= 0:
            return []  # not one line fits under the header here: the whole table moves on
        head = self._page_table(self._rows[:fit], self._heights[:fit], with_totals=False)
        rest = LineItems(self._rows[fit:], self._totals, self._look, (self._widths, self._heights[fit:]))
        return [head, rest]

    def draw(self) -> None:
        table = self._page_table(self._rows, self._heights, with_totals=True)
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)

    def _measure(self, frame_width: float) -> None:
        """Column widths for this frame and each row's height, measured once per frame width."""
        widths = [frame_width * share / 100 for share in self._look.shares]
        if widths != self._widths:
            self._widths = widths
            self._heights = [_row_height(row[0], widths[0]) for row in self._rows]
            self._reach = list(accumulate(self._heights, initial=0.0))

    def _page_table(self, rows: list[list[Any]], heights: list[float], *, with_totals: bool) -> Table:
        data, row_heights = [HEADER, *rows], [HEADER_HEIGHT, *heights]
        if with_totals:
            data, row_heights = [*data, *self._totals], [*row_heights, *TOTALS_HEIGHTS]
        return Table(data, colWidths=self._widths, rowHeights=row_heights, hAlign="LEFT",
                     style=_commands(self._look.fonts, len(rows), with_totals=with_totals))


def _text_run(style: ParagraphStyle) -> Any:
    """A run of text in `style`, parsed from a constant: user text goes into copies of it."""
    (run,) = Paragraph("x", style).frags
    # Named outright: ReportLab's bold/italic lookup maps the faces xhtml2pdf registered back to the bold one.
    return run.clone(fontName=style.fontName)


def _row_height(description: Paragraph, column_width: float) -> float:
    _, text_height = description.wrap(column_width - 2 * PAD_X, math.inf)
    return max(float(text_height), SIZE * LINE_HEIGHT) + PAD_TOP + PAD_BOTTOM


def _plain(value: object) -> str:
    """A one-line string cell: ReportLab draws it as it is, so it is text whatever it contains."""
    return " ".join(str(value).split())


def _text_pt(text: str, size: float = 9, *, bold: bool = False) -> float:
    return len(str(text)) * size * (_BOLD_EM if bold else _REGULAR_EM)


def _percent(text_pt: float) -> int:
    return math.ceil(100 * (text_pt + _CELL_PADDING_PT) / _CONTENT_WIDTH_PT)


def _commands(fonts: Fonts, line_count: int, *, with_totals: bool) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, SIZE, SIZE * LINE_HEIGHT),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
        ("FONT", (0, 0), (-1, 0), fonts.bold, HEADER_SIZE, HEADER_SIZE * LINE_HEIGHT),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
    ]
    if line_count:
        commands.append(("LINEBELOW", (0, 1), (-1, line_count), 0.5, RULE))
    return commands + (_totals_commands(fonts, first=line_count + 1) if with_totals else [])


def _totals_commands(fonts: Fonts, first: int) -> list[tuple[Any, ...]]:
    grand = first + 2
    return [
        ("TOPPADDING", (0, first), (-1, grand), SUM_PAD_TOP),
        ("BOTTOMPADDING", (0, first), (-1, grand), SUM_PAD_BOTTOM),
        ("TOPPADDING", (0, first), (-1, first), FIRST_SUM_PAD_TOP),
        ("TEXTCOLOR", (1, first), (2, grand), SUM_LABEL),
        ("FONT", (0, grand), (-1, grand), fonts.bold, GRAND_SIZE, GRAND_SIZE * LINE_HEIGHT),
        ("TEXTCOLOR", (0, grand), (-1, grand), NAVY),
        ("TOPPADDING", (0, grand), (-1, grand), GRAND_PAD_TOP),
        ("LINEABOVE", (3, grand), (3, grand), 1, NAVY),
        *[("SPAN", (1, row), (2, row)) for row in range(first, grand + 1)],
    ]
