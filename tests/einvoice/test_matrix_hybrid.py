"""The whole worker task for every kind of document: the finished file is a PDF/A-3b hybrid that carries exactly
the XML built from the invoice, valid against the XSD and the EN 16931 schematron."""

from collections.abc import Callable
from dataclasses import replace

import pytest

from services.einvoice.cii import build_cii
from services.einvoice.hybrid import embedded_xml
from services.einvoice.issued_document import render_issued_document
from services.einvoice.pdfa_check import pdfa_problems
from services.einvoice.rules import validate_cii
from services.invoices.model import RenderRequest
from tests.einvoice.cases import CASES, invoice, standard

HYBRIDS = dict(CASES)
HYBRIDS["Greek and Chinese party names"] = lambda: invoice(replace(
    standard(), seller=replace(standard().seller, name="Ελληνικά Έπιπλα Α.Ε."),
    client=replace(standard().client, name="上海贸易有限公司")))


@pytest.mark.parametrize("case", HYBRIDS.values(), ids=HYBRIDS.keys())
def test_each_kind_of_document_is_a_valid_pdfa_3b_hybrid_carrying_its_valid_xml(
        case: Callable[[], RenderRequest]) -> None:
    request = case()

    made = render_issued_document(request)

    assert pdfa_problems(made.pdf) == []
    xml = embedded_xml(made.pdf)
    assert xml == build_cii(request)
    assert validate_cii(xml, profile="en16931") == []
