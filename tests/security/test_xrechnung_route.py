"""GET /invoices/{id}/xrechnung.xml: the owner's issued invoice or credit note as XRechnung, everyone and
everything else the same 404 as the PDF; an invoice issued without what XRechnung needs gets a page saying what.
"""

import asyncio
from urllib.parse import quote

import pytest
from bson import ObjectId
from nicegui import ui
from nicegui.testing import User

from services.accounts.seller_draft import SellerDraft
from services.einvoice.rules import validate_cii
from services.invoices.drafts import InvoiceDraft, LineDraft
from tests.security.attack_helpers import SECURITY_HEADERS, new_browser, signed_in
from tests.support.app import app_services, sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app
LEITWEG = "04011000-1234512345-06"
COMPLETE = SellerDraft(name="Müller Software GmbH", street="Friedrichstraße 123", postcode="10117", city="Berlin",
                       country="DE", vat_id="DE136695976", email="rechnung@mueller.example", phone="+49 30 1234567",
                       iban="DE89 3704 0044 0532 0130 00", bic="COBADEFFXXX")
TO_THE_CITY = InvoiceDraft(client_name="Bezirksamt Mitte", client_street="Karl-Marx-Allee 31",
                           client_postcode="10178", client_city="Berlin", client_country="DE",
                           client_buyer_reference=LEITWEG, issue_date="2026-12-02", due_date="2026-12-16",
                           currency="EUR", lines=(LineDraft("Beratung", "10", "120", unit="HUR", vat_rate="19"),
                                                  LineDraft("Fachbuch", "2", "34.50", vat_rate="7")))


async def issued_by(browser: User, seller: SellerDraft, draft: InvoiceDraft) -> str:
    owner = (await signed_in(browser)).user_id
    await app_services().sellers.update(owner, seller)
    invoice = await app_services().invoices.generate(owner_id=owner, draft=draft, remember_client=False)
    return invoice.id


def xml_path(invoice_id: str) -> str:
    return f"/invoices/{quote(invoice_id, safe='')}/xrechnung.xml"


async def test_only_the_owner_gets_the_xrechnung_and_every_other_id_is_the_same_404(user: User) -> None:
    await sign_up(user, "alice@example.com")
    invoice_id = await issued_by(user, COMPLETE, TO_THE_CITY)
    alice = (await signed_in(user)).user_id
    draft = await app_services().drafts.save(owner_id=alice, draft=TO_THE_CITY)

    mine = await user.http_client.get(xml_path(invoice_id))
    assert mine.status_code == 200
    assert mine.headers["content-type"].startswith("application/xml")
    assert mine.headers["content-disposition"] == 'attachment; filename="xrechnung-INV-0001.xml"'
    assert "no-store" in mine.headers["cache-control"]
    assert mine.content.startswith(b"<?xml") and LEITWEG.encode() in mine.content
    await user.open(f"/invoices/{invoice_id}")
    await user.should_see("Download XRechnung", retries=50)
    [link] = user.find(kind=ui.link, content="Download XRechnung").elements
    assert (link.props["href"], link.props["aria-label"]) == (xml_path(invoice_id), "Download XRechnung INV-0001")

    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    await issued_by(bob, COMPLETE, TO_THE_CITY)  # Bob's own INV-0001 exists too
    answers = {label: await bob.http_client.get(xml_path(value)) for label, value in {
        "alice's invoice": invoice_id, "a random id": str(ObjectId()), "a malformed id": "INV-0001",
        "alice's draft": draft.id, "a NUL byte": "\x00", "an operator": '{"$ne": null}'}.items()}
    answers["alice's own draft"] = await user.http_client.get(xml_path(draft.id))
    answers["alice's random id"] = await user.http_client.get(xml_path(str(ObjectId())))
    for label, answer in answers.items():
        assert (answer.status_code, answer.text) == (404, "No such invoice."), label
        assert all(name in answer.headers for name in SECURITY_HEADERS), label
    nobody = await new_browser().http_client.get(xml_path(invoice_id), follow_redirects=False)
    assert nobody.status_code == 303 and nobody.headers["location"].startswith("/login")  # as for the PDF


async def test_an_invoice_without_what_xrechnung_needs_gets_a_page_saying_what_and_how_to_fix_it(
        user: User) -> None:
    await sign_up(user, "alice@example.com")
    without = SellerDraft(**{**COMPLETE.__dict__, "phone": "", "iban": "", "bic": ""})
    invoice_id = await issued_by(user, without, InvoiceDraft(**{**TO_THE_CITY.__dict__,
                                                                "client_buyer_reference": "",
                                                                "client_postcode": ""}))
    answer = await user.http_client.get(xml_path(invoice_id))
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("text/html")
    assert "content-disposition" not in answer.headers
    page = answer.text
    assert "INV-0001 cannot be an XRechnung" in page
    for said in ["the buyer reference (for a public buyer its Leitweg-ID)</strong> (BR-DE-15): add it to the client",
                 "your phone number</strong> (BR-DE-6): add it in Settings",
                 "the client&#x27;s postcode and city</strong> (BR-DE-8, BR-DE-9)",
                 "cancel it with a credit note and issue it again"]:
        assert said in page
    assert "your email address" not in page  # it has one
    assert "href='/settings'" in page


@pytest.mark.parametrize("prefix", ["INV-", "RE_2026."])
async def test_the_filename_is_the_invoice_number(user: User, prefix: str) -> None:
    await sign_up(user, "alice@example.com")
    invoice_id = await issued_by(user, SellerDraft(**{**COMPLETE.__dict__, "number_prefix": prefix}), TO_THE_CITY)
    answer = await user.http_client.get(xml_path(invoice_id))
    assert answer.headers["content-disposition"] == f'attachment; filename="xrechnung-{prefix}0001.xml"'


async def test_the_served_invoice_and_its_credit_note_pass_the_xrechnung_schematron(user: User) -> None:
    await sign_up(user, "alice@example.com")
    invoice_id = await issued_by(user, COMPLETE, TO_THE_CITY)
    note = await app_services().invoices.cancel(owner_id=(await signed_in(user)).user_id, invoice_id=invoice_id)
    for document_id, filename in [(invoice_id, "xrechnung-INV-0001.xml"), (note.id, "xrechnung-CN-0001.xml")]:
        answer = await user.http_client.get(xml_path(document_id))
        assert answer.headers["content-disposition"] == f'attachment; filename="{filename}"'
        assert await asyncio.to_thread(validate_cii, answer.content, profile="xrechnung") == [], filename
