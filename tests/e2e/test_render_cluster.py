"""The scaled-out topology for real: a web process that renders nothing (PDF_WORKERS=0), two `python app.py worker`
processes, a real redis-server and an nx-27017 server running as its own process. Two users in two browsers.
"""

import re
import secrets
import signal
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page
from pymongo import MongoClient

from tests.support.browser import Line, expect_status, fill_invoice, generate, open_another_tab
from tests.support.mongo import with_database
from tests.support.processes import frozen, pdf_worker_pids, wait_until_group_is_gone
from tests.support.seeding import all_ready_exactly_once, jobs_in, wait_until
from tests.support.servers import ServerProcess, served
from tests.support.workers import WorkerProcess

CLUSTER_SECRET = secrets.token_urlsafe(48)  # one per test run, shared by the cluster's processes

LINES: list[Line] = [(f"Line {n}", "1", "10") for n in range(3)]
FAST = {"JOB_LEASE_S": "3", "JOB_RECOVERY_INTERVAL_S": "0.5", "SHUTDOWN_GRACE_S": "1", "PDF_WORKERS": "1"}


@pytest.fixture(scope="module")
def cluster_database_uri(mongo_server_uri: str) -> Iterator[str]:
    uri = with_database(mongo_server_uri, f"e2e_cluster_{secrets.token_hex(4)}")
    yield uri
    with MongoClient(uri) as client:
        client.drop_database(client.get_default_database().name)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, cluster_database_uri: str,
           redis_url: str) -> Iterator[ServerProcess]:
    """The web process: serves pages, renders nothing."""
    with served(tmp_path_factory.mktemp("cluster-web") / "data", MONGODB_URI=cluster_database_uri,
                REDIS_URL=redis_url, PDF_WORKERS="0") as web:
        yield web


@pytest.fixture
def workers(tmp_path: Path, cluster_database_uri: str, redis_url: str) -> Iterator[list[WorkerProcess]]:
    started: list[WorkerProcess] = []

    def start(name: str) -> WorkerProcess:
        worker = WorkerProcess(folder=tmp_path, name=name, MONGODB_URI=cluster_database_uri, REDIS_URL=redis_url,
                               SECRET_KEY=CLUSTER_SECRET, **FAST).start()
        started.append(worker)
        return worker

    yield [start("one"), start("two")]
    for worker in started:
        if worker.process is not None and worker.process.poll() is None:
            worker.stop(signal.SIGKILL)


@pytest.mark.browser
def test_two_users_on_a_web_process_that_renders_nothing_see_every_invoice_ready_once_despite_kill_9_and_sigterm(
        server: ServerProcess, workers: list[WorkerProcess], alice: Page, bob: Page,
        cluster_database_uri: str, tmp_path: Path, redis_url: str) -> None:
    doomed, drained = workers
    alice_second_tab = open_another_tab(alice)
    numbers: dict[Page, list[str]] = {alice: [], bob: []}

    with ExitStack() as paused:  # both workers' renders wait: each claims a job and holds it mid-render
        for worker in workers:
            paused.enter_context(frozen(pdf_worker_pids(worker.pid)))
        for user, name in ((alice, "Alice"), (bob, "Bob"), (alice, "Alice"), (bob, "Bob")):
            fill_invoice(user, f"{name} client {len(numbers[user])}", LINES)
            numbers[user].append(generate(user, f"{name} client {len(numbers[user])}"))
        wait_until(lambda: {job["holder"] for job in jobs_in(cluster_database_uri)} >= {w.instance for w in workers},
                   60, "each worker held a job")
        doomed.stop(signal.SIGKILL)
    assert not wait_until_group_is_gone(doomed.pid, timeout_s=15)  # its render process died with it

    for tab, own in ((alice, numbers[alice]), (alice_second_tab, numbers[alice]), (bob, numbers[bob])):
        for number in own:
            expect_status(tab, number, "Ready")
    wait_until(lambda: all_ready_exactly_once(cluster_database_uri, 4), 60, "one stored PDF per invoice")
    metrics = httpx.get(f"http://127.0.0.1:{drained.metrics_port}/metrics", timeout=10)
    assert metrics.status_code == 200
    assert re.search(r'^invoice_jobs_finished_total\{outcome="ready"\} [1-9]', metrics.text, re.MULTILINE)
    assert re.search(r"^invoice_render_retries_total [1-9]", metrics.text, re.MULTILINE)  # it took the job over

    with frozen(pdf_worker_pids(drained.pid)):  # the next job is mid-render when SIGTERM arrives
        fill_invoice(bob, "Bob drained client", LINES)
        last = generate(bob, "Bob drained client")
        wait_until(lambda: any(job["holder"] == drained.instance for job in jobs_in(cluster_database_uri)), 60,
                   "the drained worker held a job")
        assert drained.stop(signal.SIGTERM, timeout_s=15) == 0
    assert not wait_until_group_is_gone(drained.pid, timeout_s=15)
    assert "render worker stopped" in drained.output()
    handed_back = jobs_in(cluster_database_uri)
    assert [(job["state"], job["holder"], job["attempts"]) for job in handed_back] == [("queued", "", 0)]
    expect_status(bob, last, "Processing…")
    expect_status(bob, last, "Queued, position 1")  # honest: no worker is left, it is next in line

    replacement = WorkerProcess(folder=tmp_path, name="three", MONGODB_URI=cluster_database_uri, REDIS_URL=redis_url,
                                SECRET_KEY=CLUSTER_SECRET, **FAST).start()
    try:
        expect_status(bob, last, "Ready")
        wait_until(lambda: all_ready_exactly_once(cluster_database_uri, 5), 60, "one stored PDF per invoice")
    finally:
        replacement.stop()
