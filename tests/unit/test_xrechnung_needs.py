"""What XRechnung (the KoSIT rules) needs beyond EN 16931, checked before the XML is built."""

from dataclasses import replace

import pytest

from services.einvoice.cii import build_cii
from services.einvoice.contract import RuleViolation
from services.einvoice.rules import validate_cii
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import BankAccount, InvoiceContent, Party, RenderRequest
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
        "BR-DE-15", "BR-DE-6", "BR-DE-7", "BR-DE-16", "BR-DE-3, BR-DE-4", "BR-DE-8, BR-DE-9"]
    assert rules(seller=replace(SELLER, vat_id="", tax_number="30/123/45678")) == []
    assert rules(seller=replace(SELLER, vat_id=""), vat_category="O") == []  # not subject to VAT: no tax ID


def test_the_refusal_says_what_is_missing_where_to_add_it_and_that_the_invoice_must_be_issued_again() -> None:
    refusal = XRechnungNotPossible("INV-0007", xrechnung_gaps(replace(COMPLETE, buyer_reference="")))
    assert str(refusal) == (
        "INV-0007 cannot be an XRechnung: the buyer reference (for a public buyer its Leitweg-ID) (BR-DE-15): add it "
        "to the client under Clients, or in the invoice's client block. An issued invoice never changes, so after "
        "adding them cancel it with a credit note and issue it again (Duplicate copies its lines).")


@pytest.mark.parametrize(("change", "rule"), [
    ({"buyer_reference": ""}, "BR-DE-15"),
    ({"seller": replace(SELLER, phone="")}, "BR-DE-6"),
    ({"seller": replace(SELLER, email="")}, "BR-DE-7"),
    ({"seller": replace(SELLER, vat_id="")}, "BR-DE-16"),
    ({"seller": replace(SELLER, postcode="")}, "BR-DE-4"),
    ({"client": replace(COMPLETE.client, city="")}, "BR-DE-8"),
    ({"client": replace(COMPLETE.client, postcode="")}, "BR-DE-9"),
])
def test_each_gap_named_here_is_one_the_kosit_schematron_refuses(change: dict[str, object], rule: str) -> None:
    content = replace(COMPLETE, **change)  # type: ignore[arg-type]
    [gap] = xrechnung_gaps(content)
    assert rule in gap.rule_id.split(", ")
    assert rule in {violation.rule_id for violation in kosit_violations(content)}


def test_without_an_iban_the_xrechnung_is_still_valid_so_it_is_no_gap() -> None:
    content = replace(COMPLETE, seller_bank=BankAccount())
    assert (xrechnung_gaps(content), kosit_violations(content), kosit_violations(COMPLETE)) == ([], [], [])


def kosit_violations(content: InvoiceContent) -> list[RuleViolation]:
    xml = build_cii(RenderRequest(number="INV-0007", content=content), profile="xrechnung")
    return validate_cii(xml, profile="xrechnung")
