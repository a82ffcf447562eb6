"""The client book on a fresh database of the test MongoDB server, with in-memory save counters."""


import pytest

from services.clients.book import ClientBook
from services.clients.save_limit import ClientSaveLimiter
from services.counters import CounterStorage
from services.live.bus import EventBus
from storage.database import Database


@pytest.fixture
async def book(db: Database) -> ClientBook:
    return make_book(db)


def make_book(db: Database, *, rule: str = "1000/minute", max_clients: int = 1000,
              bus: EventBus | None = None) -> ClientBook:
    limiter = ClientSaveLimiter(CounterStorage("memory://"), rule)
    return ClientBook(db, bus or EventBus(), limiter=limiter, default_currency="EUR", max_clients=max_clients)
