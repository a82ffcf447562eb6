"""A document that breaks the rules is refused with the rule's ID and what to do, never passed: each case here
is a model forced past the editor's checks (or an XML edited by hand), as a bug or an old record could."""

from dataclasses import replace

from lxml import etree

from services.einvoice.cii import build_cii
from services.einvoice.contract import Profile
from services.einvoice.explanations import summary
from services.einvoice.rules import validate_cii
from services.invoices.drafts import LineDraft
from services.invoices.model import Party, RenderRequest, Totals
from tests.einvoice.cases import SELLER, content, invoice, reverse_charge, standard

RAM = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"


def failed_rules(request: RenderRequest, profile: Profile = "en16931") -> dict[str, str]:
    return {violation.rule_id: violation.explanation
            for violation in validate_cii(build_cii(request, profile=profile), profile=profile)}


def test_a_gross_total_that_is_not_net_plus_vat_is_refused_as_br_co_15() -> None:
    value = standard()
    totals = value.totals
    wrong = Totals(totals.subtotal_minor, totals.tax_minor, totals.total_minor + 1, totals.vat_breakdown)
    failed = failed_rules(invoice(replace(value, totals=wrong)))
    assert "BR-CO-15" in failed
    assert "fault in the program" in failed["BR-CO-15"]


def test_a_total_edited_by_hand_in_the_xml_is_refused() -> None:
    document = etree.fromstring(build_cii(invoice(standard())))
    grand_total = document.find(f".//{RAM}GrandTotalAmount")
    assert grand_total is not None
    grand_total.text = "1.00"
    rules = {violation.rule_id for violation in validate_cii(etree.tostring(document), profile="en16931")}
    assert {"BR-CO-15", "BR-CO-16"} <= rules


def test_a_seller_without_an_address_is_refused_as_br_08_or_br_09() -> None:
    failed = failed_rules(invoice(replace(standard(), seller=Party(name=SELLER.name, vat_id=SELLER.vat_id))))
    assert {"BR-08", "BR-09"} & failed.keys()
    assert "Settings" in " ".join(failed.values())


def test_a_seller_without_a_country_is_refused_as_br_09() -> None:
    failed = failed_rules(invoice(replace(standard(), seller=replace(SELLER, country=""))))
    assert failed["BR-09"] == "your country is missing — choose it in Settings"


def test_reverse_charge_without_the_clients_vat_id_is_refused_as_br_ae_02() -> None:
    value = reverse_charge()
    failed = failed_rules(invoice(replace(value, client=replace(value.client, vat_id=""))))
    assert "BR-AE-02" in failed
    assert "client's VAT ID" in failed["BR-AE-02"]


def test_a_standard_invoice_from_a_seller_without_vat_id_or_tax_number_is_refused() -> None:
    failed = failed_rules(invoice(replace(standard(), seller=replace(SELLER, vat_id="", tax_number=""))))
    assert "BR-S-02" in failed and "BR-CO-26" in failed


def test_an_exempt_invoice_without_a_reason_is_refused_as_br_e_10() -> None:
    value = content(LineDraft("Physiotherapy session", "6", "70.00"), vat_treatment="E",
                    exemption_reason="Exempt (§ 4 Nr. 14 UStG).")
    failed = failed_rules(invoice(replace(value, exemption_reason="")))
    assert failed["BR-E-10"] == "an exempt invoice needs the reason it is exempt — write the exemption reason"


def test_xrechnung_without_a_buyer_reference_is_refused_as_br_de_15() -> None:
    value = standard()
    assert failed_rules(invoice(value), "en16931") == {}
    failed = failed_rules(invoice(value), "xrechnung")
    assert failed.keys() == {"BR-DE-15"}
    assert "Leitweg-ID" in failed["BR-DE-15"]


def test_xrechnung_without_the_sellers_phone_and_email_is_refused_as_br_de_2() -> None:
    value = replace(standard(), buyer_reference="04011000-12345-03",
                    seller=replace(SELLER, phone="", email=""))
    failed = failed_rules(invoice(value), "xrechnung")
    assert failed["BR-DE-2"] == "the seller's contact is missing — add a phone or email in Settings"


def test_the_failure_reason_names_each_rule_and_says_what_to_do() -> None:
    value = replace(standard(), seller=replace(SELLER, phone="", email=""))
    violations = validate_cii(build_cii(invoice(value), profile="xrechnung"), profile="xrechnung")
    assert summary(violations) == (
        "BR-DE-15: XRechnung needs the buyer reference (for German public buyers the Leitweg-ID) — add it to the "
        "client; BR-DE-2: the seller's contact is missing — add a phone or email in Settings")


def test_xrechnung_with_a_phone_but_no_email_is_refused_as_br_de_7() -> None:
    value = replace(standard(), buyer_reference="04011000-12345-03", seller=replace(SELLER, email=""))
    assert failed_rules(invoice(value), "xrechnung").keys() == {"BR-DE-7"}


def test_xrechnung_with_an_email_but_no_phone_is_refused_as_br_de_6() -> None:
    value = replace(standard(), buyer_reference="04011000-12345-03", seller=replace(SELLER, phone=""))
    assert failed_rules(invoice(value), "xrechnung").keys() == {"BR-DE-6"}


def test_a_kwd_amount_with_a_third_decimal_is_refused_because_en16931_allows_two() -> None:
    stated = content(LineDraft("Consulting", "1", "10.120", vat_rate="0"), vat_treatment="Z", currency="KWD")
    row = stated.totals.vat_breakdown[0]
    value = replace(  # forced past the form, which refuses it (tests/unit/test_validation.py)
        stated, lines=(replace(stated.lines[0], unit_price_minor=10125, amount_minor=10125),),
        totals=replace(stated.totals, subtotal_minor=10125, total_minor=10125,
                       vat_breakdown=(replace(row, taxable_minor=10125),)))
    failed = failed_rules(invoice(value))
    decimals = [rule for rule in failed if rule.startswith("BR-DEC-")]
    assert decimals
    assert "two decimals" in failed[decimals[0]]


def test_an_xml_that_is_not_xml_is_refused_as_xsd() -> None:
    assert [violation.rule_id for violation in validate_cii(b"<rsm:Cross", profile="en16931")] == ["XSD"]


def test_a_value_that_stops_the_schematron_is_reported_as_the_xsd_error_it_is() -> None:
    document = etree.fromstring(build_cii(invoice(standard())))
    rate = document.find(f".//{RAM}RateApplicablePercent")
    assert rate is not None
    rate.text = ""
    violations = validate_cii(etree.tostring(document), profile="en16931")
    assert [violation.rule_id for violation in violations] == ["XSD"]
    assert "RateApplicablePercent" in violations[0].explanation
