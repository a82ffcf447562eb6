"""The invoice of pdf_templates/invoice.html laid out directly with ReportLab platypus: the speed reference.

Same page, fonts, columns, header row repeated on every page, rows never split, totals kept with the last
line, "Page X of Y" footer. Idiomatic platypus: one Table with repeatRows and NOSPLIT, Paragraph cells,
and a canvas that holds pages back until it knows their count (one layout pass, not multiBuild).
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from services.pdf.line_table import column_shares
from services.pdf.render import TEMPLATE_DIR

NAVY = colors.HexColor("#1f3a5f")
RULE = colors.HexColor("#d5d9e0")
MUTED = colors.HexColor("#6b6b6b")
INK = colors.HexColor("#222222")
SUM_LABEL = colors.HexColor("#444444")
MARGINS = {"leftMargin": 16 * mm, "rightMargin": 16 * mm, "topMargin": 16 * mm, "bottomMargin": 20 * mm}


def render_reference_pdf(document: dict[str, Any]) -> bytes:
    _fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, **MARGINS)

    def footer(canvas: Canvas, total: int) -> None:
        canvas.setFont("RefDejaVu", 7.5)
        canvas.setFillColor(MUTED)
        page = document["page_label"].format(page=canvas.getPageNumber(), pages=total)
        text = f"{document['footer_label']} · {page}"
        canvas.drawRightString(A4[0] - 16 * mm, 10 * mm, text)

    doc.build(_story(document, doc.width), canvasmaker=lambda *a, **k: _CountingCanvas(footer, *a, **k))
    return out.getvalue()


class _CountingCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
    """Keeps every finished page until save(), then stamps "Page X of Y" on each: one layout pass."""

    def __init__(self, footer: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for page in self._pages:
            self.__dict__.update(page)
            self._footer(self, len(self._pages))
            super().showPage()
        super().save()


def _story(document: dict[str, Any], width: float) -> list[Any]:
    s = _styles()
    seller, client = document["seller"], document["client"]
    head = Table(
        [["", [_p(seller["name"], s["seller"]), _p("\n".join(seller["address"]), s["muted_right"]),
               _p("\n".join(seller["details"]), s["muted_right"])]]],
        colWidths=[width / 2] * 2, style=[("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_padding()],
    )
    facts = Table(
        [[_p(fact["label"], s["muted"]), _p(fact["value"], s["right"])] for fact in document["facts"]],
        colWidths=[0.46 * width * 0.5] * 2, style=[*_no_padding(), ("TOPPADDING", (0, 0), (-1, -1), 1)],
    )
    bill_to = [Paragraph(document["client_label"].upper(), s["label"]), _p(client["name"], s["client"]),
               _p("\n".join(client["address"] + client["details"]), s["body"])]
    parties = Table([[bill_to, "", [Paragraph(document["title"], s["title"]), facts]]],
                    colWidths=[0.50 * width, 0.04 * width, 0.46 * width],
                    style=[("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_padding()])
    story: list[Any] = [head, Spacer(0, 8 * mm), parties, Spacer(0, 7 * mm), _items(document, width)]
    payment = document["payment"]
    if payment:
        details = [_p(payment["terms"], s["body"])] + [_p(f"{fact['label']}  {fact['value']}", s["body"])
                                                        for fact in payment["details"]]
        qr = Image(io.BytesIO(payment["qr"]["png"]), 30 * mm, 30 * mm) if payment["qr"] else ""
        story += [Spacer(0, 7 * mm), Table([[[Paragraph(payment["title"], s["bold"]), *details], qr]],
                                           colWidths=[0.68 * width, 0.32 * width],
                                           style=[("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_padding()])]
    if document["notes"]:
        story += [Spacer(0, 7 * mm), Paragraph(document["notes_label"], s["bold"]), _p(document["notes"], s["body"])]
    return story


def _items(document: dict[str, Any], width: float) -> Table:
    s = _styles()
    table = document["table"]
    shares = column_shares(table)
    widths = [width * shares[name] / 100 for name in table["columns"]]
    rows: list[list[Any]] = [list(table["header"])]
    for values in table["lines"]:  # numbers are plain string cells: one line, right-aligned, never parsed
        rows.append([_p(values[0], s["body"]), *values[1:]])
    last_line = len(rows) - 1
    blank = [""] * (len(widths) - 3)
    rows += [["", total["label"], *blank, total["value"]] for total in table["totals"]]
    commands: list[Any] = [
        ("FONT", (0, 0), (-1, -1), "RefDejaVu", 9, 11.7), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONT", (0, 0), (-1, 0), "RefDejaVu-Bold", 8, 10.4), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONT", (0, -1), (-1, -1), "RefDejaVu-Bold", 10.5, 13.65), ("TEXTCOLOR", (0, -1), (-1, -1), NAVY),
        ("TEXTCOLOR", (1, last_line + 1), (-2, -2), SUM_LABEL), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("ALIGN", (2, 0), (2, last_line), "LEFT"),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 1), (-1, last_line), 0.5, RULE),
        *[("SPAN", (1, row), (-2, row)) for row in range(last_line + 1, len(rows))],
        ("LINEABOVE", (-1, -1), (-1, -1), 1, NAVY),
        ("NOSPLIT", (0, max(1, last_line)), (-1, -1)),
    ]
    return Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(commands))


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """User text as a Paragraph: escaped, so it is only ever text; newlines kept as line breaks."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _no_padding() -> list[Any]:
    return [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]


@cache
def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="RefDejaVu", fontSize=9, leading=11.7, textColor=INK,
                          wordWrap=None, splitLongWords=True)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    return {
        "body": body, "right": right,
        "bold": ParagraphStyle("bold", parent=body, fontName="RefDejaVu-Bold"),
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED),
        "muted_right": ParagraphStyle("muted_right", parent=right, textColor=MUTED),
        "title": ParagraphStyle("title", parent=body, fontName="RefDejaVu-Bold", fontSize=22, leading=26,
                                textColor=NAVY),
        "seller": ParagraphStyle("seller", parent=right, fontName="RefDejaVu-Bold", fontSize=11, leading=14),
        "client": ParagraphStyle("client", parent=body, fontName="RefDejaVu-Bold", fontSize=11, leading=14),
        "label": ParagraphStyle("label", parent=body, fontSize=7.5, textColor=MUTED),
    }


@cache
def _fonts() -> None:
    fonts = TEMPLATE_DIR / "fonts"
    pdfmetrics.registerFont(TTFont("RefDejaVu", str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("RefDejaVu-Bold", str(fonts / "DejaVuSans-Bold.ttf")))
    registerFontFamily("RefDejaVu", normal="RefDejaVu", bold="RefDejaVu-Bold", italic="RefDejaVu",
                       boldItalic="RefDejaVu-Bold")
