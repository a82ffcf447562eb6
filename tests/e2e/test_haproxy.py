"""The deployment's own proxy, run for real without Docker: Debian's haproxy with a configuration rendered from
deploy/haproxy.cfg.template (only the addresses differ), two web replicas (PDF_WORKERS=0), two render workers."""

import re
import runpy
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, expect
from pymongo import MongoClient

from tests.e2e.conftest import TIMEOUT_MS
from tests.support.browser import (
    Artifacts,
    download_pdf,
    expect_dashboard,
    expect_status,
    fill_invoice,
    generate,
    unique_email,
)
from tests.support.browser import sign_up as sign_up_in
from tests.support.mongo import with_database
from tests.support.net import free_port
from tests.support.servers import REPO_ROOT, ServerProcess, served
from tests.support.workers import WorkerProcess

LINES = [("Proxy work", "2", "30")]
COOKIE = "INVOICE_REPLICA"


@pytest.fixture(scope="module")
def database_uri(mongo_server_uri: str) -> Iterator[str]:
    uri = with_database(mongo_server_uri, f"e2e_proxy_{secrets.token_hex(4)}")
    yield uri
    with MongoClient(uri) as client:
        client.drop_database(client.get_default_database().name)


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory, database_uri: str,
             redis_url: str) -> Iterator[dict[str, ServerProcess]]:
    shared = {"MONGODB_URI": database_uri, "REDIS_URL": redis_url, "PDF_WORKERS": "0"}
    folder = tmp_path_factory.mktemp("proxy-replicas")
    with served(folder / "app1", **shared) as app1, served(folder / "app2", **shared) as app2:
        yield {"app1": app1, "app2": app2}


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory, database_uri: str, redis_url: str) -> Iterator[None]:
    folder = tmp_path_factory.mktemp("proxy-workers")
    started = [WorkerProcess(folder=folder, name=name, MONGODB_URI=database_uri, REDIS_URL=redis_url,
                             SECRET_KEY=secrets.token_urlsafe(48), PDF_WORKERS="1").start() for name in ("w1", "w2")]
    yield
    for worker in started:
        worker.stop()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory, replicas: dict[str, ServerProcess], workers: None) -> Iterator[str]:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.skip("the proxy test needs Debian's haproxy (scripts/setup test installs it)")
    port = free_port()
    generator: dict[str, Any] = runpy.run_path(str(REPO_ROOT / "scripts" / "haproxy-config"), run_name="config")
    config = tmp_path_factory.mktemp("haproxy") / "haproxy.cfg"
    config.write_text(generator["render"]([f"{name}={server.url.removeprefix('http://')}"
                                           for name, server in replicas.items()],
                                          bind=f"127.0.0.1:{port}", check_interval="500ms"))
    log = config.with_suffix(".log")
    with log.open("wb") as output, subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=output,
                                                    stderr=subprocess.STDOUT) as process:
        url = f"http://127.0.0.1:{port}"
        _wait_until_both_replicas_are_up(url, process, log)
        try:
            yield url
        finally:
            process.terminate()
            process.wait(10)


@pytest.fixture
def contexts() -> Iterator[Callable[[BrowserContext], BrowserContext]]:
    """Keeps the test's browser contexts, and closes them afterwards."""
    opened: list[BrowserContext] = []

    def keep(context: BrowserContext) -> BrowserContext:
        opened.append(context)
        return context

    yield keep
    for context in opened:
        context.close()


@pytest.mark.browser
def test_through_haproxy_a_browser_whose_replica_dies_lands_on_the_other_with_nothing_lost(
        browser: Browser, proxy: str, replicas: dict[str, ServerProcess], artifacts: Artifacts,
        contexts: Callable[[BrowserContext], BrowserContext]) -> None:
    first = contexts(_context(browser, proxy))
    alice = first.new_page()
    sign_up_in(alice, unique_email("alice"))
    fill_invoice(alice, "Proxied Ltd", LINES)
    number = generate(alice, "Proxied Ltd")
    expect_status(alice, number, "Ready")
    filename, pdf = download_pdf(alice, number, artifacts)
    assert filename == f"invoice-{number}.pdf" and pdf.startswith(b"%PDF")
    serving = _replica_of(first)
    assert httpx.get(f"{proxy}/metrics").status_code == 404  # never public, though the replica serves it locally
    assert httpx.get(f"{replicas[serving].url}/metrics").status_code == 200

    other = next(name for name in replicas if name != serving)
    second = contexts(_context(browser, proxy, replica=other))
    bob = second.new_page()
    sign_up_in(bob, unique_email("bob"))
    assert _replica_of(second) == other
    fill_invoice(bob, "Other Replica Ltd", LINES)
    expect_status(bob, generate(bob, "Other Replica Ltd"), "Ready")

    replicas[serving].stop(signal.SIGKILL)
    _wait_for_replica(first, other)  # the tab reconnects by itself; the proxy sends it to the live replica
    expect_dashboard(alice)
    expect_status(alice, number, "Ready")  # nothing lost: her invoice and her session live in the database
    fill_invoice(alice, "After Failover Ltd", LINES)
    expect_status(alice, generate(alice, "After Failover Ltd"), "Ready")
    expect(alice.locator("[data-invoice]")).to_have_count(2)


def _context(browser: Browser, proxy: str, *, replica: str | None = None) -> BrowserContext:
    context = browser.new_context(base_url=proxy, accept_downloads=True, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    if replica is not None:  # a browser the proxy already sent to that replica
        context.add_cookies([{"name": COOKIE, "value": replica, "url": proxy}])
    return context


def _wait_for_replica(context: BrowserContext, replica: str) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while _replica_of(context) != replica and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _replica_of(context) == replica


def _replica_of(context: BrowserContext) -> str:
    values = [cookie["value"] for cookie in context.cookies() if cookie["name"] == COOKIE]
    assert values, "the proxy set no sticky-session cookie"
    return values[0]


def _wait_until_both_replicas_are_up(url: str, process: "subprocess.Popen[bytes]", log: Path) -> None:
    deadline = time.monotonic() + 30
    seen: set[str] = set()
    while time.monotonic() < deadline and len(seen) < 2:
        if process.poll() is not None:
            raise RuntimeError(f"haproxy exited:\n{log.read_text(errors='replace')}")
        try:
            response = httpx.get(f"{url}/healthz", timeout=2)
            cookie = re.search(rf"{COOKIE}=(\w+)", response.headers.get("set-cookie", ""))
            if response.status_code == 200 and cookie:
                seen.add(cookie.group(1))
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    assert len(seen) == 2, f"the proxy did not reach both replicas: {seen}"

