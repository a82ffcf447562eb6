"""The invoice's line table as ReportLab flowables, laid out in time linear in the number of lines.

xhtml2pdf parses, styles and splits a long HTML table in super-linear time (every page break re-measures the
rest of the table; ReportLab's own Table does too). This table is built straight from the data: each row is
measured once, and each page gets a small table of its own - the header row, the lines that fit there, and on
the last page the totals.

Guarantees: the header row opens every page; a row is never split; the last line and the totals share a page;
user values are only ever text: Paragraph text runs copied from a constant, or plain string cells, so
ReportLab's markup parser never sees them. A run of Chinese, Japanese or Korean is drawn in the CJK font and
everything else in DejaVu (services.pdf.glyphs decides); a number cell stays a plain string unless it needs the
CJK font. The look is that of the former `table.items` CSS of invoice.html.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, Table

from services.pdf.glyphs import FONT_DIR, FONT_FILES, font_runs, needs_cjk_font
from services.pdf.pages import Fonts
from services.pdf.printed import PrintedInvoice, PrintedTable

INK, NAVY, RULE, SUM_LABEL = (colors.HexColor(c) for c in ("#222222", "#1f3a5f", "#d5d9e0", "#444444"))
COLUMNS = ("description", "quantity", "unit", "unit_price", "vat_rate", "discount", "amount")
UNIT_COLUMN = 2  # every table has description, quantity, unit and unit price first, and the net amount last
SIZE, HEADER_SIZE, GRAND_SIZE, LINE_HEIGHT = 9.0, 8.0, 10.5, 1.3
PAD_X, PAD_TOP, PAD_BOTTOM = 5.0, 4.0, 3.0
SUM_PAD_TOP, SUM_PAD_BOTTOM, FIRST_SUM_PAD_TOP, GRAND_PAD_TOP = 3.0, 2.0, 7.0, 5.0
HEADER_HEIGHT = HEADER_SIZE * LINE_HEIGHT + PAD_TOP + PAD_BOTTOM

# Column sizing: A4 minus the 16 mm side margins of invoice.html, cell padding and a margin of error, and each
# text's width in DejaVu Sans (CJK characters, drawn by the fallback font, count as wide as DejaVu's widest).
_CONTENT_WIDTH_PT = 504.0
_CELL_PADDING_PT = 14.0
_MIN_SHARES = {"quantity": 6, "unit": 6, "unit_price": 10, "vat_rate": 6, "discount": 6, "amount": 12}
_MIN_DESCRIPTION_SHARE = 25
_CJK_EM = 1.0


@dataclass(frozen=True)
class LineTableData:
    """What the table prints, as one-line strings (descriptions may wrap); checked before any layout."""

    header: list[str]
    lines: list[list[str]]  # one value per column, the description first
    totals: list[tuple[str, str, bool]]  # (label, value, grand): the VAT breakdown, sums and the amount due
    shares: tuple[int, ...]  # percent of the frame width, one per column


def line_table_data(document: PrintedInvoice) -> LineTableData:
    """Raises LookupError, TypeError or AttributeError when the document lacks a field."""
    table = document["table"]
    columns = list(table["columns"])
    if columns[:4] != list(COLUMNS[:4]) or columns[-1:] != ["amount"] or not set(columns) <= set(COLUMNS):
        raise LookupError(f"line table columns {columns}")
    if any(len(values) != len(columns) for values in [table["header"], *table["lines"]]):
        raise LookupError("a line table row does not have one value per column")
    lines = [[str(values[0]), *map(_plain, values[1:])] for values in table["lines"]]
    totals = [(_plain(row["label"]), _plain(row["value"]), bool(row["grand"])) for row in table["totals"]]
    shares = column_shares(table)
    return LineTableData(header=list(map(_plain, table["header"])), lines=lines, totals=totals,
                         shares=tuple(shares[name] for name in columns))


def line_table(data: LineTableData, fonts: Fonts) -> Flowable:
    """The whole line table: header, one row per line, then the totals."""
    style = ParagraphStyle("line", fontName=fonts.regular, fontSize=SIZE, leading=SIZE * LINE_HEIGHT, textColor=INK)
    number_style = ParagraphStyle("number", parent=style, alignment=TA_RIGHT)
    prototype = _text_run(style)
    rows = [[_paragraph(text, style, prototype, fonts), *(_cell(value, number_style, prototype, fonts)
                                                          for value in values)]
            for text, *values in data.lines]
    blank = [""] * (len(data.header) - 2)
    totals = [["", label, *blank[1:], value] for label, value, _ in data.totals]
    grand = [row for row, (_, _, is_grand) in enumerate(data.totals) if is_grand]
    return LineItems(rows, totals, _Look(fonts, data.header, data.shares, tuple(grand)))


def column_shares(table: PrintedTable) -> dict[str, int]:
    """Percent widths of the line table's columns, wide enough that no header, price or amount has to wrap."""
    columns = list(table["columns"])
    wanted: dict[str, list[float]] = {
        name: [_text_pt(header, HEADER_SIZE, bold=True)] for name, header in zip(columns, table["header"], strict=True)
    }
    for index, name in enumerate(columns[1:], start=1):
        wanted[name] += map(_text_pt, _longest([values[index] for values in table["lines"]]))
    wanted["amount"] += [_text_pt(row["value"], GRAND_SIZE if row["grand"] else SIZE, bold=row["grand"])
                         for row in table["totals"]]
    shares = {name: max(_MIN_SHARES[name], _percent(max(wanted[name]))) for name in columns[1:]}
    room = 100 - _MIN_DESCRIPTION_SHARE
    if sum(shares.values()) > room:  # absurdly long amounts: they overflow rather than squeeze out the text
        shares = {name: share * room // sum(shares.values()) for name, share in shares.items()}
    return {"description": 100 - sum(shares.values()), **shares}


@dataclass(frozen=True)
class _Look:
    fonts: Fonts
    header: list[str]
    shares: tuple[int, ...]
    grand: tuple[int, ...]  # indexes of the emphasised totals rows

    def totals_heights(self, count: int) -> list[float]:
        heights = [SIZE * LINE_HEIGHT + SUM_PAD_TOP + SUM_PAD_BOTTOM] * count
        if heights:
            heights[0] += FIRST_SUM_PAD_TOP - SUM_PAD_TOP
        for row in self.grand:
            heights[row] = GRAND_SIZE * LINE_HEIGHT + GRAND_PAD_TOP + SUM_PAD_BOTTOM
        return heights


class LineItems(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """The rows not drawn yet; split() hands out one page's table at a time, in O(rows on that page)."""

    def __init__(self, rows: list[list[Any]], totals: list[list[str]], look: _Look,
                 measured: tuple[list[float], list[float]] | None = None) -> None:
        super().__init__()
        self._rows, self._totals, self._look = rows, totals, look
        self._widths, self._heights = measured or ([], [])
        self._reach = list(accumulate(self._heights, initial=0.0))  # _reach[k]: height of the first k rows
        self._totals_heights = look.totals_heights(len(totals))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._measure(availWidth)
        self.width = sum(self._widths)
        self.height = HEADER_HEIGHT + self._reach[-1] + sum(self._totals_heights)
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
            self._heights = [_row_height(row, widths) for row in self._rows]
            self._reach = list(accumulate(self._heights, initial=0.0))

    def _page_table(self, rows: list[list[Any]], heights: list[float], *, with_totals: bool) -> Table:
        data, row_heights = [self._look.header, *rows], [HEADER_HEIGHT, *heights]
        if with_totals:
            data, row_heights = [*data, *self._totals], [*row_heights, *self._totals_heights]
        return Table(data, colWidths=self._widths, rowHeights=row_heights, hAlign="LEFT",
                     style=_commands(self._look, len(rows), len(self._totals) if with_totals else 0))


def _text_run(style: ParagraphStyle) -> Any:
    """A run of text in `style`, parsed from a constant: user text goes into copies of it."""
    (run,) = Paragraph("x", style).frags
    # Named outright: ReportLab's bold/italic lookup maps the faces xhtml2pdf registered back to the bold one.
    return run.clone(fontName=style.fontName)


def _paragraph(text: str, style: ParagraphStyle, prototype: Any, fonts: Fonts) -> Paragraph:
    """User text as a Paragraph of text runs copied from a constant, each run in the font that draws it."""
    runs = font_runs(text) or [(text, False)]
    return Paragraph(text, style, frags=[prototype.clone(text=run, fontName=fonts.cjk if cjk else style.fontName)
                                         for run, cjk in runs])


def _cell(value: str, style: ParagraphStyle, prototype: Any, fonts: Fonts) -> Any:
    """A one-line value: a plain string cell (DejaVu), or a right-aligned Paragraph when it needs the CJK font."""
    return _paragraph(value, style, prototype, fonts) if needs_cjk_font(value) else value


def _row_height(row: list[Any], widths: list[float]) -> float:
    texts = [cell.wrap(width - 2 * PAD_X, math.inf)[1] for cell, width in zip(row, widths, strict=True)
             if isinstance(cell, Paragraph)]
    return max([float(height) for height in texts] + [SIZE * LINE_HEIGHT]) + PAD_TOP + PAD_BOTTOM


def _plain(value: object) -> str:
    """A one-line string cell: ReportLab draws it as it is, so it is text whatever it contains."""
    return " ".join(str(value).split())


def _longest(texts: list[str], sample: int = 40) -> list[str]:
    """Texts that may be the widest, for measuring a column's every value would cost more than its layout: the
    longest ones, a few of each length (DejaVu's digits are all one width, so numbers of one length differ little)."""
    most = max(map(len, texts), default=0)
    candidates = {text for text in texts if len(text) >= most - 2}
    return [text for length in (most, most - 1, most - 2)
            for text in sorted(text for text in candidates if len(text) == length)[:sample]]


def _text_pt(text: str, size: float = SIZE, *, bold: bool = False) -> float:
    latin = "".join(run for run, cjk in font_runs(str(text)) if not cjk)
    return float(stringWidth(latin, _metrics_font(bold), size)) + (len(str(text)) - len(latin)) * size * _CJK_EM


@cache
def _metrics_font(bold: bool) -> str:
    """DejaVu registered under a name of its own, to measure text before xhtml2pdf has loaded the template's."""
    name = "LineTableMetrics-Bold" if bold else "LineTableMetrics"
    file_name = FONT_FILES[1] if bold else FONT_FILES[0]
    registerFont(TTFont(name, str(FONT_DIR / file_name)))
    return name


def _percent(text_pt: float) -> int:
    return math.ceil(100 * (text_pt + _CELL_PADDING_PT) / _CONTENT_WIDTH_PT)


def _commands(look: _Look, line_count: int, totals_count: int) -> list[tuple[Any, ...]]:
    fonts = look.fonts
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
    commands.append(("ALIGN", (UNIT_COLUMN, 0), (UNIT_COLUMN, line_count), "LEFT"))  # "10 | hour": reads on
    return commands + (_totals_commands(look, line_count + 1, totals_count) if totals_count else [])


def _totals_commands(look: _Look, first: int, count: int) -> list[tuple[Any, ...]]:
    last = first + count - 1
    commands: list[tuple[Any, ...]] = [
        ("TOPPADDING", (0, first), (-1, last), SUM_PAD_TOP),
        ("BOTTOMPADDING", (0, first), (-1, last), SUM_PAD_BOTTOM),
        ("TOPPADDING", (0, first), (-1, first), FIRST_SUM_PAD_TOP),
        ("TEXTCOLOR", (1, first), (-2, last), SUM_LABEL),
        *[("SPAN", (1, row), (-2, row)) for row in range(first, last + 1)],
    ]
    for row in (first + index for index in look.grand):
        commands += [
            ("FONT", (0, row), (-1, row), look.fonts.bold, GRAND_SIZE, GRAND_SIZE * LINE_HEIGHT),
            ("TEXTCOLOR", (0, row), (-1, row), NAVY),
            ("TOPPADDING", (0, row), (-1, row), GRAND_PAD_TOP),
            ("LINEABOVE", (-1, row), (-1, row), 1, NAVY),
        ]
    return commands
