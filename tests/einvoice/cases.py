"""Invoices as the server makes them: drafts checked by validate_invoice (so totals are the server's), the seller's
profile copied on as at issue, credit notes negated as the invoice service negates them."""

from dataclasses import replace
from datetime import date

from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import BankAccount, InvoiceContent, Party, RenderRequest
from services.invoices.money import negated
from services.invoices.validation import validate_invoice

SELLER = Party(name="Müller Design GmbH", street="Hauptstr. 1", postcode="10115", city="Berlin", country="DE",
               vat_id="DE136695976", tax_number="27/123/45678", email="billing@mueller-design.de",
               phone="+49 30 1234567")
SMALL_BUSINESS_SELLER = Party(name="Anna Schmidt Übersetzungen", street="Gartenweg 3", postcode="04109",
                              city="Leipzig", country="DE", tax_number="231/456/78901", email="anna@schmidt.example",
                              phone="+49 341 765432")
BANK = BankAccount(iban="DE89370400440532013000", bic="COBADEFFXXX", bank_name="Commerzbank")
GERMAN_CLIENT = {"client_name": "Globex GmbH", "client_street": "Weg 2", "client_postcode": "80331",
                 "client_city": "München", "client_country": "DE"}
FRENCH_CLIENT = {"client_name": "Société Exemple SARL", "client_street": "12 rue de la Paix",
                 "client_postcode": "75002", "client_city": "Paris", "client_country": "FR",
                 "client_vat_id": "FR40303265045"}
AUSTRIAN_CLIENT = {"client_name": "Alpen Handel GmbH", "client_street": "Ring 5", "client_postcode": "1010",
                   "client_city": "Wien", "client_country": "AT", "client_vat_id": "ATU13585627"}
SWISS_CLIENT = {"client_name": "Zürich Uhren AG", "client_street": "Bahnhofstrasse 1", "client_postcode": "8001",
                "client_city": "Zürich", "client_country": "CH"}


def content(*lines: LineDraft, seller: Party = SELLER, bank: BankAccount = BANK, buyer_reference: str = "",
            **fields: str) -> InvoiceContent:
    draft = {**GERMAN_CLIENT, "issue_date": "2026-12-02", "due_date": "2026-12-16", "currency": "EUR", **fields}
    checked = validate_invoice(InvoiceDraft(**draft, lines=lines), seller=seller)  # type: ignore[arg-type]
    return replace(checked, seller_bank=bank, payment_terms_days=(checked.due_date - checked.issue_date).days,
                   buyer_reference=buyer_reference)


def invoice(value: InvoiceContent, number: str = "INV-2026-0042") -> RenderRequest:
    return RenderRequest(number, value)


def credit_note(original: InvoiceContent, original_number: str = "INV-2026-0042") -> RenderRequest:
    """As InvoiceService makes one: every line and total negated, dated today, without the invoice's notes."""
    today = date(2026, 12, 20)
    lines = tuple(replace(line, quantity_thousandths=-line.quantity_thousandths, amount_minor=-line.amount_minor)
                  for line in original.lines)
    note = replace(original, issue_date=today, due_date=today, notes="", lines=lines, totals=negated(original.totals))
    return RenderRequest("CN-2026-0007", note, kind="credit_note", credit_for=original_number)


def standard() -> InvoiceContent:
    return content(LineDraft("Design workshop", "2", "450.00", unit="DAY", vat_rate="19"),
                   LineDraft("Travel", "1", "80.00", unit="LS", vat_rate="19"), notes="Thank you for your order.")


def two_rates() -> InvoiceContent:
    return content(LineDraft("Design workshop", "2", "450.00", unit="DAY", vat_rate="19"),
                   LineDraft("Printed brochure", "150", "1.99", unit="C62", vat_rate="7"),
                   LineDraft("Stock photo licence", "3", "12.50", unit="C62", vat_rate="19"))


def reverse_charge() -> InvoiceContent:
    return content(LineDraft("Software consulting", "12.5", "95.00", unit="HUR", vat_rate="0"),
                   vat_treatment="AE", **FRENCH_CLIENT)


CASES = {
    "single rate 19 %": lambda: invoice(standard()),
    "19 % and 7 %": lambda: invoice(two_rates()),
    "zero-rated": lambda: invoice(content(LineDraft("Printed book", "10", "24.90", vat_rate="0"), vat_treatment="Z")),
    "exempt with reason": lambda: invoice(content(
        LineDraft("Physiotherapy session", "6", "70.00", unit="C62"), vat_treatment="E",
        exemption_reason="Exempt from VAT: medical care (§ 4 Nr. 14 UStG).")),
    "a 0 % line on a standard invoice": lambda: invoice(content(
        LineDraft("Design workshop", "1", "450.00", unit="DAY", vat_rate="19"),
        LineDraft("Postage stamps (passed on)", "20", "0.95", unit="C62", vat_rate="0"))),
    "reverse charge": lambda: invoice(reverse_charge()),
    "intra-EU supply of goods": lambda: invoice(content(
        LineDraft("Oak desk", "4", "640.00", unit="C62"), LineDraft("Freight", "1", "120.00", unit="LS"),
        vat_treatment="K", **AUSTRIAN_CLIENT)),
    "export outside the EU": lambda: invoice(content(
        LineDraft("Wall clock", "20", "35.00", unit="C62"), vat_treatment="G", **SWISS_CLIENT)),
    "not subject to VAT": lambda: invoice(content(
        LineDraft("Damages for late delivery", "1", "500.00", unit="LS"), vat_treatment="O")),
    "small-business exemption": lambda: invoice(content(
        LineDraft("Translation DE-EN", "3200", "0.12", unit="C62"), seller=SMALL_BUSINESS_SELLER,
        vat_treatment="small_business")),
    "credit note": lambda: credit_note(two_rates()),
    "JPY": lambda: invoice(content(LineDraft("Consulting", "3", "15000", unit="HUR", vat_rate="19"),
                                   LineDraft("Tea set", "7", "333", unit="C62", vat_rate="7"), currency="JPY")),
    "KWD": lambda: invoice(content(LineDraft("Consulting", "2", "125.500", unit="HUR", vat_rate="19"),
                                   LineDraft("Licence", "1", "49.000", unit="C62", vat_rate="19"), currency="KWD")),
    "a discounted line": lambda: invoice(content(
        LineDraft("Design workshop", "2", "450.00", unit="DAY", vat_rate="19", discount="12.5"),
        LineDraft("Printed brochure", "150", "1.99", unit="C62", vat_rate="7", discount="3"))),
    "a credit note for a discounted invoice": lambda: credit_note(content(
        LineDraft("Design workshop", "2", "450.00", unit="DAY", vat_rate="19", discount="12.5"))),
    "a service period": lambda: invoice(content(
        LineDraft("Hosting", "1", "49.00", unit="MON", vat_rate="19"), service_date="2026-11-01",
        service_end="2026-11-30")),
    "2,000 lines": lambda: invoice(many_lines(2000)),
}


def many_lines(count: int) -> InvoiceContent:
    return content(*(LineDraft(f"Item {index}: hardware component with a long description", str(1 + index % 7),
                               f"{3 + index % 50}.{index % 100:02d}", unit="C62", vat_rate="19" if index % 3 else "7")
                     for index in range(count)))
