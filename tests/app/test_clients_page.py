"""The client book at /clients, as a person uses it in the simulated browser."""

from nicegui import ui
from nicegui.testing import User

from services.clients.model import Client, ClientDraft
from tests.security.attack_helpers import signed_in
from tests.support.app import app_services, generate, sign_up

GLOBEX = {"Name": "Globex Corporation", "Email": "billing@globex.example", "Street": "Hauptstraße 1",
          "Postcode": "10115", "City": "Berlin", "VAT ID": "DE 136 695 976"}


async def open_clients(user: User) -> None:
    await user.open("/clients")
    await user.should_see("Add client", retries=50)


def field(user: User, label: str) -> ui.element:
    return next(iter(user.find(label).elements))


def type_into(user: User, values: dict[str, str]) -> None:
    for label, value in values.items():
        user.find(label).clear().type(value)


def choose(user: User, label: str, option: str) -> None:
    user.find(label).click()
    user.find(option).click()


async def stored_clients(user: User, *, include_archived: bool = True) -> list[Client]:
    owner = await signed_in(user)
    page = await app_services().clients.search(owner_id=owner.user_id, include_archived=include_archived)
    return list(page.clients)


async def add_via_service(user: User, name: str, **fields: str) -> Client:
    owner = await signed_in(user)
    return await app_services().clients.add(owner_id=owner.user_id, draft=ClientDraft(name=name, **fields))


async def test_the_dashboard_links_to_the_client_book_and_it_links_back(user: User) -> None:
    await sign_up(user, "alice@example.com")
    user.find("Clients").click()
    await user.should_see("No clients yet", retries=50)
    user.find("Invoices").click()
    await user.should_see("Generate PDF", retries=50)


async def test_a_client_added_through_the_form_is_listed_and_stored_as_checked(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await open_clients(user)
    user.find("Add client").click()
    type_into(user, GLOBEX)
    choose(user, "Country", "Germany (DE)")
    choose(user, "Language", "Deutsch")
    user.find("Save client").click()
    await user.should_see("Saved Globex Corporation.", retries=50)
    await user.should_see("Berlin, Germany", retries=50)
    await user.should_see("DE136695976", retries=50)
    [client] = await stored_clients(user)
    details = client.details
    assert (details.street, details.postcode, details.country, details.vat_id, details.language, details.currency) \
        == ("Hauptstraße 1", "10115", "DE", "DE136695976", "de", "EUR")


async def test_refused_fields_are_marked_beside_themselves_and_everything_typed_stays(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await open_clients(user)
    user.find("Add client").click()
    typed = {**GLOBEX, "Email": "billing-at-globex", "VAT ID": "DE136695970"}
    type_into(user, typed)
    choose(user, "Country", "Germany (DE)")
    user.find("Save client").click()
    await user.should_see("Please fix the highlighted fields.", retries=50)
    assert field(user, "Email").error == "Enter a valid email address, like name@example.com."  # type: ignore[attr-defined]
    assert "check digit" in field(user, "VAT ID").error  # type: ignore[attr-defined]
    assert field(user, "Name").error is None  # type: ignore[attr-defined]
    assert {label: field(user, label).value for label in typed} == typed  # type: ignore[attr-defined]
    assert field(user, "Country").value == "DE"  # type: ignore[attr-defined]
    assert await stored_clients(user) == []
    user.find("Email").clear().type("billing@globex.example")
    user.find("VAT ID").clear().type("DE136695976")
    user.find("Save client").click()
    await user.should_see("Saved Globex Corporation.", retries=50)
    assert [client.name for client in await stored_clients(user)] == ["Globex Corporation"]


async def test_a_row_opens_the_client_for_editing_and_the_change_is_saved(user: User) -> None:
    await sign_up(user, "alice@example.com")
    client = await add_via_service(user, "Globex Corporation", city="Berlin")
    await open_clients(user)
    await user.should_see("Globex Corporation", retries=50)
    user.find(marker=f"client-{client.id}").click()
    await user.should_see("Edit Globex Corporation", retries=50)
    assert field(user, "City").value == "Berlin"  # type: ignore[attr-defined]
    user.find("City").clear().type("Hamburg")
    user.find("Save client").click()
    await user.should_see("Saved Globex Corporation.", retries=50)
    await user.should_see("Hamburg", retries=50)
    [saved] = await stored_clients(user)
    assert (saved.id, saved.details.city, saved.version) == (client.id, "Hamburg", 2)


async def test_a_save_from_a_stale_tab_is_refused_with_changed_in_another_tab_and_keeps_what_was_typed(
        user: User) -> None:
    await sign_up(user, "alice@example.com")
    client = await add_via_service(user, "Globex Corporation", city="Berlin")
    other_tab = User(user.http_client)
    for tab in (user, other_tab):
        await open_clients(tab)
        await tab.should_see("Globex Corporation", retries=50)
        tab.find(marker=f"client-{client.id}").click()
        await tab.should_see("Edit Globex Corporation", retries=50)
    other_tab.find("City").clear().type("Hamburg")
    other_tab.find("Save client").click()
    await other_tab.should_see("Saved Globex Corporation.", retries=50)
    user.find("City").clear().type("Munich")
    user.find("Save client").click()
    await user.should_see("changed in another tab", retries=50)
    assert field(user, "City").value == "Munich"  # type: ignore[attr-defined]
    [saved] = await stored_clients(user)
    assert saved.details.city == "Hamburg"
    user.find("Load the saved version").click()  # she gives up her edit for the other tab's
    await user.should_not_see("changed in another tab")
    assert field(user, "City").value == "Hamburg"  # type: ignore[attr-defined]
    user.find("City").clear().type("Munich")
    user.find("Save client").click()
    await user.should_see("Saved Globex Corporation.", retries=50)
    assert [(c.details.city, c.version) for c in await stored_clients(user)] == [("Munich", 3)]


async def test_unsaved_edits_are_not_dropped_by_opening_another_client(user: User) -> None:
    await sign_up(user, "alice@example.com")
    globex = await add_via_service(user, "Globex Corporation", city="Berlin")
    initech = await add_via_service(user, "Initech")
    await open_clients(user)
    await user.should_see("Initech", retries=50)
    user.find(marker=f"client-{globex.id}").click()
    await user.should_see("Edit Globex Corporation", retries=50)
    user.find("City").clear().type("Hamburg")
    user.find(marker=f"client-{initech.id}").click()
    await user.should_see("Save or cancel the client you are editing first.", retries=50)
    user.find("Add client").click()
    await user.should_see("Edit Globex Corporation", retries=50)
    assert field(user, "City").value == "Hamburg"  # type: ignore[attr-defined]
    user.find("Cancel").click()
    user.find(marker=f"client-{initech.id}").click()
    await user.should_see("Edit Initech", retries=50)


async def test_a_client_deleted_in_another_tab_while_edited_can_be_saved_as_a_new_client(user: User) -> None:
    await sign_up(user, "alice@example.com")
    globex = await add_via_service(user, "Globex Corporation", city="Berlin")
    await open_clients(user)
    await user.should_see("Globex Corporation", retries=50)
    user.find(marker=f"client-{globex.id}").click()
    await user.should_see("Edit Globex Corporation", retries=50)
    user.find("City").clear().type("Hamburg")
    await app_services().clients.delete(owner_id=(await signed_in(user)).user_id, client_id=globex.id)
    user.find("Save client").click()
    await user.should_see("This client does not exist (it may have been deleted in another tab).")
    assert await stored_clients(user) == []
    user.find("Save as a new client").click()
    await user.should_see("Saved Globex Corporation.", retries=50)
    [again] = await stored_clients(user)
    assert (again.name, again.details.city) == ("Globex Corporation", "Hamburg") and again.id != globex.id


async def test_search_finds_clients_by_name_or_email_ignoring_case_and_accents(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await add_via_service(user, "Café Zürich", email="hello@cafe.example")
    await add_via_service(user, "Ёлка ООО")
    await add_via_service(user, "Initech")
    await open_clients(user)
    await user.should_see("Initech", retries=50)
    user.find("Search").type("ZURICH")
    await user.should_see("Café Zürich", retries=50)
    await user.should_not_see("Initech")
    user.find("Search").clear().type("елка")
    await user.should_see("Ёлка ООО", retries=50)
    await user.should_not_see("Café Zürich")
    user.find("Search").clear().type("nobody")
    await user.should_see("No clients match your search.", retries=50)


async def test_archive_hides_a_client_until_show_archived_and_unarchive_brings_it_back(user: User) -> None:
    await sign_up(user, "alice@example.com")
    globex = await add_via_service(user, "Globex Corporation")
    await add_via_service(user, "Initech")
    await open_clients(user)
    await user.should_see("Globex Corporation", retries=50)
    user.find(marker=f"archive-{globex.id}").click()
    await user.should_see("Archived Globex Corporation", retries=50)
    await user.should_see("Initech", retries=50)
    await user.should_not_see(marker=f"client-{globex.id}")
    assert [(c.name, c.archived) for c in await stored_clients(user)] == [("Globex Corporation", True),
                                                                          ("Initech", False)]
    user.find("Show archived").click()
    await user.should_see(marker=f"unarchive-{globex.id}", retries=50)
    await user.should_see(kind=ui.badge, content="Archived")
    user.find(marker=f"unarchive-{globex.id}").click()
    await user.should_see("Globex Corporation is active again.", retries=50)
    assert not any(c.archived for c in await stored_clients(user))


async def test_a_client_with_invoices_cannot_be_deleted_and_one_without_can(user: User) -> None:
    await sign_up(user, "alice@example.com")
    invoiced = await add_via_service(user, "Globex Corporation")
    free = await add_via_service(user, "Initech")
    owner = await signed_in(user)
    await app_services().db.invoices.insert_one({"owner_id": owner.user_id, "seq": 1, "client_id": invoiced.id})
    await open_clients(user)
    await user.should_see("Initech", retries=50)
    user.find(marker=f"delete-{invoiced.id}").click()
    await user.should_see("Delete Globex Corporation for good?", retries=50)
    user.find("Delete for good").click()
    await user.should_see("has invoices: archive it instead", retries=50)
    assert len(await stored_clients(user)) == 2
    user.find(marker=f"delete-{free.id}").click()
    await user.should_see("Delete Initech for good?", retries=50)
    user.find("Delete for good").click()
    await user.should_see("Deleted Initech.", retries=50)
    await user.should_not_see(marker=f"client-{free.id}")
    assert [c.name for c in await stored_clients(user)] == ["Globex Corporation"]


async def test_issuing_an_invoice_to_a_new_client_adds_it_to_the_book_unless_turned_off(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await add_via_service(user, "Globex Corporation", email="billing@globex.example", city="Berlin")
    user.find("Client email").type("ap@initech.example")
    await generate(user, "Initech", [("Printers", "1", "99")])
    await generate(user, "GLOBEX corporation", [("Design", "1", "10")])  # an existing client stays as it was
    user.find("Save client to my clients").click()
    await generate(user, "Hooli", [("Search", "1", "5")])
    clients = {c.name: c for c in await stored_clients(user)}
    assert sorted(clients) == ["Globex Corporation", "Initech"]
    assert clients["Initech"].email == "ap@initech.example"
    assert clients["Globex Corporation"].details.city == "Berlin"
    await open_clients(user)
    await user.should_see("ap@initech.example", retries=50)


async def test_a_client_saved_in_one_tab_appears_in_the_other_tab_s_list_without_a_reload(user: User) -> None:
    await sign_up(user, "alice@example.com")
    other_tab = User(user.http_client)
    await open_clients(other_tab)
    await other_tab.should_see("No clients yet", retries=50)
    await open_clients(user)
    user.find("Add client").click()
    user.find("Name").type("Globex Corporation")
    user.find("Save client").click()
    await user.should_see("Saved Globex Corporation.", retries=50)
    await other_tab.should_see("Globex Corporation", retries=50)
    await generate_elsewhere(user, "Initech")  # a client remembered by an issued invoice appears too
    await other_tab.should_see("Initech", retries=50)


async def generate_elsewhere(user: User, client: str) -> None:
    tab = User(user.http_client)
    await tab.open("/")
    await generate(tab, client, [("Work", "1", "10")])


async def test_a_buyer_reference_is_saved_with_the_client_and_a_leitweg_id_typo_is_warned_about(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await open_clients(user)
    user.find("Add client").click()
    type_into(user, {"Name": "Stadt Köln", "Buyer reference": "05315000-ABC1-53"})
    assert field(user, "Buyer reference").props["hint"].startswith("This looks like a Leitweg-ID, but its last two")
    type_into(user, {"Buyer reference": "05315000-ABC1-52"})
    assert field(user, "Buyer reference").props["hint"] == "For a German public buyer: its Leitweg-ID"
    user.find("Save client").click()
    await user.should_see("Saved Stadt Köln.", retries=50)
    [client] = await stored_clients(user)
    assert client.details.buyer_reference == "05315000-ABC1-52"
