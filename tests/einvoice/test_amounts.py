"""The XML states the model's amounts, read back from the XML itself: totals, VAT breakdown, parties, lines. A
credit note (stored negated) states them positive, as a 381 with the invoice it cancels."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from lxml import etree

from services.einvoice.cii import build_cii
from services.invoices.model import RenderRequest
from services.invoices.money import from_minor_units
from tests.einvoice.cases import CASES, credit_note, invoice, two_rates

NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
SUMMATION = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"


def parsed(request: RenderRequest) -> etree._Element:
    return etree.fromstring(build_cii(request))


def amounts(document: etree._Element, path: str) -> list[Decimal]:
    return [Decimal(text) for text in document.xpath(f"{path}/text()", namespaces=NS)]


def states(document: etree._Element, path: str) -> Decimal:
    [value] = amounts(document, path)
    return value


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_every_amount_in_the_xml_is_the_models(case: Callable[[], RenderRequest]) -> None:
    request = case()
    document, value = parsed(request), request.content
    sign = -1 if request.kind == "credit_note" else 1

    def money(minor: int) -> Decimal:
        return from_minor_units(sign * minor, value.currency)

    totals = value.totals
    assert states(document, f"{SUMMATION}LineTotalAmount") == money(totals.subtotal_minor)
    assert states(document, f"{SUMMATION}TaxBasisTotalAmount") == money(totals.subtotal_minor)
    assert states(document, f"{SUMMATION}TaxTotalAmount") == money(totals.tax_minor)
    assert states(document, f"{SUMMATION}GrandTotalAmount") == money(totals.total_minor)
    assert states(document, f"{SUMMATION}DuePayableAmount") == money(totals.due_minor)
    breakdown = document.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NS)
    assert [(row.findtext("ram:CategoryCode", namespaces=NS), Decimal(row.findtext("ram:BasisAmount", namespaces=NS)),
             Decimal(row.findtext("ram:CalculatedAmount", namespaces=NS))) for row in breakdown] == \
        [(row.category, money(row.taxable_minor), money(row.tax_minor)) for row in totals.vat_breakdown]
    assert amounts(document, "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount") == \
        [money(line.amount_minor) for line in value.lines]
    assert amounts(document, "//ram:BilledQuantity") == \
        [Decimal(sign * line.quantity_thousandths) / 1000 for line in value.lines]
    assert document.xpath("//ram:SellerTradeParty/ram:Name/text()", namespaces=NS) == [value.seller.name]
    assert document.xpath("//ram:BuyerTradeParty/ram:Name/text()", namespaces=NS) == [value.client.name]
    assert document.xpath("//ram:InvoiceCurrencyCode/text()", namespaces=NS) == [value.currency]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_no_element_is_empty(case: Callable[[], RenderRequest]) -> None:
    """FeRD rule R74: an element carries a value or children, never nothing."""
    empty = [element.tag for element in parsed(case()).iter() if len(element) == 0 and not (element.text or "").strip()]
    assert empty == []


def test_a_credit_note_is_a_381_with_positive_amounts_and_the_invoice_it_cancels() -> None:
    original = two_rates()
    document = parsed(credit_note(original, "INV-2026-0042"))
    assert document.xpath("//rsm:ExchangedDocument/ram:TypeCode/text()", namespaces=NS) == ["381"]
    assert document.xpath("//ram:InvoiceReferencedDocument/ram:IssuerAssignedID/text()", namespaces=NS) == \
        ["INV-2026-0042"]
    assert states(document, f"{SUMMATION}GrandTotalAmount") == from_minor_units(original.totals.total_minor, "EUR")
    assert states(document, f"{SUMMATION}GrandTotalAmount") > 0
    assert document.xpath("//ram:SpecifiedTradePaymentTerms/ram:Description", namespaces=NS) == []


def test_an_invoice_is_a_380_with_no_preceding_invoice() -> None:
    document = parsed(invoice(two_rates()))
    assert document.xpath("//rsm:ExchangedDocument/ram:TypeCode/text()", namespaces=NS) == ["380"]
    assert document.xpath("//ram:InvoiceReferencedDocument", namespaces=NS) == []


def test_jpy_is_written_without_decimals_and_kwd_with_at_most_two() -> None:
    yen = parsed(CASES["JPY"]())
    assert all("." not in text for text in yen.xpath(f"{SUMMATION}*/text()", namespaces=NS))
    dinar = parsed(CASES["KWD"]())
    assert states(dinar, f"{SUMMATION}GrandTotalAmount") == Decimal("357.00")
    assert all(len(text.partition(".")[2]) <= 2 for text in dinar.xpath(f"{SUMMATION}*/text()", namespaces=NS))


def test_the_xml_says_when_how_and_why_as_the_invoice_does() -> None:
    period = parsed(CASES["a service period"]())
    assert period.xpath("//ram:BillingSpecifiedPeriod//text()", namespaces=NS) == ["20261101", "20261130"]
    assert period.xpath("//ram:DueDateDateTime/*/text()", namespaces=NS) == ["20261216"]
    assert period.xpath("//ram:SpecifiedTradePaymentTerms/ram:Description/text()", namespaces=NS) == \
        ["Payable within 14 days."]
    assert period.xpath("//ram:SpecifiedTradeSettlementPaymentMeans//text()", namespaces=NS) == \
        ["58", "DE89370400440532013000", "COBADEFFXXX"]
    reverse = parsed(CASES["reverse charge"]())
    assert reverse.xpath("//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID/text()", namespaces=NS) == \
        ["FR40303265045"]
    assert reverse.xpath("//ram:ExemptionReason/text()", namespaces=NS) == \
        ["Reverse charge: the recipient is liable for the VAT (Article 196 of Directive 2006/112/EC)."]
    small = parsed(CASES["small-business exemption"]())
    assert small.xpath("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']/text()",
                       namespaces=NS) == ["231/456/78901"]
    assert small.xpath("//ram:ExemptionReason/text()", namespaces=NS) == \
        ["No VAT is charged: small business exemption (§ 19 UStG)."]
