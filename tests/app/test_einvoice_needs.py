"""What an e-invoice will need is asked for before issuing: the seller's VAT ID or tax number (per VAT
treatment), and for an intra-EU supply the client's VAT ID and country. Drafts stay saveable."""

import asyncio

import pytest
from nicegui import ui
from nicegui.testing import User

from services.accounts.seller_draft import SellerDraft
from services.errors import InvalidInput, ProfileIncomplete
from services.invoices.drafts import InvoiceDraft, LineDraft
from tests.security.attack_helpers import signed_in
from tests.support.app import app_services, fill_invoice, fill_seller, sign_up

NEEDS_ID = ("Before you issue an invoice, add your VAT ID or tax number in Settings: every e-invoice must show one "
            "of them, unless the treatment is \u201cNot subject to VAT\u201d. Your invoice is kept as a draft.")
ADDRESS = {"name": "Alice Design Studio", "street": "Hauptstraße 1", "postcode": "10115", "city": "Berlin",
           "country": "DE"}


def field(user: User, label: str) -> ui.element:
    return next(iter(user.find(label).elements))


async def test_without_a_vat_id_or_tax_number_issuing_is_refused_beside_the_vat_treatment_and_the_draft_kept(
        user: User) -> None:
    await sign_up(user, "alice@example.com", onboarding=False)
    owner = (await signed_in(user)).user_id
    await fill_seller(user, "Alice Design Studio", vat_id="")
    user.find("Save").click()
    await user.should_see("Generate PDF", retries=50)
    for _ in range(50):  # the seller's country arrives after the first paint
        if field(user, "Client country").props.get("hint"):
            break
        await asyncio.sleep(0.05)
    assert field(user, "Client country").props["hint"] == \
        "The e-invoice assumes Germany when the client's country is empty."
    assert field(user, "VAT treatment").props["hint"] == \
        "The e-invoice needs your VAT ID or tax number: add it in Settings before issuing."  # before Generate

    fill_invoice(user, "Globex Corporation", [("Design", "2", "450")])
    user.find("Generate PDF").click()
    await user.should_see("What your e-invoice needs", retries=50)
    await user.should_see(NEEDS_ID)
    assert field(user, "VAT treatment").error == NEEDS_ID  # type: ignore[attr-defined]
    assert next(iter(user.find(kind=ui.link, content="Open Settings").elements)).props["href"] == "/settings"
    assert await app_services().invoices.list_invoices(owner_id=owner) == []
    [draft] = await app_services().drafts.page(owner_id=owner)
    assert draft.draft.client_name == "Globex Corporation"

    field(user, "VAT treatment").value = "O"  # type: ignore[attr-defined]
    assert field(user, "VAT treatment").props["hint"] == ""
    user.find("Generate PDF").click()
    await user.should_see("INV-0001 is being generated.", retries=50)


async def test_which_tax_identifiers_each_vat_treatment_needs_before_issuing(user: User) -> None:
    await sign_up(user, "alice@example.com")
    owner = (await signed_in(user)).user_id
    services = app_services()

    async def issue(seller: SellerDraft, treatment: str, **client: str) -> str:
        await services.sellers.update(owner, seller)
        draft = InvoiceDraft(client_name="Globex", issue_date="2026-12-02", due_date="2026-12-16", currency="EUR",
                             vat_treatment=treatment, lines=(LineDraft("Goods", "1", "100"),), **client)
        try:
            await services.invoices.generate(owner_id=owner, draft=draft, remember_client=False)
        except ProfileIncomplete as refused:
            assert refused.field == "vat_treatment"
            return f"seller: {', '.join(refused.missing)}"
        except InvalidInput as refused:
            return "client: " + ", ".join(sorted(refused.problems.by_field))
        return "issued"

    nothing = SellerDraft(**ADDRESS)
    tax_number = SellerDraft(**ADDRESS, tax_number="30/123/45678")
    vat_id = SellerDraft(**ADDRESS, vat_id="DE136695976")
    eu_client = {"client_vat_id": "FR40303265045", "client_country": "FR"}
    outcomes = {
        "standard, nothing": await issue(nothing, "S"),
        "standard, tax number": await issue(tax_number, "S"),
        "small business, tax number": await issue(tax_number, "small_business"),
        "exempt, nothing": await issue(nothing, "E", exemption_reason="§ 4 Nr. 14 UStG"),
        "not subject to VAT, nothing": await issue(nothing, "O"),
        "reverse charge, tax number": await issue(tax_number, "AE", **eu_client),
        "reverse charge, VAT ID": await issue(vat_id, "AE", **eu_client),
        "intra-EU, tax number": await issue(tax_number, "K", **eu_client),
        "intra-EU, VAT ID, no client VAT ID": await issue(vat_id, "K", client_country="FR"),
        "intra-EU, VAT ID, no client country": await issue(vat_id, "K", client_vat_id="FR40303265045"),
        "intra-EU, VAT ID": await issue(vat_id, "K", **eu_client),
    }
    assert outcomes == {
        "standard, nothing": "seller: VAT ID or tax number",
        "standard, tax number": "issued",
        "small business, tax number": "issued",
        "exempt, nothing": "seller: VAT ID or tax number",
        "not subject to VAT, nothing": "issued",
        "reverse charge, tax number": "seller: VAT ID",
        "reverse charge, VAT ID": "issued",
        "intra-EU, tax number": "seller: VAT ID",
        "intra-EU, VAT ID, no client VAT ID": "client: client_vat_id",
        "intra-EU, VAT ID, no client country": "client: client_country",
        "intra-EU, VAT ID": "issued",
    }


@pytest.mark.parametrize("treatment", ["AE", "K"])
async def test_reverse_charge_and_intra_eu_supply_say_a_tax_number_is_not_enough(user: User, treatment: str) -> None:
    await sign_up(user, "alice@example.com")
    owner = (await signed_in(user)).user_id
    await app_services().sellers.update(owner, SellerDraft(**ADDRESS, tax_number="30/123/45678"))
    draft = InvoiceDraft(client_name="Globex", issue_date="2026-12-02", due_date="2026-12-16", currency="EUR",
                         vat_treatment=treatment, client_vat_id="FR40303265045", client_country="FR",
                         lines=(LineDraft("Goods", "1", "100"),))
    with pytest.raises(ProfileIncomplete) as refused:
        await app_services().invoices.generate(owner_id=owner, draft=draft)
    assert "add your VAT ID in Settings" in str(refused.value)
    assert "must show the VAT IDs of both you and your client (a tax number is not enough)" in str(refused.value)
