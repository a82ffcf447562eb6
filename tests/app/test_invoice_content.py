"""The editor's legal content, as a user fills it in: VAT treatment, client address and VAT ID, units, VAT % per
line, the service period; refusals beside the fields; everything issued carried onto the credit note."""

from typing import Any

from nicegui import ui
from nicegui.testing import User

from services.clients.model import ClientDraft
from tests.support.app import app_services, fill_invoice, sign_up

REVERSE_CHARGE_REFUSAL = "Reverse charge needs the client's VAT ID: the invoice must show it."


def field(user: User, label: str) -> Any:
    return next(iter(user.find(label).elements))


async def owner_of(user: User) -> str:
    found = await app_services().db.users.find_one({"email": "alice@example.com"})
    assert found is not None
    return str(found["_id"])


async def test_reverse_charge_without_the_client_s_vat_id_is_refused_beside_that_field(user: User) -> None:
    await sign_up(user, "alice@example.com")
    fill_invoice(user, "Société Lumière SARL", [("Consulting", "10", "120")], tax_rate="19")
    field(user, "Client street").value = "12 rue de la Paix"
    field(user, "Client postcode").value = "75002"
    field(user, "Client city").value = "Paris"
    field(user, "Client country").value = "FR"
    field(user, "VAT treatment").value = "AE"
    assert field(user, "VAT %").value == "0"  # no VAT charged: the line's rate follows the treatment
    user.find("Generate PDF").click()
    await user.should_see("Please fix the highlighted fields", retries=50)
    assert field(user, "Client VAT ID").props.get("error-message") == REVERSE_CHARGE_REFUSAL
    assert field(user, "Client city").value == "Paris"  # what was typed is kept
    owner = await owner_of(user)
    assert await app_services().db.invoices.count_documents({"owner_id": owner}) == 0

    field(user, "Client VAT ID").value = "FR 40 303 265 045"
    user.find("Generate PDF").click()
    await user.should_see("INV-0001 is being generated", retries=100)
    (summary,) = await app_services().invoices.list_invoices(owner_id=owner)
    issued = await app_services().book.issued(owner_id=owner, invoice_id=summary.id)
    assert issued is not None
    content = issued.content
    assert (content.client.vat_id, content.client.city, content.client.country) == ("FR40303265045", "Paris", "FR")
    assert (content.vat_category, content.totals.tax_minor, content.totals.total_minor) == ("AE", 0, 120000)
    assert content.exemption_reason.startswith("Reverse charge")
    (remembered,) = await app_services().clients.suggestions(owner, "Société")  # "Save client to my clients"
    assert (remembered.details.street, remembered.details.vat_id) == ("12 rue de la Paix", "FR40303265045")


async def test_a_19_and_7_percent_invoice_with_units_and_a_period_shows_both_rates_and_is_stored_exactly(
        user: User) -> None:
    await sign_up(user, "alice@example.com")
    fill_invoice(user, "Schmidt KG", [("Beratung", "12,5", "95"), ("Fachbuch", "2", "39,90")], tax_rate="19")
    rates = sorted(user.find("VAT %").elements, key=lambda element: element.id)
    rates[1].value = "7"
    units = sorted(user.find(kind=ui.select, content="Unit").elements, key=lambda element: element.id)
    units[0].value = "HUR"
    field(user, "Service date").value = "2026-11-01"
    field(user, "Service end").value = "2026-11-15"
    await user.should_see("VAT 19% on €1,187.50: €225.63", retries=50)
    await user.should_see("VAT 7% on €79.80: €5.59")
    await user.should_see("Net €1,267.30 · VAT €231.22 · Total €1,498.52")
    user.find("Generate PDF").click()
    await user.should_see("INV-0001 is being generated", retries=100)
    owner = await owner_of(user)
    (summary,) = await app_services().invoices.list_invoices(owner_id=owner)
    assert summary.total_minor == 149852
    issued = await app_services().book.issued(owner_id=owner, invoice_id=summary.id)
    assert issued is not None
    assert [(line.unit, line.vat_rate_thousandths) for line in issued.content.lines] == [("HUR", 19000), ("C62", 7000)]
    assert (str(issued.content.service_date), str(issued.content.service_end)) == ("2026-11-01", "2026-11-15")

    note = await app_services().invoices.cancel(owner_id=owner, invoice_id=summary.id)
    credit = await app_services().book.issued(owner_id=owner, invoice_id=note.id)
    assert credit is not None
    assert [(row.rate_thousandths, row.taxable_minor, row.tax_minor) for row in credit.content.totals.vat_breakdown] \
        == [(19000, -118750, -22563), (7000, -7980, -559)]
    assert (credit.content.service_date, credit.content.client, credit.content.language) == \
        (issued.content.service_date, issued.content.client, issued.content.language)


async def test_picking_a_saved_client_fills_its_address_vat_id_and_language(user: User) -> None:
    await sign_up(user, "alice@example.com")
    owner = await owner_of(user)
    await app_services().clients.add(owner_id=owner, draft=ClientDraft(
        name="Boulangerie Dupont", email="compta@dupont.example", street="3 place du Marché", postcode="69001",
        city="Lyon", country="FR", vat_id="FR40303265045", language="fr"))
    await user.open("/")
    user.find("Client name").type("boulangerie")
    await user.should_see("compta@dupont.example", retries=50)
    user.find(kind=ui.button, content="Boulangerie Dupont").click()
    await user.should_see(kind=ui.input, content="Lyon", retries=50)
    assert [field(user, label).value for label in ("Client street", "Client postcode", "Client country",
                                                   "Client VAT ID", "Language")] == \
        ["3 place du Marché", "69001", "FR", "FR40303265045", "fr"]


async def test_a_picked_client_s_buyer_reference_is_issued_with_the_invoice_and_learnt_by_a_new_client(
        user: User) -> None:
    await sign_up(user, "alice@example.com")
    owner = await owner_of(user)
    await app_services().clients.add(owner_id=owner, draft=ClientDraft(
        name="Stadt Köln", street="Willy-Brandt-Platz 2", postcode="50679", city="Köln", country="DE",
        buyer_reference="05315000-ABC1-52"))
    await user.open("/")
    user.find("Client name").type("stadt")
    await user.should_see(kind=ui.button, content="Stadt Köln", retries=50)
    user.find(kind=ui.button, content="Stadt Köln").click()
    await user.should_see(kind=ui.input, content="Köln", retries=50)
    assert field(user, "Buyer reference").value == "05315000-ABC1-52"

    user.find("Client name").clear().type("Bezirksamt Mitte")  # a new client: the book learns it on issue
    field(user, "Buyer reference").value = "04011000-1234512345-07"
    assert field(user, "Buyer reference").props["hint"].startswith("This looks like a Leitweg-ID, but its last two")
    field(user, "Buyer reference").value = "04011000-1234512345-06"
    fill_invoice(user, "Bezirksamt Mitte", [("Beratung", "1", "500")])
    user.find("Generate PDF").click()
    await user.should_see("is being generated", retries=50)
    [issued] = await app_services().invoices.list_invoices(owner_id=owner)
    found = await app_services().book.issued(owner_id=owner, invoice_id=issued.id)
    assert found is not None and found.content.buyer_reference == "04011000-1234512345-06"
    [learnt] = (await app_services().clients.search(owner_id=owner, text="bezirksamt")).clients
    assert learnt.details.buyer_reference == "04011000-1234512345-06"
