"""Every kind of document the app issues is a valid EN 16931 CII invoice: the official XSD and the CEN schematron
(run in-process, as the worker runs them) find nothing, and a selection is valid XRechnung 3.0 as well."""

from collections.abc import Callable
from dataclasses import replace

import pytest

from services.einvoice.cii import build_cii
from services.einvoice.rules import check_cii, validate_cii
from services.invoices.drafts import LineDraft
from services.invoices.model import Party, RenderRequest
from tests.einvoice.cases import CASES, SELLER, content, invoice, standard


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_kind_of_document_passes_the_xsd_and_the_en16931_schematron(case: Callable[[], RenderRequest]) -> None:
    assert validate_cii(build_cii(case(), profile="en16931"), profile="en16931") == []


def with_buyer_reference(request: RenderRequest) -> RenderRequest:
    return replace(request, content=replace(request.content, buyer_reference="04011000-12345-03"))


XRECHNUNG = dict(CASES)
XRECHNUNG["no bank account"] = lambda: invoice(replace(standard(), seller_bank=replace(standard().seller_bank,
                                                                                        iban="", bic="")))


@pytest.mark.parametrize("case", XRECHNUNG.values(), ids=XRECHNUNG.keys())
def test_with_a_buyer_reference_and_the_sellers_phone_and_email_it_is_valid_xrechnung(
        case: Callable[[], RenderRequest]) -> None:
    request = with_buyer_reference(case())
    verdict = check_cii(build_cii(request, profile="xrechnung"), profile="xrechnung")
    assert verdict.errors == []
    assert verdict.warnings == []


def test_greek_and_chinese_party_names_are_written_as_they_are() -> None:
    greek_seller = replace(SELLER, name="Αθηναϊκή Εταιρεία Λογισμικού Α.Ε.", city="Αθήνα", street="Οδός Ερμού 10",
                           postcode="10563", country="GR", vat_id="EL094259216")
    value = content(LineDraft("Λογισμικό", "1", "1200.00", vat_rate="24"), seller=greek_seller)
    value = replace(value, client=Party(name="北京科技有限公司", street="朝阳区建国路88号", postcode="100022",
                                        city="北京", country="CN"))
    xml = build_cii(invoice(value), profile="en16931")
    assert validate_cii(xml, profile="en16931") == []
    assert "北京科技有限公司" in xml.decode("utf-8") and "Αθηναϊκή Εταιρεία Λογισμικού Α.Ε." in xml.decode("utf-8")


def test_a_client_with_only_a_free_text_address_gets_it_on_line_one_and_the_sellers_country() -> None:
    value = standard()
    value = replace(value, client=Party(name="Old Client KG", address="Lindenallee 7\n50667 Köln"))
    xml = build_cii(invoice(value), profile="en16931").decode("utf-8")
    assert validate_cii(xml.encode("utf-8"), profile="en16931") == []
    assert "<ram:LineOne>Lindenallee 7, 50667 Köln</ram:LineOne>" in xml
    assert xml.count("<ram:CountryID>DE</ram:CountryID>") == 2


def test_an_invoice_issued_before_lines_had_their_own_rate_is_a_valid_e_invoice_with_its_issued_amounts() -> None:
    issued = standard()
    legacy = replace(issued, tax_rate_thousandths=19_000,
                     lines=tuple(replace(line, vat_rate_thousandths=0) for line in issued.lines),
                     totals=replace(issued.totals, vat_breakdown=()))

    xml = build_cii(invoice(legacy))

    assert validate_cii(xml, profile="en16931") == []
    assert xml == build_cii(invoice(issued))
