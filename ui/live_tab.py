"""A tab's live updates, for as long as the session it was opened with lives (services/live/session_feed.py)."""

from nicegui import Client, ui

from services.accounts.sessions import SignedInUser
from services.container import PageServices
from services.live.bus import Listener
from ui.socket_guard import disconnect_soon

SESSION_CHECK_INTERVAL_S = 60.0


def follow_while_signed_in(services: PageServices, user: SignedInUser, client: Client, on_event: Listener) -> None:
    """Every push checks the session first; once it has ended the tab is sent to log in and disconnected."""

    async def on_session_end() -> None:
        with client:
            ui.navigate.to("/login")
        disconnect_soon(client)

    feed = services.live.follow(user, on_event, on_session_end)
    client.on_delete(feed.stop)
    with client:
        ui.timer(SESSION_CHECK_INTERVAL_S, feed.check)  # expiry, or a session deleted without an event
