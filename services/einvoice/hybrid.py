"""The Factur-X hybrid: xhtml2pdf's PDF made PDF/A-3b, with the CII XML embedded as factur-x.xml, in one pass.

The order is the point: the PDF/A repairs (services.einvoice.pdfa) run first, and the XML and its fx: XMP
go in last, because a PDF/A "prepare" run after embedding strips every fx: property. The fx: descriptions
are drafthorse's (the Factur-X extension schema with rdf:about on every description; factur-x 7.8 writes
them without it, and a PDF/A checker then drops the pdfaid identification). One pikepdf pass rather than
pikepdf then drafthorse's attach_xml, which pypdf parses and writes whole again: 5.5 against 8.2 ms at 10
lines, 58 against 74 ms at 1,000 (bench.hybrid_timing); and attach_xml sets /PageMode /UseAttachments,
which makes pdfa_problems check the file twice.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pikepdf
import pikepdf.pdfa
from drafthorse.xmp_schema import XMP_SCHEMA
from lxml import etree
from pikepdf import Name, Pdf
from pikepdf.models.metadata import encode_pdf_date

from services.einvoice.facturx_level import Level, facturx_level
from services.einvoice.pdfa import FLAVOUR, make_pdfa
from services.einvoice.pdfa_check import pdfa_problems

__all__ = ["FACTURX_FILENAME", "embedded_xml", "make_hybrid", "pdfa_problems"]

FACTURX_FILENAME = "factur-x.xml"
FACTURX_NAMESPACE = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def make_hybrid(pdf: bytes, xml: bytes, *, title: str, author: str, language: str, subject: str = "") -> bytes:
    """A PDF/A-3b Factur-X invoice: the rendered `pdf` with `xml` embedded as factur-x.xml, under the profile
    the XML declares (EN 16931 for ours); ValueError when the XML declares none."""
    level = facturx_level(xml)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        make_pdfa(document, title=title, author=author, language=language, subject=subject)
        _embed(document, xml, level)
        out = io.BytesIO()
        document.save(out, **_save_settings())
    return out.getvalue()


def embedded_xml(pdf: bytes) -> bytes:
    """The factur-x.xml a hybrid carries, byte for byte; ValueError when there is none."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        spec = document.attachments.get(FACTURX_FILENAME)
        if spec is None:
            raise ValueError(f"the PDF carries no {FACTURX_FILENAME}")
        return bytes(spec.get_file().read_bytes())


def _embed(document: Pdf, xml: bytes, level: Level) -> None:
    now = encode_pdf_date(datetime.now(UTC))
    spec = pikepdf.AttachedFileSpec(document, xml, filename=FACTURX_FILENAME, mime_type="text/xml",
                                    description=f"Factur-X invoice, profile {level.name}",
                                    creation_date=now, mod_date=now, relationship=Name(level.relationship))
    document.attachments[FACTURX_FILENAME] = spec
    document.Root[Name.AF] = pikepdf.Array([spec.obj])
    _add_facturx_xmp(document, level.name)


def _add_facturx_xmp(document: Pdf, level: str) -> None:
    """Adds the Factur-X extension schema and its fx: values to the XMP packet `prepare` wrote."""
    metadata = document.Root[Name.Metadata]
    packet = etree.fromstring(metadata.read_bytes(), _PARSER)
    rdf = packet.find(f"{{{_RDF}}}RDF")
    if rdf is None:
        raise ValueError("the XMP packet has no rdf:RDF")
    rdf.extend(etree.fromstring(description, _PARSER) for description in _facturx_descriptions(level))
    metadata.write(etree.tostring(packet.getroottree(), encoding="utf-8"))


@cache
def _facturx_descriptions(level: str) -> tuple[bytes, ...]:
    """drafthorse's rdf:Descriptions of the extension schema and of the fx: values, for this file's XML."""
    template = XMP_SCHEMA.format(title="", author="", subject="", producer="", creator_tool="", timestamp="",
                                 urn=FACTURX_NAMESPACE, documenttype="INVOICE", xml_filename=FACTURX_FILENAME,
                                 version="1.0", xmp_level=level)
    root = etree.fromstring(template.strip().encode(), _PARSER)
    wanted = {_EXTENSION, FACTURX_NAMESPACE}
    return tuple(etree.tostring(description) for description in root.iter(f"{{{_RDF}}}Description")
                 if wanted & set(description.nsmap.values()))


@cache
def _save_settings() -> dict[str, Any]:
    return pikepdf.pdfa.resolve_save_kwargs(FLAVOUR, min_version="1.7")  # /AF and /UF are PDF 1.7, as PDF/A-3 is
