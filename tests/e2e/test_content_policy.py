"""HTTPS=true in a real Chromium: HSTS and the strict Content-Security-Policy, and nothing of the app breaks.

The server runs with HTTPS=true behind no TLS (as behind a TLS-terminating proxy); Chromium treats localhost
as a secure origin, so the Secure cookies work over http://localhost.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, expect

from tests.support.browser import (
    Artifacts,
    NewContext,
    download_pdf,
    expect_status,
    fill_invoice,
    generate,
    log_out,
    sign_up,
    unique_email,
)
from tests.support.servers import ServerProcess, served

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    (event) => window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with served(tmp_path_factory.mktemp("https-server") / "data", HTTPS="true") as https_server:
        https_server.url = https_server.url.replace("127.0.0.1", "localhost")
        yield https_server


@pytest.mark.browser
def test_under_https_the_strict_policy_holds_and_the_whole_flow_works(
        new_context: NewContext, server: ServerProcess, tmp_path: Path) -> None:
    context = new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(_text(message)))
    first = page.goto("/signup")
    assert first is not None
    headers = first.headers
    assert headers["strict-transport-security"].startswith("max-age=")
    policy = headers["content-security-policy"]
    for directive in ("default-src 'self'", "connect-src 'self'", "img-src 'self'", "style-src 'self'",
                      "frame-ancestors 'none'", "object-src 'none'"):
        assert directive in policy
    assert "script-src 'self' 'nonce-" in policy and "*" not in policy and "http" not in policy
    assert "server" not in headers

    sign_up(page, unique_email("csp"))  # the socket connected: sign-up happens over it
    fill_invoice(page, "Policy GmbH", [("Audit", "1", "100")])
    number = generate(page, "Policy GmbH")
    expect_status(page, number, "Ready")  # live push over the socket
    _, pdf = download_pdf(page, number, Artifacts(directory=tmp_path))
    assert pdf.startswith(b"%PDF")
    assert page.evaluate("window.__cspViolations") == []
    assert not [line for line in console if "Content Security Policy" in line]

    injected = page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.appendChild(s); return window.__injected; }""")
    assert injected is None  # a script without the page's nonce does not run
    violations = page.evaluate("window.__cspViolations")
    assert len(violations) == 1 and violations[0].startswith("script-src"), violations
    log_out(page)
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def _text(message: ConsoleMessage) -> str:
    return f"{message.type}: {message.text}"
