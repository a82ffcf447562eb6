"""Plain HTTP routes: finishing a login (the only place a session cookie is set) and the health probe."""

from nicegui import app
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from services.accounts.sessions import COOKIE_NAME, Sessions
from storage.database import Database, ping
from ui.auth.redirects import safe_local_path
from ui.http_guard import browser_id_of


def register_auth_routes(*, sessions: Sessions, db: Database, secure_cookies: bool) -> None:
    @app.get("/auth/finish", include_in_schema=False)
    async def finish_login(request: Request, ticket: str = "", redirect_to: str = "/") -> Response:
        user_id = sessions.redeem_login_ticket(ticket, browser_id=browser_id_of(request))
        if user_id is None:
            return RedirectResponse("/login?expired=1", status_code=303)
        session = await sessions.open(user_id=user_id)
        response = RedirectResponse(safe_local_path(redirect_to), status_code=303)
        response.set_cookie(COOKIE_NAME, session.token, max_age=session.max_age_s, httponly=True,
                            samesite="lax", secure=secure_cookies, path="/")
        return response

    @app.get("/healthz", include_in_schema=False)
    async def health() -> Response:
        healthy = await ping(db, timeout_s=2.0)
        return JSONResponse({"database": "up" if healthy else "down"}, status_code=200 if healthy else 503)
