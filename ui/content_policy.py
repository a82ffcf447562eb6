"""The Content-Security-Policy of every response, with a fresh nonce on every inline script of a page.

NiceGUI's pages carry inline scripts (the import map, the app start-up with the page's elements), so the policy
allows inline scripts only with the response's nonce, which this module writes into each `<script` tag of an
HTML response. Vue compiles NiceGUI's component templates in the browser, and NiceGUI runs JavaScript sent over
the socket, both with `new Function`: hence 'unsafe-eval'. Quasar sets styles at run time: hence
style 'unsafe-inline'. Nothing may load from, connect to or be framed by another origin.
"""

import secrets
from collections.abc import Callable

from starlette.responses import Response

HSTS = "max-age=63072000; includeSubDomains"  # two years; only sent when HTTPS=true


def policy(nonce: str) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


NOT_A_PAGE = "default-src 'none'; frame-ancestors 'none'"  # PDFs, JSON, text: nothing runs, loads or frames


def policy_for(response: Response, nonce: str) -> str:
    return policy(nonce) if is_html(response) else NOT_A_PAGE


def is_html(response: Response) -> bool:
    return response.headers.get("content-type", "").startswith("text/html")


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


async def with_script_nonces(response: Response, nonce: str, also: Callable[[bytes], bytes]) -> Response:
    """An HTML response whose every `<script` carries the nonce (and `also` applied); any other as it is."""
    if not is_html(response):
        return response
    body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
    body = also(body).replace(b"<script", f'<script nonce="{nonce}"'.encode())
    rewritten = Response(content=body, status_code=response.status_code)
    rewritten.raw_headers = [*((key, value) for key, value in response.raw_headers if key != b"content-length"),
                             (b"content-length", str(len(body)).encode())]
    return rewritten
