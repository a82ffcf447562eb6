"""Invoice documents to render and ways to read the PDFs back."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from services.invoices.model import (
    BankAccount,
    InvoiceContent,
    InvoiceLine,
    Party,
    RenderRequest,
    Totals,
    VatSubtotal,
)
from services.invoices.money import tax_minor
from services.pdf.document import render_request
from services.pdf.render import TEMPLATE_DIR

SELLER = Party(name="Acme Consulting Ltd", street="1 Grand Canal Square", postcode="D02 P820", city="Dublin",
               country="IE", vat_id="IE6388047V", email="billing@acme.example")
CLIENT = Party(name="Zoë Müller — Łódź", street="ul. Piotrkowska 1", postcode="90-001", city="Łódź", country="PL",
               email="zoe@example.com")
BANK = BankAccount(iban="IE29AIBK93115212345678", bic="AIBKIE2D", bank_name="AIB")
VAT_RATE = 23_000  # Ireland's standard rate, in thousandths of a percent


def content(line_count: int = 3, **overrides: Any) -> InvoiceContent:
    """An English invoice of an Irish seller (`€7,001.01`, `2 December 2026`) with `line_count` lines of line(i)."""
    lines = overrides.pop("lines", None) or tuple(line(i) for i in range(1, line_count + 1))
    fields: dict[str, Any] = {
        "seller": SELLER, "client": CLIENT, "issue_date": date(2026, 11, 24), "due_date": date(2026, 12, 24),
        "currency": "EUR", "tax_rate_thousandths": VAT_RATE, "lines": tuple(lines), "totals": totals_of(lines),
        "notes": "Thank you!", "language": "en", "seller_bank": BANK, "payment_terms_days": 30,
    }
    fields.update(overrides)
    return InvoiceContent(**fields)


def render(line_count: int = 3, *, number: str = "INV-0001", **overrides: Any) -> bytes:
    """The PDF the worker makes of content(line_count, **overrides)."""
    return render_request(RenderRequest(number=number, content=content(line_count, **overrides)))


def line(i: int, description: str | None = None, **overrides: Any) -> InvoiceLine:
    """A line whose description and amount are unique to i (every third description wraps)."""
    wordy = " covering design, implementation, review and the deployment to production" if i % 3 == 0 else ""
    fields: dict[str, Any] = {
        "description": description or f"Item {i:03d}: consulting work{wordy}", "quantity_thousandths": 1000,
        "unit_price_minor": amount_minor(i), "amount_minor": amount_minor(i), "unit": "HUR",
        "vat_rate_thousandths": VAT_RATE,
    }
    fields.update(overrides)
    return InvoiceLine(**fields)


def amount_minor(i: int) -> int:
    return (7000 + i) * 100 + i % 100


def amount(i: int) -> str:
    return f"€{7000 + i:,}.{i % 100:02d}"


def totals_of(lines: Any, paid_minor: int = 0) -> Totals:
    """Totals as EN 16931 computes them: per rate, the VAT of the summed line nets, rounded once."""
    taxable: dict[int, int] = {}
    for item in lines:
        taxable[item.vat_rate_thousandths] = taxable.get(item.vat_rate_thousandths, 0) + item.amount_minor
    breakdown = tuple(VatSubtotal("S", rate_thousandths=rate, taxable_minor=net, tax_minor=tax_minor(net, rate))
                      for rate, net in sorted(taxable.items(), reverse=True))
    net, tax = sum(taxable.values()), sum(part.tax_minor for part in breakdown)
    return Totals(subtotal_minor=net, tax_minor=tax, total_minor=net + tax, vat_breakdown=breakdown,
                  paid_minor=paid_minor)


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


def qr_codes(pdf: bytes, page: int = 1) -> list[str]:
    """The QR codes a real decoder (zxing-cpp) reads on a page rendered to pixels by poppler's pdftoppm."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "invoice.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                        str(source), str(Path(folder) / "page")], check=True, capture_output=True)
        with Image.open(Path(folder) / "page.png") as image:
            codes = zxingcpp.read_barcodes(image)
    return [code.bytes.decode() for code in codes if code.format == zxingcpp.BarcodeFormat.QRCode]


def spaced(text: str) -> str:
    """Extracted text with no-break and narrow no-break spaces (French digit groups, `€` after amounts) as spaces."""
    return normalise(text.replace("\u202f", " ").replace("\xa0", " "))
