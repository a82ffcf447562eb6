"""Invoices and drafts on a fresh database of the test MongoDB server, through the storage functions."""

from collections.abc import AsyncIterator

import pytest

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
