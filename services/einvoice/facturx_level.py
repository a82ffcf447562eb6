"""The Factur-X profile an embedded CII XML declares, as the XMP names it and as its file relationship says.

The fx:ConformanceLevel of the PDF must be the profile of the XML it carries (its guideline, BT-24), and
MINIMUM and BASIC WL, which do not hold a full invoice, are embedded as /Data rather than /Alternative.
"""

from __future__ import annotations

import io
from typing import NamedTuple

from lxml import etree

_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
_GUIDELINE = f"{{{_RAM}}}GuidelineSpecifiedDocumentContextParameter"
_EN16931 = "urn:cen.eu:en16931:2017"


class Level(NamedTuple):
    name: str  # fx:ConformanceLevel
    relationship: str  # the /AFRelationship of factur-x.xml


LEVELS = {
    "urn:factur-x.eu:1p0:minimum": Level("MINIMUM", "/Data"),
    "urn:factur-x.eu:1p0:basicwl": Level("BASIC WL", "/Data"),
    f"{_EN16931}#compliant#urn:factur-x.eu:1p0:basic": Level("BASIC", "/Alternative"),
    _EN16931: Level("EN 16931", "/Alternative"),
    f"{_EN16931}#conformant#urn:factur-x.eu:1p0:extended": Level("EXTENDED", "/Alternative"),
    f"{_EN16931}#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0": Level("XRECHNUNG", "/Alternative"),
}


def facturx_level(xml: bytes) -> Level:
    """The profile of a CII invoice, read from its guideline ID; ValueError for anything else."""
    guideline = _guideline(xml)
    if guideline not in LEVELS:
        raise ValueError(f"factur-x.xml must declare a Factur-X profile as its guideline, not {guideline!r}")
    return LEVELS[guideline]


def _guideline(xml: bytes) -> str | None:
    """The guideline ID, read up to the element that holds it (it comes first in a CII document)."""
    try:
        for _, element in etree.iterparse(io.BytesIO(xml), events=("end",), tag=f"{{{_RAM}}}ID",
                                          resolve_entities=False, no_network=True):
            parent = element.getparent()
            if parent is not None and parent.tag == _GUIDELINE:
                return (element.text or "").strip()
    except etree.XMLSyntaxError as error:
        raise ValueError(f"factur-x.xml is not well-formed XML: {error}") from None
    return None
