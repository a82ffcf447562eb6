"""The signed-in user of one tab, captured when the page is built and re-checked before every action.

Handlers never read app.storage or the request: an element's handler can run with another client's request
context, so the identity is fixed here, once, and closed over.
"""

from dataclasses import dataclass, field
from typing import Literal

from nicegui import Client, context, ui

from services.accounts.sessions import Sessions, SignedInUser


@dataclass(frozen=True)
class PageSession:
    user: SignedInUser
    sessions: Sessions
    client: Client = field(default_factory=lambda: context.client)  # the tab, captured while the page is built

    @property
    def user_id(self) -> str:
        return self.user.user_id

    async def still_signed_in(self) -> bool:
        """False (and the tab is sent to the login page) once this browser has logged out or the session expired."""
        if await self.sessions.is_live(self.user.session_id):
            return True
        with self.client:
            ui.navigate.to("/login")
        return False

    def notify(self, message: str, kind: Literal["positive", "negative", "warning", "info"] = "info") -> None:
        """A notice in this tab, even when the element that started the action was re-rendered meanwhile."""
        with self.client:
            ui.notify(message, type=kind, position="top", group=kind)  # a newer notice replaces its kind
