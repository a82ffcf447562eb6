"""#19 and #13 through the whole app: a German seller's settings, a German client from the book, a 19 % + 7 %
invoice typed with decimal commas, rendered by a real worker and downloaded: German words and formats, both rates
to the cent, the seller's VAT ID and IBAN, the client's address, a QR code that a decoder reads as the EPC
payload, and the Factur-X XML inside the PDF: exactly the XML built from the invoice in the database, valid, and
stating the database's totals, VAT breakdown, parties and lines."""

from decimal import Decimal
from typing import Any

from lxml import etree
from nicegui import ui
from nicegui.testing import User

from services.clients.model import ClientDraft
from services.einvoice.cii import build_cii
from services.einvoice.hybrid import embedded_xml
from services.einvoice.pdfa_check import pdfa_problems
from services.einvoice.rules import validate_cii
from services.invoices.model import InvoiceContent, RenderRequest
from services.invoices.money import from_minor_units
from storage import invoices
from tests.pdf.pdf_helpers import page_texts, qr_codes, spaced
from tests.support.app import app_services, fill_invoice, settings_loaded, sign_up


def field(user: User, label: str) -> Any:
    return next(iter(user.find(label).elements))


async def test_a_german_invoice_from_settings_to_the_downloaded_pdf(user: User) -> None:
    await sign_up(user, "mueller@example.com")
    await user.open("/settings")
    await settings_loaded(user)
    for label, value in [("Business name", "Müller Software GmbH"), ("VAT ID", "DE136695976"),
                         ("IBAN", "DE89 3704 0044 0532 0130 00"), ("BIC", "COBADEFFXXX")]:
        user.find(label).clear().type(value)
    field(user, "Invoice language").value = "de"
    user.find("Save").click()
    await user.should_see("Saved. New invoices will show these details.", retries=50)

    found = await app_services().db.users.find_one({"email": "mueller@example.com"})
    assert found is not None
    await app_services().clients.add(owner_id=str(found["_id"]), draft=ClientDraft(
        name="Kunde AG", street="Hauptstraße 5", postcode="80331", city="München", country="DE",
        vat_id="DE811569869", language="de"))
    await user.open("/")
    user.find("Client name").type("Kunde")
    await user.should_see(kind=ui.button, content="Kunde AG", retries=50)
    user.find(kind=ui.button, content="Kunde AG").click()
    await user.should_see(kind=ui.input, content="München", retries=50)
    fill_invoice(user, "Kunde AG", [("Beratung", "12,5", "95"), ("Fachbuch", "2", "39,90")], tax_rate="19")
    sorted(user.find("VAT %").elements, key=lambda element: element.id)[1].value = "7"
    user.find("Generate PDF").click()
    await user.should_see("is being generated", retries=100)
    await user.should_see("Ready", retries=300)

    response = await user.http_client.get(user.find("Download").elements.pop().props["href"])
    assert response.status_code == 200
    text = spaced(page_texts(response.content)[0])
    expected = ["RECHNUNG", "Müller Software GmbH", "USt-IdNr.: DE136695976", "Kunde AG Hauptstraße 5 80331 München",
                "USt-IdNr.: DE811569869", "Netto zu 19 % 1.187,50 € USt. 19 % 225,63 €",
                "Netto zu 7 % 79,80 € USt. 7 % 5,59 €", "Summe brutto 1.498,52 €",
                "IBAN DE89 3704 0044 0532 0130 00", "BIC COBADEFFXXX", "Verwendungszweck INV-0001"]
    assert [value for value in expected if value not in text] == []
    assert qr_codes(response.content) == [
        "BCD\n002\n1\nSCT\nCOBADEFFXXX\nMüller Software GmbH\nDE89370400440532013000\nEUR1498.52\n\n\nINV-0001"]

    invoice_id = response.url.path.split("/")[2]
    found_invoice = await invoices.find_issued(app_services().db, owner_id=str(found["_id"]), invoice_id=invoice_id)
    assert found_invoice is not None and found_invoice[1] is not None
    record, content = found_invoice
    xml = embedded_xml(response.content)
    assert xml == build_cii(RenderRequest(record.number, content, record.kind, record.credit_for))
    assert validate_cii(xml, profile="en16931") == []
    assert pdfa_problems(response.content) == []
    assert stated(xml) == expected_statement(record.number, content)


CII = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
       "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}


def stated(xml: bytes) -> dict[str, Any]:
    """What the XML says about the number, the parties, the lines and the money, as decimals."""
    root = etree.fromstring(xml)

    def texts(path: str) -> list[str]:
        return [str(value) for value in root.xpath(path + "/text()", namespaces=CII)]

    settlement = "//ram:ApplicableHeaderTradeSettlement"
    summation = f"{settlement}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
    return {
        "number": texts("//rsm:ExchangedDocument/ram:ID"),
        "seller": texts("//ram:SellerTradeParty/ram:Name"), "buyer": texts("//ram:BuyerTradeParty/ram:Name"),
        "seller_vat_id": texts("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
        "buyer_vat_id": texts("//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
        "lines": [Decimal(value) for value in texts("//ram:SpecifiedLineTradeSettlement//ram:LineTotalAmount")],
        "net": [Decimal(value) for value in texts(f"{summation}/ram:TaxBasisTotalAmount")],
        "vat": [Decimal(value) for value in texts(f"{summation}/ram:TaxTotalAmount")],
        "gross": [Decimal(value) for value in texts(f"{summation}/ram:GrandTotalAmount")],
        "due": [Decimal(value) for value in texts(f"{summation}/ram:DuePayableAmount")],
        "breakdown": sorted(zip([Decimal(value) for value in texts(f"{settlement}/ram:ApplicableTradeTax/"
                                                                   "ram:RateApplicablePercent")],
                                [Decimal(value) for value in texts(f"{settlement}/ram:ApplicableTradeTax/"
                                                                   "ram:BasisAmount")],
                                [Decimal(value) for value in texts(f"{settlement}/ram:ApplicableTradeTax/"
                                                                   "ram:CalculatedAmount")], strict=True)),
    }


def expected_statement(number: str, content: InvoiceContent) -> dict[str, Any]:
    def money(minor: int) -> Decimal:
        return from_minor_units(minor, content.currency)

    totals = content.totals
    return {
        "number": [number], "seller": [content.seller.name], "buyer": [content.client.name],
        "seller_vat_id": [content.seller.vat_id], "buyer_vat_id": [content.client.vat_id],
        "lines": [money(line.amount_minor) for line in content.lines],
        "net": [money(totals.subtotal_minor)], "vat": [money(totals.tax_minor)], "gross": [money(totals.total_minor)],
        "due": [money(totals.due_minor)],
        "breakdown": sorted((Decimal(row.rate_thousandths) / 1000, money(row.taxable_minor), money(row.tax_minor))
                            for row in totals.vat_breakdown),
    }
