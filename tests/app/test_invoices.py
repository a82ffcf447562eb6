import asyncio
import io

import pytest
from nicegui import ui
from nicegui.testing import User
from pymongo import MongoClient
from pypdf import PdfReader

from services.invoices.drafts import InvoiceDraft, LineDraft
from tests.support.app import app_services, fill_seller, generate, renders_held, settings_loaded, sign_up

THREE_LINES = [("Design workshop", "2", "450.00"), ("Logo files", "1", "120.50"), ("Travel", "1.5", "80")]


async def test_a_generated_invoice_shows_processing_then_ready_without_reload(user: User) -> None:
    await sign_up(user, "alice@example.com")
    with renders_held():
        await generate(user, "Globex Corporation", THREE_LINES, tax_rate="20")
        await user.should_see("Processing…", retries=30)
        await user.should_see("INV-0001")
        await asyncio.sleep(1.0)
        await user.should_see("Processing…")  # still held: the click did not wait for the render
    await user.should_see("Ready", retries=200)
    await user.should_see("Download")


async def test_the_downloaded_pdf_holds_the_invoice_and_only_its_owner_gets_it(user: User, create_user) -> None:
    await sign_up(user, "alice@example.com")
    await generate(user, "Globex Corporation", THREE_LINES, tax_rate="20")
    await user.should_see("Ready", retries=200)
    href = user.find("Download").elements.pop().props["href"]
    response = await user.http_client.get(href)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="invoice-INV-0001.pdf"'
    assert response.headers["cache-control"] == "private, no-store"
    text = " ".join((PdfReader(io.BytesIO(response.content)).pages[0].extract_text() or "").split())
    for expected in ["INV-0001", "Globex Corporation", "Design workshop", "Logo files", "Travel",
                     "€900.00", "€120.50", "€120.00", "€1,140.50", "€228.10", "€1,368.60"]:
        assert expected in text, expected
    bob = create_user()
    await sign_up(bob, "bob@example.com")
    stolen = await bob.http_client.get(href)
    assert stolen.status_code == 404 and b"%PDF" not in stolen.content


async def test_ready_reaches_every_tab_and_browser_of_the_owner_and_nobody_else(user: User, create_user) -> None:
    await sign_up(user, "alice@example.com")
    second_tab = User(user.http_client)
    await second_tab.open("/")
    other_browser = create_user()
    await other_browser.open("/login")
    other_browser.find("Email").type("alice@example.com")
    other_browser.find("Password").type("correct horse battery staple")
    other_browser.find("Log in").click()
    await other_browser.should_see("Log out", retries=50)
    bob = create_user()
    await sign_up(bob, "bob@example.com")
    with renders_held():
        await generate(user, "Initech", [("Consulting", "3", "100")])
        for tab in (user, second_tab, other_browser):
            await tab.should_see("Processing…", retries=50)
    for tab in (user, second_tab, other_browser):
        await tab.should_see("Ready", retries=200)
        await tab.should_see("Initech")
    await bob.should_see("No invoices yet")
    await bob.should_not_see("Initech")
    await bob.should_not_see("INV-0001")


async def test_invalid_input_is_refused_beside_the_fields_and_nothing_is_saved(
        user: User, app_environment: str) -> None:
    await sign_up(user, "alice@example.com")
    user.find("Client name").type("   ")
    user.find("Client email").type("not an email")
    user.find("Tax rate %").clear().type("150")
    user.find("Quantity").clear().type("0")
    user.find("Unit price").type("12.345")
    user.find("Generate PDF").click()
    await user.should_see("Please fix the highlighted fields", retries=50)
    errors = _field_errors(user)
    assert errors["Client name"] == "Client name is required."
    assert errors["Client email"].startswith("Enter a valid email address")
    assert errors["Tax rate %"].startswith("Tax rate must be at least 0 and at most 100")
    assert errors["Quantity"].startswith("Quantity must be more than 0")
    assert errors["Unit price"] == "Unit price can have at most 2 decimal places."
    assert errors["Description"] == "Description is required."
    assert user.find("Client email").elements.pop().value == "not an email"  # what was typed is kept
    with MongoClient(app_environment) as client:
        assert client.get_default_database().invoices.count_documents({}) == 0


async def test_a_tampered_total_in_the_page_is_ignored(user: User, app_environment: str) -> None:
    await sign_up(user, "alice@example.com")
    user.find("Client name").type("Umbrella")
    user.find("Description").type("Vaccine research")
    user.find("Quantity").clear().type("3")
    user.find("Unit price").type("19.99")
    for label in user.find("Total").elements:
        label.text = "Subtotal €0.01 · Tax €0.00 · Total €0.01"
    user.find("Generate PDF").click()
    await user.should_see("is being generated", retries=50)
    with MongoClient(app_environment) as client:
        stored = client.get_default_database().invoices.find_one({})
        details = client.get_default_database().invoice_details.find_one({"_id": stored["_id"]})
    assert stored["total_minor"] == 5997 and details["lines"][0]["amount_minor"] == 5997


async def test_characters_the_pdf_font_cannot_print_are_refused_before_rendering(
        user: User, app_environment: str) -> None:
    await sign_up(user, "alice@example.com")
    user.find("Client name").type("สมชาย")  # Thai: no embedded font draws it
    user.find("Description").type("Translation")
    user.find("Unit price").type("10")
    user.find("Generate PDF").click()
    await user.should_see("The PDF font cannot print these characters", retries=50)
    with MongoClient(app_environment) as client:
        assert client.get_default_database().invoices.count_documents({}) == 0


def _field_errors(user: User) -> dict[str, str]:
    errors = {}
    for label in ["Client name", "Client email", "Tax rate %", "Quantity", "Unit price", "Description"]:
        element = user.find(label).elements.pop()
        errors[label] = element.props.get("error-message") or ""
    return errors


async def test_twenty_simultaneous_generations_from_two_tabs_get_twenty_consecutive_numbers(
        user: User, app_environment: str) -> None:
    await sign_up(user, "alice@example.com")
    second_tab = User(user.http_client)
    await second_tab.open("/")
    services = app_services()
    with MongoClient(app_environment) as client:
        owner_id = str(client.get_default_database().users.find_one({"email": "alice@example.com"})["_id"])
    draft = InvoiceDraft(client_name="Hooli", issue_date="2026-11-24", due_date="2026-12-24", currency="EUR",
                         tax_rate="0", lines=(LineDraft("Compression", "1", "10"),))
    created = await asyncio.gather(*(services.invoices.generate(owner_id=owner_id, draft=draft) for _ in range(20)))
    assert sorted(invoice.number for invoice in created) == [f"INV-{n:04d}" for n in range(1, 21)]
    for tab in (user, second_tab):
        await tab.should_see("INV-0020", retries=100)


@pytest.mark.render_timeout(3)
async def test_a_failed_render_says_why_and_retry_makes_it_ready(user: User) -> None:
    await sign_up(user, "alice@example.com")
    with renders_held():
        await generate(user, "Stark Industries", [("Arc reactor", "1", "1000")])
        await user.should_see("Failed", retries=200)
    await user.should_see("took longer than 3 seconds")
    user.find(kind=ui.button, content="Retry").click()
    await user.should_see("Ready", retries=300)


async def test_the_sellers_details_from_the_profile_are_printed_on_the_invoice(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await user.open("/settings")
    await fill_seller(user, "Alice Design Studio", {"Street": "12 Rue de la Paix", "Postcode": "75002",
                                                     "City": "Paris"}, country="France (FR)")
    user.find("Save").click()
    await user.should_see("Saved. New invoices will show these details.", retries=50)
    await user.open("/")
    await generate(user, "Globex Corporation", [("Logo", "1", "300")])
    await user.should_see("Ready", retries=200)
    response = await user.http_client.get(user.find("Download").elements.pop().props["href"])
    text = " ".join((PdfReader(io.BytesIO(response.content)).pages[0].extract_text() or "").split())
    assert "Alice Design Studio" in text and "12 Rue de la Paix" in text and "75002 Paris" in text
    await user.open("/settings")
    await settings_loaded(user)
    assert user.find("Business name").elements.pop().value == "Alice Design Studio"  # kept
