"""Renders a German and an English sample invoice and saves their first pages as PNG for the README.

    .venv/bin/python scripts/pdf_screenshots.py   (needs pdftoppm: Debian's poppler-utils, see scripts/setup)
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.invoices.model import (  # noqa: E402  (the repository root is put on the path first)
    BankAccount,
    InvoiceContent,
    InvoiceLine,
    Party,
    RenderRequest,
    Totals,
    VatSubtotal,
)
from services.pdf.document import render_request  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SELLER = Party(name="Müller Software GmbH", street="Friedrichstraße 123", postcode="10117", city="Berlin",
               country="DE", vat_id="DE136695976", tax_number="30/123/45678",
               registration="Amtsgericht Berlin HRB 12345", email="rechnung@mueller.example",
               phone="+49 30 1234567", website="mueller.example")
CLIENT = Party(name="Kunde AG", street="Hauptstraße 5", postcode="80331", city="München", country="DE",
               vat_id="DE811569869", email="buchhaltung@kunde.example")
LINES = (
    InvoiceLine("Beratung Softwarearchitektur", 10_000, 12_000, 120_000, unit="HUR", vat_rate_thousandths=19_000),
    InvoiceLine("Workshop vor Ort (2 Tage)", 2_000, 96_000, 192_000, unit="DAY", vat_rate_thousandths=19_000),
    InvoiceLine("Fachbuch „Clean Code“", 2_000, 3_450, 6_210, unit="C62", vat_rate_thousandths=7_000,
                discount_thousandths=10_000),
)
TOTALS = Totals(subtotal_minor=318_210, tax_minor=59_280 + 435, total_minor=318_210 + 59_715,
                vat_breakdown=(VatSubtotal("S", 19_000, 312_000, 59_280), VatSubtotal("S", 7_000, 6_210, 435)))


def main() -> None:
    for language, name in [("de", "invoice-pdf-de.png"), ("en", "invoice-pdf-en.png")]:
        content = InvoiceContent(
            seller=SELLER, client=CLIENT, issue_date=date(2026, 12, 2), due_date=date(2026, 12, 16),
            currency="EUR", tax_rate_thousandths=19_000, lines=LINES, totals=TOTALS, language=language,  # type: ignore[arg-type]
            service_date=date(2026, 11, 1), service_end=date(2026, 11, 30), payment_terms_days=14,
            seller_bank=BankAccount(iban="DE89370400440532013000", bic="COBADEFFXXX", bank_name="Commerzbank"),
            notes="Vielen Dank für Ihren Auftrag!" if language == "de" else "Thank you for your business!",
            footer="Müller Software GmbH · Geschäftsführer: Max Müller · Sitz Berlin")
        pdf = render_request(RenderRequest(number="RE-2026-0042", content=content, logo_png=_logo()))
        _first_page_png(pdf, OUT / name)
        print(OUT / name)


def _logo() -> bytes:
    image = Image.new("RGB", (900, 300), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 40, 220, 260), radius=40, fill="#1f3a5f")
    draw.rectangle((260, 110, 880, 190), fill="#1f3a5f")
    png = io.BytesIO()
    image.save(png, "PNG")
    return png.getvalue()


def _first_page_png(pdf: bytes, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "invoice.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", str(source),
                   str(target.with_suffix(""))]
        subprocess.run(command, check=True)  # noqa: S603 (Debian's pdftoppm on the PATH, no shell)


if __name__ == "__main__":
    main()
