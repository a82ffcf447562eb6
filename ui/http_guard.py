"""HTTP middleware: who is signed in, who may see what, and the security headers on every response."""

import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from pymongo.errors import PyMongoError
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp

from services.accounts.sessions import COOKIE_NAME, Sessions

BROWSER_COOKIE = "invoice_browser"
MAX_REQUEST_BYTES = 64 * 1024
PUBLIC_PATHS = frozenset({"/login", "/signup", "/healthz", "/metrics", "/auth/finish", "/favicon.ico"})
PUBLIC_PREFIXES = ("/_nicegui/",)
GUEST_ONLY_PATHS = frozenset({"/login", "/signup"})
UNAVAILABLE_PAGE = (
    "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=5><title>Temporarily unavailable</title>"
    "<p style='font-family:sans-serif;margin:4rem'>The service is temporarily unavailable (its database cannot be "
    "reached). This page tries again every 5 seconds; nothing you saved is lost.</p>"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class HttpGuard(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, *, sessions: Sessions, secure_cookies: bool) -> None:
        super().__init__(app)
        self._sessions = sessions
        self._secure = secure_cookies

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        known_browser = request.cookies.get(BROWSER_COOKIE)
        request.state.browser_id = known_browser or secrets.token_urlsafe(24)
        response = await self._route(request, call_next)
        response.headers.update(SECURITY_HEADERS)
        if not known_browser:
            response.set_cookie(BROWSER_COOKIE, request.state.browser_id, httponly=True, samesite="lax",
                                secure=self._secure, path="/")
        return response

    async def _route(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        if int(request.headers.get("content-length") or 0) > MAX_REQUEST_BYTES:
            return JSONResponse({"detail": "The request is too large."}, status_code=413)
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
    """A random id the guard gives each browser, used to bind a login ticket to the browser that asked for it."""
    return str(getattr(request.state, "browser_id", ""))


def _path_with_query(request: Request) -> str:
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path
