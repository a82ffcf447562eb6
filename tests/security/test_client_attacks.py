"""Client records are owner-scoped exactly like invoices: Bob, an anonymous visitor and a tab left open after
log-out get nothing of Alice's client book and change nothing in it."""

import uuid
from typing import Any

import pytest
from bson import ObjectId
from nicegui.testing import User

from services.clients.errors import ClientNotFound
from services.clients.model import Client, ClientDraft
from tests.security.attack_helpers import (
    button,
    click_listener,
    click_over_the_socket,
    forge_event,
    http_client,
    new_browser,
    signed_in,
)
from tests.support.app import app_services, sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app
ALICE = "alice@example.com"


async def alice_with_a_client(user: User) -> Client:
    await sign_up(user, ALICE)
    owner = await signed_in(user)
    return await app_services().clients.add(
        owner_id=owner.user_id,
        draft=ClientDraft(name="Globex Corporation", email="billing@globex.example", city="Berlin"))


async def stored_book() -> dict[str, Any]:
    """Every client and client count as the database holds them, whoever owns them."""
    db = app_services().db
    return {"clients": [document async for document in db.clients.find({}).sort("_id")],
            "counts": [document async for document in db.client_counts.find({}).sort("_id")]}


async def test_alice_s_client_ids_are_the_same_not_found_for_bob_as_a_missing_one_and_nothing_changes(
        user: User) -> None:
    globex = await alice_with_a_client(user)
    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    bob_id = (await signed_in(bob)).user_id
    book = app_services().clients
    before = await stored_book()
    one_digit_changed = globex.id[:-1] + ("0" if globex.id[-1] != "0" else "1")
    ids = {"alice's real id": globex.id, "a random ObjectId": str(ObjectId()), "a changed digit": one_digit_changed,
           "upper case": globex.id.upper(), "a Mongo operator": '{"$ne": null}', "empty": "", "junk": "é" * 500}
    answers: dict[str, list[str]] = {}
    for label, client_id in ids.items():
        assert await book.find(owner_id=bob_id, client_id=client_id) is None
        messages = []
        for action in (book.archive, book.unarchive, book.delete):
            with pytest.raises(ClientNotFound) as refused:
                await action(owner_id=bob_id, client_id=client_id)
            messages.append(str(refused.value))
        with pytest.raises(ClientNotFound) as refused:
            await book.update(owner_id=bob_id, client_id=client_id, version=globex.version,
                              draft=ClientDraft(name="Taken over"))
        answers[label] = [*messages, str(refused.value)]
    assert all(answer == answers["a random ObjectId"] for answer in answers.values()), answers
    assert (await book.search(owner_id=bob_id, text="globex", include_archived=True)).clients == ()
    assert await book.suggestions(bob_id, "glob") == []
    assert await stored_book() == before
    # Bob may well name a client of his own the same: the books are apart.
    assert (await book.add(owner_id=bob_id, draft=ClientDraft(name="Globex Corporation"))).name == \
        "Globex Corporation"
    assert await book.find(owner_id=(await signed_in(user)).user_id, client_id=globex.id) == globex


async def test_bob_s_client_page_never_shows_alice_s_clients(user: User) -> None:
    await alice_with_a_client(user)
    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    await bob.open("/clients")
    await bob.should_see("No clients yet", retries=50)
    await bob.should_not_see("Globex Corporation")
    bob.find("Search").type("globex")
    await bob.should_see("No clients match your search.", retries=50)
    await bob.should_not_see("Globex Corporation")


async def test_nobody_signed_out_reaches_the_client_page() -> None:
    async with http_client() as client:
        page = await client.get("/clients", follow_redirects=False)
        post = await client.post("/clients", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?redirect_to=%2Fclients"
    assert post.status_code == 401
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


async def test_a_client_tab_left_open_after_log_out_can_neither_save_archive_nor_delete(user: User) -> None:
    globex = await alice_with_a_client(user)
    stale = User(user.http_client)
    await stale.open("/clients")
    await stale.should_see("Globex Corporation", retries=50)
    stale.find(marker=f"client-{globex.id}").click()
    await stale.should_see("Edit Globex Corporation", retries=50)
    stale.find("City").clear().type("Hamburg")
    stale.find(marker=f"delete-{globex.id}").click()  # the question is open while she logs out elsewhere
    await stale.should_see("Delete Globex Corporation for good?", retries=50)
    page = stale.client
    assert page is not None
    targets = [button(stale, "Save client"), next(iter(stale.find(marker=f"archive-{globex.id}").elements)),
               button(stale, "Delete for good")]
    before = await stored_book()

    user.find("Log out").click()
    await user.should_see("Log in", retries=50)

    for element in targets:  # the stale tab's browser ignores the push to /login and keeps sending events
        await click_over_the_socket(page, element)
    assert await stored_book() == before


async def test_bob_s_socket_cannot_fire_the_buttons_on_alice_s_client_page(user: User) -> None:
    globex = await alice_with_a_client(user)
    await user.open("/clients")
    await user.should_see("Globex Corporation", retries=50)
    user.find(marker=f"client-{globex.id}").click()
    await user.should_see("Edit Globex Corporation", retries=50)
    user.find("City").clear().type("Hamburg")
    alice_page = user.client
    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    await bob.open("/clients")
    await bob.should_see("No clients yet", retries=50)
    assert alice_page is not None and bob.client is not None
    targets = [button(user, "Save client"), next(iter(user.find(marker=f"archive-{globex.id}").elements)),
               next(iter(user.find(marker=f"delete-{globex.id}").elements))]
    before = await stored_book()
    for element in targets:
        for client_id in (bob.client.id, str(uuid.uuid4())):
            assert not forge_event(client_id=client_id, element_id=element.id, listener_id=click_listener(element))
    assert await stored_book() == before
    await click_over_the_socket(alice_page, button(user, "Save client"))  # control: her real ids reach her page
    saved = await app_services().clients.find(owner_id=(await signed_in(user)).user_id, client_id=globex.id)
    assert saved is not None and saved.details.city == "Hamburg"
