"""Real renders to turn into hybrids, and ways to read a hybrid's parts back with pikepdf and lxml."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from lxml import etree
from PIL import Image

from services.invoices.model import BankAccount, Party, RenderRequest
from services.pdf.document import render_request
from tests.pdf.pdf_helpers import content, line

SAMPLE_XML = (Path(__file__).parent / "hybrid_sample_cii.xml").read_bytes()  # EN 16931 CII, valid against the XSD
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Rendered:
    name: str
    pdf: bytes
    title: str
    author: str
    language: str


def german_with_logo_and_qr() -> Rendered:
    seller = Party(name="Müller & Söhne Beratung GmbH", street="Invalidenstraße 1", postcode="10115", city="Berlin",
                   country="DE", vat_id="DE123456789", email="rechnung@mueller.example")
    request = RenderRequest(number="RE-2026-0042", logo_png=logo_png(), content=content(
        4, seller=seller, language="de", seller_bank=BankAccount(iban="DE89370400440532013000", bic="COBADEFFXXX")))
    return Rendered("german", render_request(request), "Rechnung RE-2026-0042", seller.name, "de")


def cjk() -> Rendered:
    client = Party(name="株式会社 山田商事 — 北京分公司", street="東京都千代田区1-1", city="東京", country="JP")
    lines = [line(1, description="咨询服务 コンサルティング 컨설팅"), line(2)]
    request = RenderRequest(number="INV-CJK-1", content=content(2, client=client, lines=lines))
    return Rendered("cjk", render_request(request), "Invoice INV-CJK-1 株式会社", "Acme Consulting Ltd", "en")


def thousand_lines() -> Rendered:
    request = RenderRequest(number="INV-1000", content=content(1000))
    return Rendered("1000 lines", render_request(request), "Invoice INV-1000", "Acme Consulting Ltd", "en")


def logo_png() -> bytes:
    """A 600×240 logo with an alpha channel, as logos often have."""
    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    image.paste((20, 90, 160, 255), (40, 40, 560, 200))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def xmp(pdf: bytes) -> etree._Element:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return etree.fromstring(document.Root.Metadata.read_bytes())


def xmp_values(pdf: bytes, namespace: str) -> dict[str, str]:
    """Simple properties of one namespace: local name -> text."""
    return {etree.QName(element).localname: (element.text or "").strip()
            for element in xmp(pdf).iter(f"{{{namespace}}}*") if len(element) == 0}


def edited(pdf: bytes, change: Callable[[pikepdf.Pdf], object]) -> bytes:
    """The PDF after `change(document)` ran on it, saved without pikepdf touching the XMP."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        change(document)
        out = io.BytesIO()
        document.save(out, fix_metadata_version=False)
    return out.getvalue()
