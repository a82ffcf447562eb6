"""What XRechnung (the KoSIT rules) needs beyond EN 16931, checked before the XML is built."""

from dataclasses import replace

from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import BankAccount, Party
from services.invoices.validation import validate_invoice
from services.invoices.xrechnung_needs import XRechnungNotPossible, xrechnung_gaps

SELLER = Party(name="Müller GmbH", street="Hauptstr. 1", postcode="10115", city="Berlin", country="DE",
               vat_id="DE136695976", email="rechnung@mueller.example", phone="+49 30 1234567")
COMPLETE = replace(validate_invoice(InvoiceDraft(
    client_name="Bezirksamt Mitte", client_street="Karl-Marx-Allee 31", client_postcode="10178",
    client_city="Berlin", client_country="DE", client_buyer_reference="04011000-1234512345-06",
    issue_date="2026-12-02", due_date="2026-12-16", currency="EUR", lines=(LineDraft("Beratung", "1", "100"),)),
    seller=SELLER), seller_bank=BankAccount(iban="DE89370400440532013000"))


def rules(**changes: object) -> list[str]:
    return [gap.rule_id for gap in xrechnung_gaps(replace(COMPLETE, **changes))]  # type: ignore[arg-type]


def test_a_complete_invoice_lacks_nothing() -> None:
    assert rules() == []


def test_each_missing_field_is_named_with_its_rule_in_the_order_a_user_fixes_them() -> None:
    bare_seller = Party(name="Müller GmbH", address="Hauptstr. 1\n10115 Berlin")
    assert rules(buyer_reference="", seller=bare_seller, seller_bank=BankAccount(), client=Party(name="Amt")) == [
        "BR-DE-15", "BR-DE-5", "BR-DE-7", "BR-DE-1", "BR-DE-16", "BR-DE-3, BR-DE-4", "BR-DE-8, BR-DE-9"]
    assert rules(seller=replace(SELLER, vat_id="", tax_number="30/123/45678")) == []
    assert rules(seller=replace(SELLER, vat_id=""), vat_category="O") == []  # not subject to VAT: no tax ID


def test_the_refusal_says_what_is_missing_where_to_add_it_and_that_the_invoice_must_be_issued_again() -> None:
    refusal = XRechnungNotPossible("INV-0007", xrechnung_gaps(replace(COMPLETE, buyer_reference="")))
    assert str(refusal) == (
        "INV-0007 cannot be an XRechnung: the buyer reference (for a public buyer its Leitweg-ID) (BR-DE-15): add it "
        "to the client under Clients, or in the invoice's client block. An issued invoice never changes, so after "
        "adding them cancel it with a credit note and issue it again (Duplicate copies its lines).")
