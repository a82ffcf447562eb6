"""Finding 4: a tab whose session has ended receives none of the user's later invoices."""

from typing import Any

from nicegui import Client
from nicegui.testing import User

from services.accounts.sessions import session_id_of
from tests.support.app import app_services, generate, log_in, sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app


async def test_a_tab_whose_session_ended_is_sent_nothing_created_later(user: User, create_user) -> None:
    await sign_up(user, "alice@example.com")
    old_tab = User(user.http_client)
    await old_tab.open("/")
    await old_tab.should_see("Log out")
    sent_to_old_tab = _record_what_is_sent(old_tab)
    elsewhere = create_user()
    await log_in(elsewhere, "alice@example.com")
    # the first browser's session ends without its tabs being told (expiry; a tab that ignores the log-out)
    await app_services().sessions.close(session_id_of(user.http_client.cookies["invoice_session"]))

    await generate(elsewhere, "Secret Client Ltd", [("Confidential work", "1", "990")])
    await elsewhere.should_see("Secret Client Ltd")
    await elsewhere.should_see("Download", retries=200)  # the second push (Ready) has been delivered too
    await old_tab.should_see("Log in", retries=50)  # the first push found the session ended: the tab was sent away
    assert "Secret Client Ltd" not in " ".join(sent_to_old_tab)
    assert "INV-0001" not in " ".join(sent_to_old_tab)


def _record_what_is_sent(tab: User) -> list[str]:
    """Every message the tab's page sends its browser from now on, as text."""
    page: Client | None = tab.client
    assert page is not None
    sent: list[str] = []
    emit = page.outbox._emit

    async def recorded(message: Any) -> None:
        sent.append(str(message))
        await emit(message)

    page.outbox._emit = recorded  # type: ignore[method-assign]
    return sent
