"""Finding 4: a tab whose session has ended receives none of the user's later invoices."""

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
    elsewhere = create_user()
    await log_in(elsewhere, "alice@example.com")
    # the first browser's session ends without its tabs being told (expiry; a tab that ignores the log-out)
    await app_services().sessions.close(session_id_of(user.http_client.cookies["invoice_session"]))

    await generate(elsewhere, "Secret Client Ltd", [("Confidential work", "1", "990")])
    await elsewhere.should_see("Secret Client Ltd")
    await elsewhere.should_see("Download", retries=200)  # the second push (Ready) has been delivered too
    assert "Secret Client Ltd" not in _everything_shown(old_tab)
    assert "INV-0001" not in _everything_shown(old_tab)


def _everything_shown(tab: User) -> str:
    assert tab.client is not None
    return " ".join(str(element._text) + str(element.props) for element in tab.client.elements.values())
