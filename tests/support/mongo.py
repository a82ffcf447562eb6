"""The test MongoDB server: MONGODB_URI when set (a real MongoDB), else one embedded nx-27017 for the session."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from uuid import uuid4

import pytest
from pymongo import MongoClient

from storage.database import Database, connect, create_indexes, database_of
from storage.runtime.embedded_mongo import EmbeddedMongo


@pytest.fixture(scope="session")
def mongo_server_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URI of the server for this test session, without a database name."""
    if external_uri := os.environ.get("MONGODB_URI"):
        yield with_database(external_uri, "")
        return
    embedded = EmbeddedMongo(tmp_path_factory.mktemp("embedded-mongo"))
    embedded.start()
    try:
        yield with_database(embedded.uri, "")
    finally:
        embedded.stop()


@pytest.fixture
def fresh_database_uri(mongo_server_uri: str) -> Iterator[str]:
    """URI of a database no other test uses; dropped afterwards."""
    name = f"test_{uuid4().hex[:12]}"
    yield with_database(mongo_server_uri, name)
    with MongoClient(mongo_server_uri) as client:
        client.drop_database(name)


@pytest.fixture
async def db(fresh_database_uri: str) -> AsyncIterator[Database]:
    """A fresh database as the app opens it: its client, codec options and indexes (a module may define its own)."""
    client = connect(fresh_database_uri)
    try:
        database = database_of(client)
        await create_indexes(database)
        yield database
    finally:
        await client.close()


def with_database(uri: str, name: str) -> str:
    """Replace the database in a MongoDB URI, keeping hosts and options ("" removes it)."""
    scheme, _, rest = uri.partition("://")
    hosts, _, path = rest.partition("/")
    old_name, _, options = path.partition("?")
    if old_name and "@" in hosts and "authSource=" not in options:  # credentials were checked against old_name
        options = "&".join(filter(None, [options, f"authSource={old_name}"]))
    uri = f"{scheme}://{hosts}/{name}" if name or options else f"{scheme}://{hosts}"
    return f"{uri}?{options}" if options else uri
