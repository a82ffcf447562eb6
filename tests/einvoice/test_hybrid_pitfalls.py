"""Each measured pitfall of making a Factur-X hybrid (shared notes, einvoice.md): shown real, and shown handled."""

from __future__ import annotations

import io
from functools import cache

import facturx
import pikepdf
import pikepdf.pdfa
import pytest
from lxml import etree
from pikepdf import Name
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from services.einvoice.hybrid import make_hybrid, pdfa_problems
from services.pdf.render import TEMPLATE_DIR
from tests.pdf.pdf_helpers import fonts_drawing, fonts_of_visible_text, page_texts, render

from .hybrid_helpers import FX, PDFAID, RDF, SAMPLE_XML, Rendered, edited, german_with_logo_and_qr, xmp, xmp_values


@cache
def german() -> Rendered:
    return german_with_logo_and_qr()


@cache
def hybrid() -> bytes:
    rendered = german()
    return make_hybrid(rendered.pdf, SAMPLE_XML, title=rendered.title, author=rendered.author,
                       language=rendered.language)


def test_xhtml2pdf_output_is_not_pdfa_as_it_comes() -> None:
    problems = " | ".join(pdfa_problems(german().pdf))

    assert "no OutputIntents" in problems
    assert "/Trans" in problems
    assert "no /Metadata" in problems
    assert "/Trans" not in " | ".join(pdfa_problems(hybrid()))


def test_the_same_problem_on_every_page_is_one_sentence() -> None:
    pdf = render(120)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)

    transitions = [problem for problem in pdfa_problems(pdf) if "/Trans" in problem]

    assert pages > 2
    assert len(transitions) == 1
    assert f"and {pages - 1} more like it" in transitions[0]


def test_the_idle_helvetica_that_reportlab_selects_on_every_page_would_fail_the_check() -> None:
    def put_helvetica_back(document: pikepdf.Pdf) -> None:
        helvetica = document.make_indirect(pikepdf.Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding))
        for page in document.pages:
            page.obj.Resources.Font[Name.F1] = helvetica

    with pikepdf.open(io.BytesIO(german().pdf)) as raw:
        assert str(raw.pages[0].obj.Resources.Font.F1.BaseFont) == "/Helvetica"  # what xhtml2pdf writes

    problems = pdfa_problems(edited(hybrid(), put_helvetica_back))

    assert any("not embedded" in problem for problem in problems)


def test_a_font_that_draws_text_is_left_alone_and_reported_not_swapped() -> None:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "Drawn in Helvetica")
    canvas.showPage()
    canvas.save()

    made = make_hybrid(out.getvalue(), SAMPLE_XML, title="T", author="A", language="en")

    assert page_texts(made) == ["Drawn in Helvetica"]
    assert fonts_of_visible_text(made) == {"Helvetica"}
    assert any("not embedded" in problem for problem in pdfa_problems(made))


def test_a_font_that_a_restored_graphics_state_makes_current_again_counts_as_drawing() -> None:
    pdfmetrics.registerFont(TTFont("PitfallDejaVu", str(TEMPLATE_DIR / "fonts" / "DejaVuSans.ttf")))
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont("Helvetica", 12)
    canvas.saveState()
    canvas.setFont("PitfallDejaVu", 12)
    canvas.drawString(72, 740, "Inner text")
    canvas.restoreState()  # Q: Helvetica is the current font again, with no Tf before the next text
    canvas.drawString(72, 720, "After the restore")
    canvas.showPage()
    canvas.save()

    made = make_hybrid(out.getvalue(), SAMPLE_XML, title="T", author="A", language="en")

    assert fonts_drawing(made, "After the restore") == {"Helvetica"}
    assert fonts_drawing(made, "Inner text") == {"DejaVuSans"}


def test_a_pdfa_prepare_step_after_embedding_would_strip_the_factur_x_metadata() -> None:
    def prepare(document: pikepdf.Pdf) -> None:
        pikepdf.pdfa.prepare(document, "3b")

    prepared_after = edited(hybrid(), prepare)

    assert xmp_values(prepared_after, FX) == {}
    assert xmp_values(hybrid(), FX)["ConformanceLevel"] == "EN 16931"  # ours: the XML and its XMP go in last


def test_factur_x_7_8_writes_xmp_without_rdf_about_so_the_pdfa_identification_is_lost() -> None:
    theirs = facturx.generate_from_binary(german().pdf, SAMPLE_XML, flavor="factur-x", check_xsd=True)

    descriptions = list(xmp(theirs).iter(f"{{{RDF}}}Description"))
    assert descriptions and all(d.get(f"{{{RDF}}}about") is None for d in descriptions)
    assert xmp_values(theirs, PDFAID) == {"part": "3", "conformance": "B"}  # labelled PDF/A-3B anyway
    assert any("no PDF/A identification" in problem for problem in pdfa_problems(theirs))
    assert all(d.get(f"{{{RDF}}}about") == "" for d in xmp(hybrid()).iter(f"{{{RDF}}}Description"))


def test_page_mode_use_attachments_is_a_known_false_alarm_and_dropped() -> None:
    def show_attachments(document: pikepdf.Pdf) -> None:
        document.Root.PageMode = Name.UseAttachments

    def show_slides(document: pikepdf.Pdf) -> None:
        document.Root.PageMode = Name.UseSlides

    assert pdfa_problems(edited(hybrid(), show_attachments)) == []
    assert any("/PageMode" in problem for problem in pdfa_problems(edited(hybrid(), show_slides)))


def test_behind_page_mode_use_attachments_the_pages_are_still_checked() -> None:
    def show_attachments_and_transitions(document: pikepdf.Pdf) -> None:
        document.Root.PageMode = Name.UseAttachments
        document.pages[0].obj.Trans = pikepdf.Dictionary(S=Name.Dissolve)

    with pikepdf.open(io.BytesIO(edited(hybrid(), show_attachments_and_transitions))) as document:
        report = pikepdf.pdfa.check(document, "3b")
    assert not any("/Trans" in finding.message for finding in report.findings)  # the checker alone stops early

    problems = pdfa_problems(edited(hybrid(), show_attachments_and_transitions))

    assert [problem for problem in problems if "/Trans" in problem] == [problems[0]]
    assert len(problems) == 1


@pytest.mark.parametrize(("namespace", "prefix", "name"), [
    (FX, "fx", "Undeclared"),  # the fx: schema is declared, but not this property of it
    ("urn:example:private#", "private", "Note"),  # a namespace no extension schema declares
])
def test_an_xmp_property_no_extension_schema_declares_is_still_a_problem(namespace: str, prefix: str,
                                                                        name: str) -> None:
    def add_property(document: pikepdf.Pdf) -> None:
        packet = etree.fromstring(document.Root.Metadata.read_bytes())
        description = etree.SubElement(packet.find(f"{{{RDF}}}RDF"), f"{{{RDF}}}Description",
                                       {f"{{{RDF}}}about": ""}, nsmap={prefix: namespace})
        etree.SubElement(description, f"{{{namespace}}}{name}").text = "value"
        document.Root.Metadata.write(etree.tostring(packet))

    problems = pdfa_problems(edited(hybrid(), add_property))

    assert any(f"{prefix}:{name}" in problem for problem in problems)


def test_bytes_that_are_not_a_pdf_are_a_problem_not_a_crash() -> None:
    (problem,) = pdfa_problems(b"%PDF-1.7 but nothing else")

    assert "pikepdf:internal" in problem
