"""The client book's rules, through ClientBook against the real test database."""

import asyncio
from dataclasses import replace

import pytest
from bson import ObjectId

from services.clients.book import ClientBook
from services.clients.errors import (
    ClientChanged,
    ClientHasInvoices,
    ClientNotFound,
    TooManyClients,
    TooManyClientSaves,
)
from services.clients.model import ClientDraft
from services.errors import InvalidInput
from services.invoices.model import Party
from services.live.bus import EventBus, UserEvent
from storage.database import Database
from tests.clients.conftest import make_book

ALICE, BOB = "alice-id", "bob-id"
GLOBEX = ClientDraft(name="Globex Corporation", email="Billing@Globex.example", street="Hauptstraße 1",
                     postcode="10115", city="Berlin", country="de", vat_id="DE 136 695 976", language="de",
                     currency="eur")


async def test_an_added_client_is_stored_checked_and_normalised_and_found_by_its_owner(book: ClientBook) -> None:
    client = await book.add(owner_id=ALICE, draft=GLOBEX)
    assert (client.version, client.archived) == (1, False)
    details = client.details
    assert (details.email, details.country, details.vat_id, details.currency) == \
        ("billing@globex.example", "DE", "DE136695976", "EUR")
    assert details.postal_address() == "Hauptstraße 1\n10115 Berlin\nGermany"
    assert await book.find(owner_id=ALICE, client_id=client.id) == client
    assert await book.find(owner_id=BOB, client_id=client.id) is None


async def test_every_bad_field_is_refused_with_its_own_message_and_nothing_is_saved(book: ClientBook) -> None:
    draft = ClientDraft(name=" ", email="not-an-email", country="XX", vat_id="DE136695970", language="es",
                        currency="ABC", postcode="10_115")
    with pytest.raises(InvalidInput) as refused:
        await book.add(owner_id=ALICE, draft=draft)
    assert set(refused.value.problems.by_field) == {"name", "email", "country", "vat_id", "language", "currency",
                                                    "postcode"}
    assert "check digit" in refused.value.problems.by_field["vat_id"]
    assert (await book.search(owner_id=ALICE)).clients == ()


async def test_a_name_is_unique_per_user_ignoring_case_accents_and_spacing(book: ClientBook) -> None:
    await book.add(owner_id=ALICE, draft=ClientDraft(name="Müller GmbH"))
    with pytest.raises(InvalidInput) as refused:
        await book.add(owner_id=ALICE, draft=ClientDraft(name="  MULLER   gmbh "))
    assert refused.value.problems.by_field["name"] == "You already have a client named “Müller GmbH”."
    bobs = await book.add(owner_id=BOB, draft=ClientDraft(name="Müller GmbH"))  # another user's book is apart
    assert bobs.name == "Müller GmbH"


async def test_a_save_from_a_stale_tab_is_refused_and_the_newer_save_stays(book: ClientBook) -> None:
    client = await book.add(owner_id=ALICE, draft=GLOBEX)
    first = await book.update(owner_id=ALICE, client_id=client.id, version=client.version,
                              draft=ClientDraft(name="Globex AG", city="Bonn"))
    assert (first.version, first.details.city) == (2, "Bonn")
    with pytest.raises(ClientChanged, match="changed in another tab"):
        await book.update(owner_id=ALICE, client_id=client.id, version=client.version,
                          draft=ClientDraft(name="Globex Stale"))
    assert await book.find(owner_id=ALICE, client_id=client.id) == first


async def test_two_saves_of_the_same_version_at_once_store_exactly_one(book: ClientBook) -> None:
    client = await book.add(owner_id=ALICE, draft=GLOBEX)
    names = [f"Globex {n}" for n in range(5)]
    results = await asyncio.gather(*(book.update(owner_id=ALICE, client_id=client.id, version=1,
                                                 draft=ClientDraft(name=name)) for name in names),
                                   return_exceptions=True)
    saved = [result for result in results if not isinstance(result, BaseException)]
    assert len(saved) == 1 and all(isinstance(r, ClientChanged) for r in results if r is not saved[0])
    assert await book.find(owner_id=ALICE, client_id=client.id) == saved[0]


async def test_another_user_s_client_is_the_same_not_found_as_a_missing_one_and_stays_unchanged(
        book: ClientBook) -> None:
    alices = await book.add(owner_id=ALICE, draft=GLOBEX)
    for client_id in (alices.id, str(ObjectId()), "not-an-id", ""):
        with pytest.raises(ClientNotFound) as refused:
            await book.update(owner_id=BOB, client_id=client_id, version=1, draft=ClientDraft(name="Mine now"))
        assert str(refused.value) == "This client does not exist (it may have been deleted in another tab)."
        for action in (book.archive, book.unarchive, book.delete):
            with pytest.raises(ClientNotFound):
                await action(owner_id=BOB, client_id=client_id)
    assert await book.find(owner_id=ALICE, client_id=alices.id) == alices
    assert (await book.search(owner_id=BOB, include_archived=True)).clients == ()


async def test_search_ignores_case_and_accents_in_latin_greek_and_cyrillic(book: ClientBook) -> None:
    for name, email in [("Café Zürich", "hello@cafe.example"), ("Αθηναϊκή Εταιρεία", ""),
                        ("Ёлка ООО", "info@yolka.example"), ("Łódź Trading", "")]:
        await book.add(owner_id=ALICE, draft=ClientDraft(name=name, email=email))
    await book.add(owner_id=BOB, draft=ClientDraft(name="Cafe Bob"))

    async def names(text: str) -> list[str]:
        return [client.name for client in (await book.search(owner_id=ALICE, text=text)).clients]

    assert await names("CAFE zurich") == ["Café Zürich"]
    assert await names("αθηναικη") == ["Αθηναϊκή Εταιρεία"]
    assert await names("ΕΤΑΙΡΕΊΑ") == ["Αθηναϊκή Εταιρεία"]
    assert await names("елка") == ["Ёлка ООО"]
    assert await names("lodz") == ["Łódź Trading"]
    assert await names("yolka.example") == ["Ёлка ООО"]  # by email too
    assert await names(".*") == []  # typed text is matched literally, never as a pattern
    assert len(await names("")) == 4


async def test_the_list_is_by_name_in_pages_and_archived_clients_only_on_request(book: ClientBook) -> None:
    created = [await book.add(owner_id=ALICE, draft=ClientDraft(name=f"Client {n:03d}")) for n in range(55)]
    await book.archive(owner_id=ALICE, client_id=created[0].id)
    first = await book.search(owner_id=ALICE)
    assert [c.name for c in first.clients] == [f"Client {n:03d}" for n in range(1, 51)]
    second = await book.search(owner_id=ALICE, after=first.next_after)
    assert [c.name for c in second.clients] == [f"Client {n:03d}" for n in range(51, 55)]
    assert second.next_after == ""
    everyone = await book.search(owner_id=ALICE, include_archived=True)
    assert everyone.clients[0].name == "Client 000" and everyone.clients[0].archived


async def test_a_client_with_an_invoice_or_a_draft_cannot_be_deleted_only_archived(
        book: ClientBook, db: Database) -> None:
    invoiced = await book.add(owner_id=ALICE, draft=ClientDraft(name="Invoiced"))
    drafted = await book.add(owner_id=ALICE, draft=ClientDraft(name="Drafted"))
    free = await book.add(owner_id=ALICE, draft=ClientDraft(name="Free"))
    await db.invoices.insert_one({"owner_id": ALICE, "seq": 1, "client_id": invoiced.id})
    await db.drafts.insert_one({"owner_id": ALICE, "client_id": drafted.id})
    await db.invoices.insert_one({"owner_id": BOB, "seq": 1, "client_id": free.id})  # Bob's reference: no effect
    for client in (invoiced, drafted):
        with pytest.raises(ClientHasInvoices, match="has invoices: archive it instead"):
            await book.delete(owner_id=ALICE, client_id=client.id)
        archived = await book.archive(owner_id=ALICE, client_id=client.id)
        assert archived.archived
    await book.delete(owner_id=ALICE, client_id=free.id)
    assert await book.find(owner_id=ALICE, client_id=free.id) is None
    assert await book.find(owner_id=ALICE, client_id=invoiced.id) is not None


async def test_suggestions_offer_active_clients_whose_name_words_start_with_what_is_typed(book: ClientBook) -> None:
    for name in ["Globex Corporation", "Acme Global", "Umbrella", "Glob Archived"]:
        await book.add(owner_id=ALICE, draft=ClientDraft(name=name))
    archived = (await book.search(owner_id=ALICE, text="glob archived")).clients[0]
    await book.archive(owner_id=ALICE, client_id=archived.id)
    await book.add(owner_id=BOB, draft=ClientDraft(name="Globe Bob"))
    assert [c.name for c in await book.suggestions(ALICE, "GLOB")] == ["Globex Corporation", "Acme Global"]
    assert [c.name for c in await book.suggestions(ALICE, "corp")] == ["Globex Corporation"]
    assert await book.suggestions(ALICE, "  ") == []
    assert await book.suggestions(ALICE, "lobex") == []


async def test_remember_adds_a_new_name_once_and_keeps_an_existing_client_as_it_is(book: ClientBook) -> None:
    existing = await book.add(owner_id=ALICE, draft=GLOBEX)
    assert await book.remember(ALICE, "GLOBEX corporation", "other@example.com") == existing
    results = await asyncio.gather(*(book.remember(ALICE, "Initech", "ap@initech.example", currency="USD")
                                     for _ in range(5)))
    assert len({client.id for client in results if client}) == 1
    [initech] = (await book.search(owner_id=ALICE, text="initech")).clients
    assert (initech.email, initech.details.currency) == ("ap@initech.example", "USD")
    kept_name = await book.remember(ALICE, "Hooli", "not an email")
    assert kept_name is not None and (kept_name.name, kept_name.email) == ("Hooli", "")
    assert await book.remember(ALICE, "   ", "x@example.com") is None


async def test_a_user_keeps_at_most_the_limit_of_clients_even_when_adding_in_parallel(db: Database) -> None:
    book = make_book(db, max_clients=5)
    results = await asyncio.gather(*(book.add(owner_id=ALICE, draft=ClientDraft(name=f"C{n}")) for n in range(12)),
                                   return_exceptions=True)
    refusals = [result for result in results if isinstance(result, BaseException)]
    assert len(refusals) == 7 and all(isinstance(r, TooManyClients) for r in refusals)
    assert "at most 5 clients" in str(refusals[0])
    assert len((await book.search(owner_id=ALICE)).clients) == 5
    assert await book.remember(ALICE, "One more") is None  # issuing an invoice never fails on a full book
    one = (await book.search(owner_id=ALICE)).clients[0]
    await book.delete(owner_id=ALICE, client_id=one.id)  # deleting frees a place
    assert (await book.add(owner_id=ALICE, draft=ClientDraft(name="Replacement"))).name == "Replacement"
    assert (await book.add(owner_id=BOB, draft=ClientDraft(name="Bob's first"))).name == "Bob's first"


async def test_saves_beyond_the_rate_bound_are_refused_with_the_wait_and_change_nothing(db: Database) -> None:
    book = make_book(db, rule="3/minute")
    client = await book.add(owner_id=ALICE, draft=ClientDraft(name="One"))
    client = await book.update(owner_id=ALICE, client_id=client.id, version=1, draft=ClientDraft(name="Two"))
    await book.archive(owner_id=ALICE, client_id=client.id)
    with pytest.raises(TooManyClientSaves) as refused:
        await book.add(owner_id=ALICE, draft=ClientDraft(name="Four"))
    assert str(refused.value).startswith("You can save clients 3 times per minute. Try again in ")
    with pytest.raises(TooManyClientSaves):
        await book.unarchive(owner_id=ALICE, client_id=client.id)
    stored = await book.search(owner_id=ALICE, include_archived=True)
    assert [(c.name, c.archived) for c in stored.clients] == [("Two", True)]
    assert (await book.add(owner_id=BOB, draft=ClientDraft(name="Bob's"))).name == "Bob's"  # per user


async def test_every_change_is_announced_to_its_owner_s_open_tabs_only(db: Database) -> None:
    bus = EventBus()
    book = make_book(db, bus=bus)
    heard: dict[str, list[UserEvent]] = {ALICE: [], BOB: []}
    for owner in heard:
        bus.subscribe(owner, lambda event, owner=owner: _record(heard[owner], event))
    client = await book.add(owner_id=ALICE, draft=ClientDraft(name="Globex"))
    client = await book.update(owner_id=ALICE, client_id=client.id, version=1, draft=ClientDraft(name="Globex AG"))
    await book.archive(owner_id=ALICE, client_id=client.id)
    await book.delete(owner_id=ALICE, client_id=client.id)
    remembered = await book.remember(ALICE, "Initech")
    assert remembered is not None
    await book.remember(ALICE, "Initech")  # already there: nothing changed, nothing announced
    with pytest.raises(ClientNotFound):
        await book.archive(owner_id=BOB, client_id=remembered.id)
    assert [(e.kind, e.subject_id) for e in heard[ALICE]] == [("clients_changed", client.id)] * 4 + \
        [("clients_changed", remembered.id)]
    assert heard[BOB] == []


async def _record(events: list[UserEvent], event: UserEvent) -> None:
    events.append(event)


async def test_a_buyer_reference_is_stored_edited_and_read_back_and_old_clients_read_without_one(
        book: ClientBook, db: Database) -> None:
    client = await book.add(owner_id=ALICE, draft=replace(GLOBEX, buyer_reference="04011000-1234512345-06"))
    assert await reference_of(book, client.id) == "04011000-1234512345-06"
    edited = await book.update(owner_id=ALICE, client_id=client.id, version=client.version,
                               draft=replace(GLOBEX, buyer_reference="PO 4711"))
    assert (await book.find(owner_id=ALICE, client_id=client.id)) == edited
    assert edited.details.buyer_reference == "PO 4711"
    await db.clients.update_one({"_id": ObjectId(client.id)}, {"$unset": {"buyer_reference": ""}})
    assert await reference_of(book, client.id) == ""


async def test_remember_learns_the_buyer_reference_of_a_new_client_only(book: ClientBook) -> None:
    existing = await book.add(owner_id=ALICE, draft=GLOBEX)
    await book.remember_party(ALICE, Party(name="Globex Corporation"), "991-33333TEST-33")
    assert await book.find(owner_id=ALICE, client_id=existing.id) == existing
    await book.remember_party(ALICE, Party(name="Stadt Köln", city="Köln", country="DE"), "991-33333TEST-33")
    [city] = (await book.search(owner_id=ALICE, text="stadt")).clients
    assert (city.details.buyer_reference, city.details.city) == ("991-33333TEST-33", "Köln")


async def reference_of(book: ClientBook, client_id: str) -> str:
    found = await book.find(owner_id=ALICE, client_id=client_id)
    assert found is not None
    return found.details.buyer_reference
