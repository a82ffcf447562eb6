"""pikepdf's PDF/A-3b verdict on a finished file, less the checker's two known false alarms.

`pikepdf.pdfa` approves only what it recognises, so on a correct Factur-X file it still reports:
- `/PageMode /UseAttachments`, which PDF 1.7 (on which PDF/A-3 rests) allows;
- every namespace and property of an XMP extension schema (pdfaExtension, pdfaSchema, pdfaProperty, and the
  fx: properties they declare), which PDF/A allows when the packet declares them.
Exactly those are dropped; a property the packet does not declare, and everything else, stays a problem.
The checker stops at a catalog it rejects, so behind /UseAttachments it never reaches the pages, fonts or
embedded files; such a file is checked again with /PageMode /UseNone, which no other rule depends on.
"""

from __future__ import annotations

import io
import re

import pikepdf
import pikepdf.pdfa
from lxml import etree
from pikepdf.pdfa import Finding

from services.einvoice.pdfa import FLAVOUR

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
_SCHEMA_NAMESPACES = frozenset({("pdfaExtension", _EXTENSION), ("pdfaSchema", _SCHEMA), ("pdfaProperty", _PROPERTY)})
_XMP_NOT_PERMITTED = re.compile(r"6\.6\.2\.3\.1-1$")
_NAMESPACE = re.compile(r"XMP namespace (?P<prefix>[\w.-]+)=(?P<uri>\S+) is not permitted$")
_PROPERTY_LABEL = re.compile(r"XMP property (?P<label>[\w.-]+:[\w.-]+) is not permitted$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_VERDICTS = {"violation": "breaks PDF/A-3b", "unsupported": "cannot be shown to meet PDF/A-3b"}


def pdfa_problems(pdf: bytes) -> list[str]:
    """What keeps the PDF from being PDF/A-3b, one sentence each; [] when it passes."""
    findings = _findings(pdf)
    if any(_shows_attachments(finding) for finding in findings):
        findings = _findings(_without_page_mode(pdf))
    namespaces, properties = _declared_extensions(pdf)
    return _in_words([finding for finding in findings if not _declared_xmp(finding, namespaces, properties)])


def _findings(pdf: bytes) -> list[Finding]:
    return pikepdf.pdfa.validate_written(io.BytesIO(pdf), FLAVOUR).findings


def _shows_attachments(finding: Finding) -> bool:
    return (finding.rule == "pikepdf:schema-Catalog" and finding.where.endswith("/PageMode")
            and finding.message.startswith("'/UseAttachments' is not one of"))


def _without_page_mode(pdf: bytes) -> bytes:
    """The same file with /PageMode /UseNone, its other objects, streams and XMP written as they were (pikepdf
    would otherwise rewrite the XMP, adding the rdf:about it may lack)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.Root[pikepdf.Name.PageMode] = pikepdf.Name.UseNone
        out = io.BytesIO()
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.preserve, compress_streams=False,
                      stream_decode_level=pikepdf.StreamDecodeLevel.none, fix_metadata_version=False)
    return out.getvalue()


def _declared_xmp(finding: Finding, namespaces: set[tuple[str, str]], properties: set[str]) -> bool:
    """The checker's refusal of an XMP namespace or property that an extension schema in the packet declares."""
    if not _XMP_NOT_PERMITTED.search(finding.rule):
        return False
    if namespace := _NAMESPACE.match(finding.message):
        return (namespace["prefix"], namespace["uri"]) in _SCHEMA_NAMESPACES | namespaces
    if label := _PROPERTY_LABEL.match(finding.message):
        return label["label"] == "pdfaExtension:schemas" or label["label"] in properties
    return False


def _declared_extensions(pdf: bytes) -> tuple[set[tuple[str, str]], set[str]]:
    """(prefix, namespace URI) of each extension schema the XMP declares, and its properties as prefix:name."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            metadata = document.Root.get(pikepdf.Name.Metadata)
            packet = metadata.read_bytes() if isinstance(metadata, pikepdf.Stream) else b""
        root = etree.fromstring(packet, _PARSER)
    except (pikepdf.PdfError, etree.XMLSyntaxError):  # the checker has reported what is wrong with it
        return set(), set()
    namespaces: set[tuple[str, str]] = set()
    properties: set[str] = set()
    for schema in root.iter(f"{{{_EXTENSION}}}schemas"):
        for entry in schema.iterfind(f"{{{_RDF}}}Bag/{{{_RDF}}}li"):
            prefix = entry.findtext(f"{{{_SCHEMA}}}prefix", "").strip()
            uri = entry.findtext(f"{{{_SCHEMA}}}namespaceURI", "").strip()
            namespaces.add((prefix, uri))
            names = entry.iterfind(f"{{{_SCHEMA}}}property/{{{_RDF}}}Seq/{{{_RDF}}}li/{{{_PROPERTY}}}name")
            properties |= {f"{prefix}:{(name.text or '').strip()}" for name in names}
    return namespaces, properties


def _in_words(findings: list[Finding]) -> list[str]:
    """One sentence per kind of problem, in the checker's order; the same problem on 38 pages is one sentence."""
    places: dict[tuple[str, str, str], list[str]] = {}
    for finding in findings:
        places.setdefault((finding.rule, finding.message, finding.kind), []).append(finding.where)
    return [f"{message} ({_VERDICTS[kind]}; {_where(wheres)}; rule {rule})"
            for (rule, message, kind), wheres in places.items()]


def _where(wheres: list[str]) -> str:
    return wheres[0] if len(wheres) == 1 else f"{wheres[0]} and {len(wheres) - 1} more like it"
