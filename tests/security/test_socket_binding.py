"""Finding 5 and the socket part of 6: a page id alone is worth nothing; origins; forged log lines.

A real app process and raw Socket.IO connections, as an attacker's script would make them.
"""

import asyncio
import secrets
from collections.abc import AsyncIterator, Iterator

import pytest
import socketio

from tests.security.live_server import Page, People, session_alive, socket_to
from tests.support.servers import ServerProcess


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, mongo_server_uri: str) -> Iterator[tuple[ServerProcess, str]]:
    from tests.support.mongo import with_database

    database_uri = with_database(mongo_server_uri, "socket_binding")
    server = ServerProcess(data_dir=tmp_path_factory.mktemp("socket-binding") / "data", MONGODB_URI=database_uri,
                           SECRET_KEY=secrets.token_urlsafe(48)).start()
    yield server, database_uri
    server.stop()


@pytest.fixture
async def people(server: tuple[ServerProcess, str]) -> AsyncIterator[People]:
    people = People(*server)
    yield people
    await people.close()


async def test_the_page_s_own_browser_connects_and_drives_it(people: People) -> None:
    app, database_uri = people.server, people.database_uri
    alice = people.sign_in("alice1@example.com")
    page = await alice.open("/")
    async with socket_to(app, page, cookie=alice.cookie_header()) as sio:
        assert sio.connected
        await click(sio, page, "Log out")
        await asyncio.sleep(1)
    assert not session_alive(database_uri, alice)


async def test_a_socket_without_the_browser_s_cookies_cannot_take_a_page(people: People) -> None:
    app, database_uri = people.server, people.database_uri
    alice = people.sign_in("alice2@example.com")
    page = await alice.open("/")
    with pytest.raises(socketio.exceptions.ConnectionError):
        async with socket_to(app, page) as sio:
            await click(sio, page, "Log out")
            await asyncio.sleep(1)
    assert session_alive(database_uri, alice)


async def test_another_signed_in_browser_cannot_take_a_page(people: People) -> None:
    app, database_uri = people.server, people.database_uri
    alice, mallory = people.sign_in("alice3@example.com"), people.sign_in("mal3@example.com")
    page = await alice.open("/")
    await mallory.open("/")  # mallory's own genuine browser cookie
    with pytest.raises(socketio.exceptions.ConnectionError):
        async with socket_to(app, page, cookie=mallory.cookie_header()) as sio:
            await click(sio, page, "Log out")
            await asyncio.sleep(1)
    assert session_alive(database_uri, alice)


async def test_messages_for_another_page_are_ignored_on_an_attached_socket(people: People) -> None:
    app, database_uri = people.server, people.database_uri
    alice, mallory = people.sign_in("alice4@example.com"), people.sign_in("mal4@example.com")
    alice_page, mallory_page = await alice.open("/"), await mallory.open("/")
    async with socket_to(app, alice_page, cookie=alice.cookie_header()), \
            socket_to(app, mallory_page, cookie=mallory.cookie_header()) as sio:  # alice's tab is open
        await click(sio, alice_page, "Log out")  # mallory's own socket, alice's page id inside the message
        await asyncio.sleep(1)
    assert session_alive(database_uri, alice)


async def test_a_socket_from_another_origin_is_refused(people: People) -> None:
    app = people.server
    alice = people.sign_in("alice5@example.com")
    page = await alice.open("/")
    with pytest.raises(socketio.exceptions.ConnectionError):
        async with socket_to(app, page, cookie=alice.cookie_header(), origin="http://evil.example"):
            pass


async def test_a_page_whose_session_was_closed_cannot_be_attached(people: People) -> None:
    app, database_uri = people.server, people.database_uri
    alice = people.sign_in("alice6@example.com")
    page = await alice.open("/")
    await alice.http.get("/")  # still signed in
    from pymongo import MongoClient

    with MongoClient(database_uri) as client:
        client.get_default_database().sessions.delete_many({"user_id": alice.user_id})
    with pytest.raises(socketio.exceptions.ConnectionError):
        async with socket_to(app, page, cookie=alice.cookie_header()):
            pass


async def test_browser_log_messages_cannot_forge_log_lines(people: People) -> None:
    app, database_uri = people.server, people.database_uri
    alice = people.sign_in("alice7@example.com")
    page = await alice.open("/")
    forged = "2026-12-02 03:00:00,000 ERROR services.accounts: admin@example.com logged in from 10.0.0.1"
    async with socket_to(app, page, cookie=alice.cookie_header()) as sio:
        for _ in range(20):
            await sio.emit("log", {"client_id": page.client_id, "level": "error", "message": f"boom\n{forged}"})
        await sio.emit("event", {"client_id": page.client_id, "id": 987654, "listener_id": "nope", "args": []})
        await sio.emit("event", {"client_id": page.client_id, "id": page.element_with_text("Log out")[0],
                                 "listener_id": "no-such-listener", "args": []})
        await asyncio.sleep(1)
    output = app.output()
    assert forged not in output.splitlines()
    assert output.count("A browser reported") <= 1
    assert "Traceback" not in output
    assert session_alive(database_uri, alice)


async def click(sio: socketio.AsyncClient, page: Page, text: str) -> None:
    element_id, listener_id = page.element_with_text(text)
    await sio.emit("event", {"client_id": page.client_id, "id": element_id, "listener_id": listener_id,
                             "args": ['{"isTrusted": true}']})



async def test_logging_out_in_one_tab_disconnects_the_browser_s_other_tabs(people: People) -> None:
    app = people.server
    alice = people.sign_in("alice8@example.com")
    first_tab, second_tab = await alice.open("/"), await alice.open("/")
    async with socket_to(app, first_tab, cookie=alice.cookie_header()) as first, \
            socket_to(app, second_tab, cookie=alice.cookie_header()) as second:
        await click(second, second_tab, "Log out")
        for _ in range(100):  # a bound, not a speed figure: the server closes the other tab's socket itself
            if not first.connected:
                break
            await asyncio.sleep(0.1)
        assert not first.connected
