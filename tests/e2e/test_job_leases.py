"""Each PDF job holds a lease (JOB_LEASE_S) that simply runs out once the job is done; that must not matter."""

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.support.browser import Line, expect_status, fill_invoice, generate
from tests.support.servers import ServerProcess, served

LEASE_S = 1
ONE_LINE: list[Line] = [("Bookkeeping", "3", "40")]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server of its own whose leases run out after a second instead of thirty."""
    with served(tmp_path_factory.mktemp("e2e-short-lease") / "data", JOB_LEASE_S=str(LEASE_S)) as server:
        yield server


@pytest.mark.browser
def test_an_invoice_made_after_another_users_lease_ran_out_still_becomes_ready(alice: Page, bob: Page) -> None:
    fill_invoice(alice, "First Client", ONE_LINE)
    first = generate(alice, "First Client")
    expect_status(alice, first, "Ready")
    time.sleep(LEASE_S + 1)  # not an assertion: lets the finished job's lease lie in the past, as it soon does in use

    fill_invoice(bob, "Second Client", ONE_LINE)
    second = generate(bob, "Second Client")

    expect_status(bob, second, "Ready")
