"""One real `python app.py` server and one Debian Chromium for the whole browser session.

Every test makes its own users (unique e-mail addresses), so the tests share the server without sharing state.
A module that needs other settings overrides the `server` fixture with a server of its own (see `served`).
"""

import os
from collections.abc import Generator, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.support import video_encoder
from tests.support.browser import Artifacts, NewContext, sign_up, unique_email
from tests.support.servers import REPO_ROOT, ServerProcess, served, tail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PLAYWRIGHT_FOLDER = REPO_ROOT / "tests" / "artifacts" / "playwright"  # holds no browser: only the video encoder
TIMEOUT_MS = 30_000  # a loaded two-core CI machine renders PDFs and starts pages slowly
CONTEXTS = pytest.StashKey[list[BrowserContext]]()

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with served(tmp_path_factory.mktemp("e2e-server") / "data") as server:
        yield server


@pytest.fixture
def server(shared_server: ServerProcess) -> ServerProcess:
    """The server the browser talks to."""
    return shared_server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: Playwright's sync API keeps an event loop running until it stops, and any asyncio test that
    ran while it was still open would fail. Videos are encoded by tests/support/video_encoder.py."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("PLAYWRIGHT_BROWSERS_PATH", str(video_encoder.install(PLAYWRIGHT_FOLDER)))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()


@pytest.fixture
def new_context(browser: Browser, server: ServerProcess, request: pytest.FixtureRequest) -> Iterator[NewContext]:
    """Makes independent browser profiles (own cookies), all closed after the test."""
    contexts: list[BrowserContext] = []

    def make(*, width: int = 1280, height: int = 900, video: Path | None = None) -> BrowserContext:
        screen: ViewportSize = {"width": width, "height": height}
        context = browser.new_context(base_url=server.url, viewport=screen, accept_downloads=True, locale="en-GB",
                                      record_video_dir=video, record_video_size=screen if video else None)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    request.node.stash[CONTEXTS] = contexts
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def alice_email() -> str:
    return unique_email("alice")


@pytest.fixture
def alice(new_context: NewContext, alice_email: str, artifacts: Artifacts) -> Page:
    """A tab of a freshly signed-up user, on the dashboard (the sign-up page is photographed on the way)."""
    page = new_context().new_page()
    sign_up(page, alice_email, artifacts=artifacts)
    return page


@pytest.fixture
def bob(new_context: NewContext) -> Page:
    """Another freshly signed-up user, in a browser profile of his own."""
    page = new_context().new_page()
    sign_up(page, unique_email("bob"))
    return page


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Artifacts:
    """tests/artifacts/e2e/<test>/; with UPDATE_SCREENSHOTS=1 the chosen screenshots also refresh docs/screenshots/."""
    update_docs = os.environ.get("UPDATE_SCREENSHOTS") == "1"
    return Artifacts(directory=REPO_ROOT / "tests" / "artifacts" / "e2e" / request.node.name,
                     docs=REPO_ROOT / "docs" / "screenshots" if update_docs else None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed browser test shows what the servers said, and leaves a picture of every tab it had open."""
    report = yield
    if report.failed:
        servers = {id(value): value for value in getattr(item, "funcargs", {}).values()
                   if isinstance(value, ServerProcess)}
        for server in servers.values():
            report.sections.append((f"output of the server at {server.url} (last 200 lines)", tail(server.output())))
        if report.when == "call":
            _photograph_open_tabs(item)
    return report


def _photograph_open_tabs(item: pytest.Item) -> None:
    directory = REPO_ROOT / "tests" / "artifacts" / "e2e" / item.name
    directory.mkdir(parents=True, exist_ok=True)
    pages = [page for context in item.stash.get(CONTEXTS, []) for page in context.pages]
    for index, page in enumerate(pages, start=1):
        with suppress(PlaywrightError):
            page.screenshot(path=directory / f"failure-tab-{index}.png", full_page=True)
