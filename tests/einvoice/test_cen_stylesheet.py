"""The CEN stylesheet run in the worker is the shipped one less walks that output nothing: on valid and on badly
broken documents it fails exactly the asserts, at exactly the places, that the shipped stylesheet fails."""

from collections.abc import Callable
from dataclasses import replace

import pytest
from lxml import etree
from saxonche import PySaxonProcessor

from services.einvoice.cii import build_cii
from services.einvoice.rules import CEN_XSLT, SVRL, compile_cen
from services.invoices.model import Party
from tests.einvoice.cases import CASES, credit_note, invoice, reverse_charge, standard, two_rates

RAM = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"


def broken_everywhere() -> bytes:
    """Wrong totals and decimals, codes outside their lists."""
    document = etree.fromstring(build_cii(invoice(two_rates())))
    edits = {"GrandTotalAmount": "1.00", "InvoiceCurrencyCode": "XXX", "CountryID": "QQ", "LineTotalAmount": "7.123",
             "TypeCode": "999"}
    for tag, text in edits.items():
        for element in document.iter(f"{RAM}{tag}"):
            element.text = text
            break
    for quantity in document.iter(f"{RAM}BilledQuantity"):
        quantity.set("unitCode", "NOPE")
    return etree.tostring(document)


DOCUMENTS = {
    "standard": lambda: build_cii(invoice(standard())),
    "credit note": lambda: build_cii(credit_note(two_rates())),
    "discount": lambda: build_cii(CASES["a discounted line"]()),
    "reverse charge without buyer VAT ID": lambda: build_cii(invoice(replace(
        reverse_charge(), client=replace(reverse_charge().client, vat_id="")))),
    "seller without address": lambda: build_cii(invoice(replace(standard(), seller=Party(name="Nobody")))),
    "broken everywhere": broken_everywhere,
}


def failed_asserts(processor: PySaxonProcessor, trimmed: bool, xml: bytes) -> list[tuple[str, str, str]]:
    executable = (compile_cen(processor) if trimmed
                  else processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(CEN_XSLT)))
    report = executable.transform_to_string(xdm_node=processor.parse_xml(xml_text=xml.decode("utf-8")))
    return [(failed.get("id", ""), failed.get("flag", ""), failed.get("location", ""))
            for failed in etree.fromstring(report.encode("utf-8")).iter(f"{SVRL}failed-assert")]


@pytest.fixture(scope="module")
def processor() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


@pytest.mark.parametrize("make", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_the_trimmed_stylesheet_fails_what_the_shipped_one_fails(processor: PySaxonProcessor,
                                                                 make: Callable[[], bytes]) -> None:
    xml = make()
    shipped = failed_asserts(processor, False, xml)
    assert failed_asserts(processor, True, xml) == shipped


def test_the_broken_document_breaks_many_rules_so_the_comparison_means_something(processor: PySaxonProcessor) -> None:
    assert len({rule for rule, _, _ in failed_asserts(processor, False, broken_everywhere())}) >= 8
