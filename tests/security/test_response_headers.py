"""Finding 6: no framework or version banners; HSTS and a strict Content-Security-Policy when HTTPS=true.

(tests/e2e/test_content_policy.py proves in Chromium that the policy breaks nothing and blocks injected scripts.)
"""

import re
import secrets
from collections.abc import Iterator

import httpx
import pytest

from tests.support.servers import ServerProcess


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory, mongo_server_uri: str) -> Iterator[ServerProcess]:
    from tests.support.mongo import with_database

    server = ServerProcess(data_dir=tmp_path_factory.mktemp("headers") / "data", HTTPS="true",
                           MONGODB_URI=with_database(mongo_server_uri, "response_headers"),
                           SECRET_KEY=secrets.token_urlsafe(48)).start()
    yield server
    server.stop()


def test_no_response_names_the_server_or_the_framework_version(https_server: ServerProcess) -> None:
    import nicegui

    for path in ("/login", "/healthz", "/no-such-page"):
        response = httpx.get(https_server.url + path)
        assert "server" not in response.headers, path
        assert "x-powered-by" not in response.headers, path
        assert nicegui.__version__ not in response.text, path


def test_under_https_pages_send_hsts_and_a_strict_policy_with_a_nonce_on_every_script(
        https_server: ServerProcess) -> None:
    response = httpx.get(https_server.url + "/login")
    assert response.headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    nonce = re.fullmatch(r"'self' 'nonce-([\w-]+)' 'unsafe-eval'", policy["script-src"])
    assert nonce, policy
    assert policy["default-src"] == policy["connect-src"] == policy["form-action"] == "'self'"
    assert policy["img-src"] == "'self' data:" and policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["frame-ancestors"] == policy["object-src"] == policy["base-uri"] == "'none'"
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts and all(f'nonce="{nonce.group(1)}"' in tag for tag in scripts)
    assert httpx.get(https_server.url + "/login").headers["content-security-policy"] != policy  # fresh each time
