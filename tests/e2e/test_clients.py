"""The client book in a real browser: from the dashboard to /clients, a refused field, a saved client, search."""

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import Artifacts, choose


@pytest.mark.browser
def test_a_client_is_added_with_a_refused_vat_id_fixed_in_place_then_found_by_search(
        alice: Page, artifacts: Artifacts) -> None:
    alice.get_by_role("link", name="Clients").click()
    expect(alice.get_by_text("No clients yet")).to_be_visible()
    alice.get_by_role("button", name="Add client").click()
    for label, value in [("Name", "Café Zürich AG"), ("Email", "buchhaltung@cafe-zuerich.example"),
                         ("Street", "Bahnhofstrasse 1"), ("Postcode", "8001"), ("City", "Zürich"),
                         ("VAT ID", "DE136695970")]:
        alice.get_by_label(label, exact=True).fill(value)
    choose(alice, "Country", "Germ", "Germany (DE)")
    alice.get_by_role("button", name="Save client").click()
    expect(alice.get_by_text("This VAT ID's check digit does not match: look for a typo.")).to_be_visible()
    expect(alice.get_by_label("City", exact=True)).to_have_value("Zürich")  # nothing typed is lost
    alice.get_by_label("VAT ID", exact=True).fill("DE136695976")
    choose(alice, "Country", "Switz", "Switzerland (CH)")
    alice.get_by_role("button", name="Save client").click()
    expect(alice.get_by_text("Saved Café Zürich AG.")).to_be_visible()
    expect(alice.get_by_text("Zürich, Switzerland")).to_be_visible()

    alice.get_by_role("button", name="Add client").click()
    alice.get_by_label("Name", exact=True).fill("Αθηναϊκή Εταιρεία")
    alice.get_by_label("Name", exact=True).press("Enter")
    expect(alice.get_by_text("Saved Αθηναϊκή Εταιρεία.")).to_be_visible()

    alice.get_by_label("Search").fill("cafe zurich")
    expect(alice.get_by_text("Αθηναϊκή Εταιρεία")).to_have_count(0)
    expect(alice.get_by_text("Café Zürich AG")).to_be_visible()
    alice.get_by_label("Search").fill("ΑΘΗΝΑΙΚΗ")
    expect(alice.get_by_text("Αθηναϊκή Εταιρεία")).to_be_visible()
    expect(alice.get_by_text("Café Zürich AG")).to_have_count(0)

    alice.get_by_label("Search").fill("")
    alice.get_by_text("Café Zürich AG").click()  # a row opens the client for editing
    expect(alice.get_by_text("Edit Café Zürich AG")).to_be_visible()
    expect(alice.get_by_label("Postcode", exact=True)).to_have_value("8001")
    expect(alice.get_by_role("alert")).to_have_count(0)  # the notifications have gone
    artifacts.screenshot(alice, "client-book", docs_name="clients")
    alice.get_by_role("link", name="Invoices").click()
    expect(alice.get_by_role("button", name="Generate PDF")).to_be_visible()
