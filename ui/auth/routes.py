"""Finishing a login over plain HTTP: the only place a session cookie is set."""

from nicegui import app
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from services.accounts.sessions import COOKIE_NAME, Sessions
from ui.auth.redirects import safe_local_path
from ui.http_guard import browser_id_of


def register_auth_routes(*, sessions: Sessions, secure_cookies: bool) -> None:
    @app.get("/auth/finish", include_in_schema=False)
    async def finish_login(request: Request, ticket: str = "", redirect_to: str = "/") -> Response:
        user_id = await sessions.redeem_login_ticket(ticket, browser_id=browser_id_of(request))
        if user_id is None:
            return RedirectResponse("/login?expired=1", status_code=303)
        session = await sessions.open(user_id=user_id)
        response = RedirectResponse(safe_local_path(redirect_to), status_code=303)
        response.set_cookie(COOKIE_NAME, session.token, max_age=session.max_age_s, httponly=True,
                            samesite="lax", secure=secure_cookies, path="/")
        return response
