"""Two app processes behind different ports share one database and one real Redis, as behind a load balancer.

Browsers keep cookies per host, not per port, so one browser profile holds a tab on each replica.
"""

import re
import secrets
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    NewContext,
    expect_dashboard,
    expect_status,
    fill_invoice,
    generate,
    quota_label,
    sign_up,
    unique_email,
)
from tests.support.servers import ServerProcess, served

EXHAUSTED = re.compile(r"^0 of 5 PDFs left this minute")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory, redis_url: str,
             shared_database_uri: str) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    shared = {"MONGODB_URI": shared_database_uri, "REDIS_URL": redis_url,
              "SECRET_KEY": secrets.token_urlsafe(48)}  # replicas share it, as deploy/ requires
    folder = tmp_path_factory.mktemp("replicas")
    with served(folder / "a", **shared) as first, served(folder / "b", **shared) as second:
        yield first, second


@pytest.fixture(scope="module")
def shared_database_uri(mongo_server_uri: str) -> Iterator[str]:
    from pymongo import MongoClient

    from tests.support.mongo import with_database

    uri = with_database(mongo_server_uri, "e2e_replicas")
    yield uri
    with MongoClient(uri) as client:
        client.drop_database("e2e_replicas")


@pytest.fixture
def server(replicas: tuple[ServerProcess, ServerProcess]) -> ServerProcess:
    return replicas[0]


@pytest.fixture
def tabs(new_context: NewContext, replicas: tuple[ServerProcess, ServerProcess]) -> tuple[Page, Page]:
    """Signs up through replica A, then opens the dashboard of replica B in the same browser."""
    context = new_context()
    on_a = context.new_page()
    sign_up(on_a, unique_email("carol"))
    on_b = context.new_page()
    on_b.goto(f"{replicas[1].url}/")
    expect_dashboard(on_b)  # logged in through A, logged in on B: sessions live in the shared database
    return on_a, on_b


@pytest.mark.browser
def test_a_user_with_a_tab_on_each_replica_sees_ready_on_both(tabs: tuple[Page, Page]) -> None:
    on_a, on_b = tabs
    fill_invoice(on_a, "Cross Replica Ltd", [("Consulting", "2", "150")])
    number = generate(on_a, "Cross Replica Ltd")
    for tab in (on_a, on_b):
        expect_status(tab, number, "Ready")


@pytest.mark.browser
def test_the_rate_limit_counts_generations_on_both_replicas(tabs: tuple[Page, Page]) -> None:
    on_a, on_b = tabs
    for tab, letters in ((on_a, "ABC"), (on_b, "DE")):
        for letter in letters:
            fill_invoice(tab, f"Customer {letter}", [("Support", "1", "10")])
            generate(tab, f"Customer {letter}")
    fill_invoice(on_b, "Customer F", [("Support", "1", "10")])
    expect(on_b.get_by_role("button", name="Generate PDF")).to_be_disabled()  # after two of its own: 0 left
    expect(quota_label(on_b)).to_have_text(EXHAUSTED)
    expect(quota_label(on_a)).to_have_text(EXHAUSTED)
    expect(on_b.locator("[data-invoice]")).to_have_count(5)

