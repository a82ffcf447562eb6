"""Registers every page and HTTP route of the app, and the guard in front of them."""

from nicegui import app

from services.container import Services
from ui.auth_pages import register_auth_pages
from ui.auth_routes import register_auth_routes
from ui.dashboard_page import register_dashboard
from ui.download_route import register_download_route
from ui.http_guard import HttpGuard


def register_pages(services: Services) -> None:
    secure_cookies = services.settings.https
    app.add_middleware(HttpGuard, sessions=services.sessions, secure_cookies=secure_cookies)
    register_auth_routes(sessions=services.sessions, db=services.db, secure_cookies=secure_cookies)
    register_download_route(invoices=services.invoices)
    register_auth_pages(accounts=services.accounts, sessions=services.sessions)
    register_dashboard(services)
