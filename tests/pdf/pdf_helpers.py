"""Invoice documents to render and ways to read the PDFs back."""

from __future__ import annotations

import io
import re
from functools import cache
from itertools import pairwise
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from services.pdf.render import TEMPLATE_DIR


def invoice(line_count: int = 3, **overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "title": "INVOICE",
        "document_name": "Invoice",
        "reference": "",
        "number": "INV-0001",
        "issue_date": "24 Nov 2026",
        "due_date": "24 Dec 2026",
        "currency": "EUR",
        "seller": {"name": "Acme GmbH", "address": "Street 1\n10115 Berlin"},
        "client": {"name": "Zoë Müller — Łódź", "email": "zoe@example.com"},
        "lines": [line(i) for i in range(1, line_count + 1)],
        "subtotal": "€25.00",
        "tax_rate": "20%",
        "tax": "€5.00",
        "total": "€30.00",
        "notes": "Payment within 30 days.\nThank you!",
    }
    document.update(overrides)
    return document


def line(i: int, description: str | None = None) -> dict[str, str]:
    """A line whose description and amount are unique to i (every third description wraps)."""
    wordy = " covering design, implementation, review and the deployment to production" if i % 3 == 0 else ""
    return {
        "description": description or f"Item {i:03d}: consulting work{wordy}",
        "quantity": f"{i % 9 + 1}.5",
        "unit_price": "€120.00",
        "amount": amount(i),
    }


def amount(i: int) -> str:
    return f"€{7000 + i:,}.{i % 100:02d}"


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page with every run of whitespace made one space."""
    return [normalise(text) for text in raw_page_texts(pdf)]


def raw_page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def item_numbers(page_text: str) -> list[int]:
    return [int(number) for number in re.findall(r"Item (\d{3,}):", page_text)]


def image_count(pdf: bytes) -> int:
    """Image XObjects drawn on any page."""
    count = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in (xobjects.get_object() if xobjects else DictionaryObject()).values():
            count += ref.get_object().get("/Subtype") == "/Image"
    return count


def overprinted_text(pdf: bytes) -> list[tuple[str, str]]:
    """Pairs of text runs on one baseline where the first runs into the second, or off the page."""
    clashes: list[tuple[str, str]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        right_edge = float(page.mediabox.width)
        for row in _baselines(page).values():
            row.sort()
            for (_, end, text), (next_x, _, next_text) in pairwise(row):
                if end > next_x + 0.5:
                    clashes.append((text, next_text))
            clashes += [(text, "<page edge>") for _, end, text in row if end > right_edge]
    return clashes


def _baselines(page: Any) -> dict[float, list[tuple[float, float, str]]]:
    rows: dict[float, list[tuple[float, float, str]]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        text = text.strip("\n")
        if text.strip():
            x, y = cm[4] + tm[4] * cm[0], round(cm[5] + tm[5] * cm[3], 1)
            bold = "Bold" in str(font.get("/BaseFont", "")) if font else False
            rows.setdefault(y, []).append((x, x + _text_width(text, size, bold), text))

    page.extract_text(visitor_text=visit)
    return rows


def _text_width(text: str, size: float, bold: bool) -> float:
    return float(pdfmetrics.stringWidth(text, _metrics_font(bold), size))


@cache
def _metrics_font(bold: bool) -> str:
    name = "TestDejaVuBold" if bold else "TestDejaVu"
    file_name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    pdfmetrics.registerFont(TTFont(name, str(TEMPLATE_DIR / "fonts" / file_name)))
    return name


def fonts_of_visible_text(pdf: bytes) -> set[str]:
    """Base font names (without the subset prefix) of every run of text that is not whitespace."""
    names: set[str] = set()

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip() and font:
            names.add(str(font["/BaseFont"]).split("+")[-1].lstrip("/"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return names


def fonts_drawing(pdf: bytes, fragment: str) -> set[str]:
    """Base font names of the runs of text that contain `fragment`."""
    names: set[str] = set()

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if fragment in text and font:
            names.add(str(font["/BaseFont"]).split("+")[-1].lstrip("/"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return names
