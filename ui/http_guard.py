"""HTTP middleware: who is signed in, who may see what, and the security headers on every response."""

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from pymongo.errors import PyMongoError
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp

from services.accounts.browser_ids import BrowserIds
from services.accounts.sessions import COOKIE_NAME, Sessions
from ui.content_policy import HSTS, new_nonce, policy_for, with_script_nonces
from ui.stylesheet import STYLESHEET_PATH
from ui.version_alias import VersionAlias

BROWSER_COOKIE = "invoice_browser"
PUBLIC_PATHS = frozenset({"/login", "/signup", "/healthz", "/metrics", "/auth/finish", "/favicon.ico",
                          STYLESHEET_PATH})
PUBLIC_PREFIXES = ("/_nicegui/",)
GUEST_ONLY_PATHS = frozenset({"/login", "/signup"})
UNAVAILABLE_PAGE = (
    "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=5><title>Temporarily unavailable</title>"
    "<p style='font-family:sans-serif;margin:4rem'>The service is temporarily unavailable (its database cannot be "
    "reached). This page tries again every 5 seconds; nothing you saved is lost.</p>"
)
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class HttpGuard(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, *, sessions: Sessions, browser_ids: BrowserIds, version_alias: VersionAlias,
                 secure_cookies: bool) -> None:
        super().__init__(app)
        self._sessions = sessions
        self._browser_ids = browser_ids
        self._version_alias = version_alias
        self._secure = secure_cookies

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        self._version_alias.route(request.scope)
        cookie = request.cookies.get(BROWSER_COOKIE)
        known_browser = cookie if self._browser_ids.is_genuine(cookie) else None  # a planted value is replaced
        request.state.browser_id = known_browser or self._browser_ids.issue()
        nonce = new_nonce()
        response = await with_script_nonces(await self._route(request, call_next), nonce, self._version_alias.hide)
        response.headers.update(SECURITY_HEADERS)
        response.headers["Content-Security-Policy"] = policy_for(response, nonce)
        if self._secure:
            response.headers["Strict-Transport-Security"] = HSTS
        if not known_browser:
            response.set_cookie(BROWSER_COOKIE, request.state.browser_id, httponly=True, samesite="lax",
                                secure=self._secure, path="/")
        return response

    async def _route(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        if path.startswith(PUBLIC_PREFIXES):
            return await call_next(request)
        token = request.cookies.get(COOKIE_NAME)
        try:
            user = await self._sessions.resolve(token)
        except PyMongoError:
            if path in ("/healthz", "/metrics"):
                return await call_next(request)
            return HTMLResponse(UNAVAILABLE_PAGE, status_code=503, headers={"Retry-After": "5"})
        request.state.user = user
        if path in GUEST_ONLY_PATHS and user is not None:
            return RedirectResponse("/", status_code=303)
        if path in PUBLIC_PATHS or user is not None:
            response = await call_next(request)
        elif request.method in ("GET", "HEAD"):
            response = RedirectResponse(f"/login?redirect_to={quote(_path_with_query(request), safe='')}",
                                        status_code=303)
        else:
            response = JSONResponse({"detail": "Log in first."}, status_code=401)
        if token and user is None:
            response.delete_cookie(COOKIE_NAME, path="/")
        return response


def browser_id_of(request: Request) -> str:
    """The signed id the guard gives each browser, binding a login ticket (and a page) to the browser that asked."""
    return str(getattr(request.state, "browser_id", ""))


def _path_with_query(request: Request) -> str:
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path
