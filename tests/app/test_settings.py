"""The seller profile at /settings, the onboarding step after sign-up, and Generate PDF refused until it is done."""

import pytest
from nicegui import ui
from nicegui.testing import User

from services.errors import ProfileIncomplete
from services.invoices.drafts import InvoiceDraft, LineDraft
from storage import invoices
from tests.security.attack_helpers import signed_in
from tests.support.app import app_services, fill_invoice, fill_seller, generate, settings_loaded, sign_up

MISSING = ("Before you issue an invoice, add your Business name, Street, Postcode, City and Country in Settings: "
           "an invoice must name who issues it. Your invoice is kept as a draft.")


def field(user: User, label: str) -> ui.element:
    return next(iter(user.find(label).elements))


async def test_sign_up_asks_only_for_name_address_and_tax_ids_then_lands_on_the_invoice_list(user: User) -> None:
    await sign_up(user, "alice@example.com", onboarding=False)
    await settings_loaded(user)
    for label in ("Business name", "Street", "Postcode", "City", "Country", "VAT ID", "Tax number"):
        await user.should_see(label)
    for label in ("IBAN", "Company registration", "Payment terms (days)", "Remove logo"):
        await user.should_not_see(label)
    user.find("Save").click()
    await user.should_see("Please fix the highlighted fields.", retries=50)
    assert field(user, "Business name").error == "Business name is required."  # type: ignore[attr-defined]
    await fill_seller(user, "Alice Design Studio")
    user.find("Save").click()
    await user.should_see("Generate PDF", retries=50)
    await user.should_see("Alice Design Studio, Berlin, Germany", retries=50)


async def test_problems_are_told_beside_each_field_and_what_was_typed_stays_and_nothing_is_saved(user: User) -> None:
    await sign_up(user, "alice@example.com")
    owner = (await signed_in(user)).user_id
    before = await app_services().sellers.profile_of(owner)
    await user.open("/settings")
    await settings_loaded(user)
    typed = {"IBAN": "DE89 3704 0044 0532 0130 01", "BIC": "DEUT", "VAT ID": "DE136695977", "Business name": "Renamed"}
    for label, value in typed.items():
        user.find(label).clear().type(value)
    user.find("Save").click()
    await user.should_see("Please fix the highlighted fields.", retries=50)
    assert field(user, "IBAN").error == "This IBAN's check digits do not match: look for a typo."  # type: ignore[attr-defined]
    assert field(user, "BIC").error.startswith("A BIC has 8 or 11")  # type: ignore[attr-defined]
    assert field(user, "VAT ID").error.startswith("This VAT ID's check digit")  # type: ignore[attr-defined]
    assert {label: field(user, label).value for label in typed} == typed  # type: ignore[attr-defined]
    assert await app_services().sellers.profile_of(owner) == before

    user.find("IBAN").clear().type("de89370400440532013000")
    user.find("BIC").clear().type("DEUTDEFF")
    user.find("VAT ID").clear().type("DE 136 695 976")
    user.find("Save").click()
    await user.should_see("Saved. New invoices will show these details.", retries=50)
    saved = await app_services().sellers.profile_of(owner)
    assert (saved.party.name, saved.party.vat_id, saved.bank.iban) == ("Renamed", "DE136695976",
                                                                        "DE89370400440532013000")
    await user.open("/settings")
    await settings_loaded(user)
    assert field(user, "IBAN").value == "DE89 3704 0044 0532 0130 00"  # type: ignore[attr-defined]


async def test_generate_pdf_is_refused_until_the_profile_has_a_name_and_address_and_the_draft_is_kept(
        user: User) -> None:
    await sign_up(user, "alice@example.com", onboarding=False)
    owner = (await signed_in(user)).user_id
    await user.open("/")
    fill_invoice(user, "Globex Corporation", [("Design", "2", "450")])
    user.find("Generate PDF").click()
    await user.should_see(MISSING, retries=50)
    link = next(iter(user.find(kind=ui.link, content="Open Settings").elements))
    assert link.props["href"] == "/settings"
    assert await app_services().invoices.list_invoices(owner_id=owner) == []
    [draft] = await app_services().drafts.page(owner_id=owner)
    assert draft.draft.client_name == "Globex Corporation"

    await user.open("/settings")
    await fill_seller(user, "Alice Design Studio")
    user.find("Save").click()
    await user.should_see("Saved. New invoices will show these details.", retries=50)
    await user.open(f"/invoices/{draft.id}")
    await user.should_see("Generate PDF", retries=50)
    user.find("Generate PDF").click()
    await user.should_see("INV-0001 is being generated.", retries=50)
    [issued] = await app_services().invoices.list_invoices(owner_id=owner)
    content = await invoices.find_content(app_services().db, owner_id=owner, invoice_id=issued.id)
    assert content is not None and content.seller.name == "Alice Design Studio"
    assert (content.seller.street, content.seller.city, content.seller.country) == ("Hauptstraße 1", "Berlin", "DE")


async def test_the_server_refuses_to_issue_without_a_profile_whatever_the_browser_sends(user: User) -> None:
    await sign_up(user, "alice@example.com", onboarding=False)
    owner = (await signed_in(user)).user_id
    draft = InvoiceDraft(client_name="Globex", issue_date="2026-12-02", due_date="2026-12-16", currency="EUR",
                         lines=(LineDraft("Design", "1", "100"),))
    with pytest.raises(ProfileIncomplete) as refused:
        await app_services().invoices.generate(owner_id=owner, draft=draft)
    assert refused.value.missing == ["Business name", "Street", "Postcode", "City", "Country"]
    assert await app_services().invoices.list_invoices(owner_id=owner) == []
    quota = await app_services().invoices.quota(owner_id=owner)
    assert quota.remaining == quota.limit  # the refusal cost no generation


async def test_new_invoices_take_the_profile_s_number_prefix_and_issued_numbers_never_change(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await generate(user, "Globex Corporation", [("Design", "1", "100")])
    await user.open("/settings")
    await settings_loaded(user)
    user.find("Invoice number prefix").clear().type("ACME-")
    user.find("Save").click()
    await user.should_see("Saved. New invoices will show these details.", retries=50)
    await user.open("/")
    fill_invoice(user, "Initech", [("Printers", "1", "99")])
    user.find("Generate PDF").click()
    await user.should_see("ACME-0001 is being generated.", retries=50)
    owner = (await signed_in(user)).user_id
    numbers = sorted(invoice.number for invoice in await app_services().invoices.list_invoices(owner_id=owner))
    assert numbers == ["ACME-0001", "INV-0001"]


async def test_the_issued_invoice_keeps_the_bank_account_and_footer_it_was_issued_with(user: User) -> None:
    await sign_up(user, "alice@example.com")
    owner = (await signed_in(user)).user_id
    await user.open("/settings")
    await settings_loaded(user)
    for label, value in {"IBAN": "DE89 3704 0044 0532 0130 00", "BIC": "DEUTDEFF", "Footer": "Amtsgericht Berlin"}\
            .items():
        user.find(label).clear().type(value)
    user.find("Save").click()
    await user.should_see("Saved. New invoices will show these details.", retries=50)
    await user.open("/")
    await generate(user, "Globex Corporation", [("Design", "1", "100")])
    await user.open("/settings")
    await settings_loaded(user)
    user.find("IBAN").clear()
    user.find("Footer").clear().type("Changed later")
    user.find("Save").click()
    await user.should_see("Saved. New invoices will show these details.", retries=50)
    [issued] = await app_services().invoices.list_invoices(owner_id=owner)
    content = await invoices.find_content(app_services().db, owner_id=owner, invoice_id=issued.id)
    assert content is not None
    assert (content.seller_bank.iban, content.seller_bank.bic, content.footer) == (
        "DE89370400440532013000", "DEUTDEFF", "Amtsgericht Berlin")
    assert content.payment_terms_days == (content.due_date - content.issue_date).days


async def test_an_account_from_before_the_profile_keeps_its_name_and_is_asked_for_the_structured_address(
        user: User) -> None:
    await sign_up(user, "alice@example.com", onboarding=False)
    owner = (await signed_in(user)).user_id
    await app_services().db.users.update_one({"email": "alice@example.com"}, {"$set": {"seller": {
        "name": "Alice Design Studio", "address": "12 Rue de la Paix\n75002 Paris"}}})  # as the old card saved it
    draft = InvoiceDraft(client_name="Globex", issue_date="2026-12-02", due_date="2026-12-16", currency="EUR",
                         lines=(LineDraft("Design", "1", "100"),))
    with pytest.raises(ProfileIncomplete) as refused:
        await app_services().invoices.generate(owner_id=owner, draft=draft)
    assert refused.value.missing == ["Street", "Postcode", "City", "Country"]
    await user.open("/settings")
    await settings_loaded(user)
    assert field(user, "Business name").value == "Alice Design Studio"  # type: ignore[attr-defined]
    await user.should_see("Your address as you typed it before:\n12 Rue de la Paix\n75002 Paris", retries=20)
