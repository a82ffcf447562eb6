"""Real invoices rendered by the worker's code, made Factur-X hybrids, and read back with independent readers."""

from __future__ import annotations

import io
from collections.abc import Callable

import facturx
import pikepdf
import pytest
from pikepdf import Name
from PIL import Image

from services.einvoice.hybrid import embedded_xml, make_hybrid, pdfa_problems
from services.invoices.model import RenderRequest
from services.pdf.document import render_request
from tests.pdf.pdf_helpers import content, fonts_of_visible_text, image_count, page_texts

from .hybrid_helpers import (
    DC,
    FX,
    PDFAID,
    RDF,
    SAMPLE_XML,
    XML_LANG,
    Rendered,
    cjk,
    german_with_logo_and_qr,
    thousand_lines,
    xmp,
    xmp_values,
)

MAKERS: list[Callable[[], Rendered]] = [german_with_logo_and_qr, cjk, thousand_lines]


@pytest.fixture(scope="module", params=MAKERS, ids=lambda maker: maker.__name__)
def invoice(request: pytest.FixtureRequest) -> tuple[Rendered, bytes]:
    rendered: Rendered = request.param()
    hybrid = make_hybrid(rendered.pdf, SAMPLE_XML, title=rendered.title, author=rendered.author,
                         language=rendered.language, subject=f"{rendered.title} from {rendered.author}")
    return rendered, hybrid


def test_the_hybrid_passes_the_pdfa_3b_check(invoice: tuple[Rendered, bytes]) -> None:
    assert pdfa_problems(invoice[1]) == []


def test_qpdf_finds_nothing_wrong_in_the_file_structure_and_it_is_pdf_1_7(invoice: tuple[Rendered, bytes]) -> None:
    with pikepdf.open(io.BytesIO(invoice[1])) as document:
        assert document.check_pdf_syntax() == []
        assert document.pdf_version == "1.7"


def test_the_xml_comes_back_byte_for_byte_through_two_readers(invoice: tuple[Rendered, bytes]) -> None:
    _, hybrid = invoice

    filename, xml = facturx.get_xml_from_pdf(hybrid, check_xsd=False)

    assert embedded_xml(hybrid) == SAMPLE_XML
    assert (filename, xml) == ("factur-x.xml", SAMPLE_XML)


def test_the_xml_is_the_documents_associated_file_with_relationship_alternative(
        invoice: tuple[Rendered, bytes]) -> None:
    with pikepdf.open(io.BytesIO(invoice[1])) as document:
        (associated,) = document.Root.AF
        assert associated.AFRelationship == Name.Alternative
        assert str(associated.F) == str(associated.UF) == "factur-x.xml"
        assert associated.EF.F.Subtype == Name("/text/xml")
        assert list(document.attachments) == ["factur-x.xml"]


def test_the_xmp_declares_pdfa_3b_and_the_factur_x_en16931_profile_about_this_document(
        invoice: tuple[Rendered, bytes]) -> None:
    rendered, hybrid = invoice
    packet = xmp(hybrid)

    assert xmp_values(hybrid, PDFAID) == {"part": "3", "conformance": "B"}
    assert xmp_values(hybrid, FX) == {"DocumentType": "INVOICE", "DocumentFileName": "factur-x.xml",
                                      "Version": "1.0", "ConformanceLevel": "EN 16931"}
    descriptions = list(packet.iter(f"{{{RDF}}}Description"))
    assert descriptions and all(d.get(f"{{{RDF}}}about") == "" for d in descriptions)
    (title,) = packet.iter(f"{{{DC}}}title")
    assert [(li.text, li.get(XML_LANG)) for li in title.iter(f"{{{RDF}}}li")] == [(rendered.title, "x-default")]
    (creator,) = packet.iter(f"{{{DC}}}creator")
    assert [li.text for li in creator.iter(f"{{{RDF}}}li")] == [rendered.author]


def test_the_document_info_and_language_agree_with_the_xmp(invoice: tuple[Rendered, bytes]) -> None:
    rendered, hybrid = invoice
    with pikepdf.open(io.BytesIO(hybrid)) as document:
        assert str(document.docinfo.Title) == rendered.title
        assert str(document.docinfo.Author) == rendered.author
        assert str(document.Root.Lang) == rendered.language


def test_no_page_has_a_transition_and_every_font_on_every_page_is_embedded(invoice: tuple[Rendered, bytes]) -> None:
    with pikepdf.open(io.BytesIO(invoice[1])) as document:
        assert [page.obj.get(Name.Trans) for page in document.pages] == [None] * len(document.pages)
        fonts = {(str(name), str(font.BaseFont), "/FontFile2" in font.get(Name.FontDescriptor, {}))
                 for page in document.pages for name, font in page.obj.Resources.Font.items()}
    assert {base.split("+")[-1] for _, base, _ in fonts} <= {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"}
    assert all(embedded for _, _, embedded in fonts)


def test_the_output_intent_is_an_srgb_icc_profile(invoice: tuple[Rendered, bytes]) -> None:
    with pikepdf.open(io.BytesIO(invoice[1])) as document:
        (intent,) = document.Root.OutputIntents
        profile = intent.DestOutputProfile
        icc = profile.read_bytes()
        assert (intent.S, int(profile.N)) == (Name.GTS_PDFA1, 3)
        assert (icc[36:40], icc[16:20], icc[12:16]) == (b"acsp", b"RGB ", b"mntr")  # an RGB display profile
        assert "sRGB" in str(intent.OutputConditionIdentifier)


def test_the_pages_show_the_same_text_in_the_same_fonts_as_the_plain_render(invoice: tuple[Rendered, bytes]) -> None:
    rendered, hybrid = invoice

    assert page_texts(hybrid) == page_texts(rendered.pdf)
    assert fonts_of_visible_text(hybrid) == fonts_of_visible_text(rendered.pdf)


def test_a_pdf_without_the_xml_says_so() -> None:
    with pytest.raises(ValueError, match=r"no factur-x\.xml"):
        embedded_xml(german_with_logo_and_qr().pdf)


def test_titles_and_names_with_markup_characters_come_through_the_xmp_intact() -> None:
    rendered = cjk()
    title, author = 'Invoice <INV-7> & "Q4" — 請求書', "O'Brien & Söhne <Ltd>"

    made = make_hybrid(rendered.pdf, SAMPLE_XML, title=title, author=author, language="en", subject="a < b & c")

    assert pdfa_problems(made) == []
    packet = xmp(made)
    assert [li.text for li in next(packet.iter(f"{{{DC}}}title")).iter(f"{{{RDF}}}li")] == [title]
    assert [li.text for li in next(packet.iter(f"{{{DC}}}creator")).iter(f"{{{RDF}}}li")] == [author]
    assert [li.text for li in next(packet.iter(f"{{{DC}}}description")).iter(f"{{{RDF}}}li")] == ["a < b & c"]


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "LA", "L", "P", "1"])
def test_a_logo_in_any_png_colour_mode_keeps_the_hybrid_pdfa(mode: str) -> None:
    logo = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 160), (20, 20, 280, 100))
    png = io.BytesIO()
    (logo if mode == "RGBA" else logo.convert("RGB").convert(mode)).save(png, format="PNG")
    pdf = render_request(RenderRequest(number="INV-LOGO", logo_png=png.getvalue(), content=content(1)))

    made = make_hybrid(pdf, SAMPLE_XML, title="Invoice INV-LOGO", author="Acme", language="en")

    assert image_count(made) == image_count(pdf) == 2  # the logo and the EPC QR code
    assert pdfa_problems(made) == []


@pytest.mark.parametrize(("guideline", "level", "relationship"), [
    ("urn:factur-x.eu:1p0:basicwl", "BASIC WL", Name.Data),
    ("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", "XRECHNUNG", Name.Alternative),
])
def test_the_xmp_and_the_file_relationship_name_the_profile_the_xml_declares(guideline: str, level: str,
                                                                           relationship: Name) -> None:
    xml = SAMPLE_XML.replace(b"<ram:ID>urn:cen.eu:en16931:2017</ram:ID>", f"<ram:ID>{guideline}</ram:ID>".encode())

    made = make_hybrid(cjk().pdf, xml, title="T", author="A", language="en")

    assert xmp_values(made, FX)["ConformanceLevel"] == level
    with pikepdf.open(io.BytesIO(made)) as document:
        assert document.Root.AF[0].AFRelationship == relationship
    assert pdfa_problems(made) == []


@pytest.mark.parametrize(("xml", "message"), [
    (SAMPLE_XML.replace(b"urn:cen.eu:en16931:2017</ram:ID>", b"urn:example:private</ram:ID>"), "urn:example:private"),
    (b"<rsm:CrossIndustryInvoice", "not well-formed"),
])
def test_an_xml_without_a_factur_x_profile_is_refused(xml: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_hybrid(cjk().pdf, xml, title="T", author="A", language="en")
