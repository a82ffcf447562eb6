"""The client book on a fresh database of the test MongoDB server, with in-memory save counters."""

from collections.abc import AsyncIterator

import pytest

from services.clients.book import ClientBook
from services.clients.save_limit import ClientSaveLimiter
from services.counters import CounterStorage
from services.live.bus import EventBus
from storage.database import Database, connect, create_indexes, database_of


@pytest.fixture
async def db(fresh_database_uri: str) -> AsyncIterator[Database]:
    client = connect(fresh_database_uri)
    try:
        database = database_of(client)
        await create_indexes(database)
        yield database
    finally:
        await client.close()


@pytest.fixture
async def book(db: Database) -> ClientBook:
    return make_book(db)


def make_book(db: Database, *, rule: str = "1000/minute", max_clients: int = 1000,
              bus: EventBus | None = None) -> ClientBook:
    limiter = ClientSaveLimiter(CounterStorage("memory://"), rule)
    return ClientBook(db, bus or EventBus(), limiter=limiter, default_currency="EUR", max_clients=max_clients)
