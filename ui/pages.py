"""Registers every page and HTTP route of the app, and the guard in front of them."""

from nicegui import app, core, ui
from pymongo.errors import PyMongoError

from services.container import PageServices
from ui.auth.pages import register_auth_pages
from ui.auth.routes import register_auth_routes
from ui.body_limit import BodyLimit
from ui.clients.page import register_clients_page
from ui.closed_sockets import free_closed_sockets
from ui.closed_tabs import free_closed_tabs
from ui.dashboard.page import register_dashboard
from ui.download_route import register_download_route
from ui.export_route import register_export_route
from ui.health_route import register_health_route
from ui.http_guard import HttpGuard
from ui.idle_outboxes import let_idle_outboxes_sleep
from ui.invoices.page import register_invoice_page
from ui.metrics_route import register_metrics_route
from ui.period_route import register_period_route
from ui.settings.logo_route import register_logo_route
from ui.settings.page import register_settings_page
from ui.socket_guard import install_socket_guard
from ui.theme import heading, install_theme
from ui.version_alias import VersionAlias
from ui.xrechnung_route import register_xrechnung_route

SOCKET_MESSAGE_LIMIT_BYTES = 256 * 1024


def register_pages(services: PageServices) -> None:
    secure_cookies = services.secure_cookies
    core.sio.eio.max_http_buffer_size = SOCKET_MESSAGE_LIMIT_BYTES
    install_socket_guard(sessions=services.sessions, browser_ids=services.browser_ids,
                         allowed_origins=services.allowed_origins)
    install_theme()
    free_closed_tabs()
    free_closed_sockets()
    let_idle_outboxes_sleep()
    app.on_page_exception(_friendly_error_page)
    app.add_middleware(BodyLimit)  # inside the guard, which adds the security headers to its 413
    app.add_middleware(HttpGuard, sessions=services.sessions, browser_ids=services.browser_ids,
                       version_alias=VersionAlias(services.secret_key), secure_cookies=secure_cookies)
    register_auth_routes(sessions=services.sessions, secure_cookies=secure_cookies)
    register_health_route(services.health)
    register_metrics_route(services.metrics, services.metrics_networks)
    register_download_route(invoices=services.invoices)
    register_export_route(book=services.book)
    register_xrechnung_route(book=services.book)
    register_period_route(records=services.records)
    register_auth_pages(accounts=services.accounts, sessions=services.sessions)
    register_dashboard(services)
    register_invoice_page(services)
    register_clients_page(services)
    register_settings_page(services)
    register_logo_route(sellers=services.sellers)


def _friendly_error_page(error: Exception) -> None:
    """What a visitor sees instead of a stack trace; the details go to the log only."""
    with ui.column().classes("w-full items-center mt-24 gap-2"):
        if isinstance(error, PyMongoError):
            heading("The service is temporarily unavailable (its database cannot be reached).", classes="text-h6")
        else:
            heading("Something went wrong on our side.", classes="text-h6")
        ui.label("Nothing you saved is lost. Reload the page in a moment.")
        ui.link("Back to your invoices", "/")
