"""Finding 6: what a socket can make the server hold while an invoice is being edited is capped as at Generate."""

from nicegui import ui
from nicegui.testing import User

from services.invoices.validation import MAX_CLIENT_NAME, MAX_LINES, MAX_NOTES
from tests.support.app import sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app


async def test_line_items_stop_at_the_cap_with_a_message(user: User) -> None:
    await sign_up(user, "lines@example.com")
    add = user.find("Add line item")
    for _ in range(MAX_LINES + 5):
        add.click()
    assert len(user.find("Description").elements) == MAX_LINES
    await user.should_see(f"at most {MAX_LINES} line items")


async def test_text_longer_than_allowed_is_cut_on_the_server_with_a_message(user: User) -> None:
    await sign_up(user, "text@example.com")
    user.find("Client name").type("x" * 100_000)
    user.find("Notes").type("y" * 100_000)
    name = _only(user, "Client name")
    notes = _only(user, "Notes")
    assert len(name.value) == MAX_CLIENT_NAME and len(notes.value) == MAX_NOTES
    assert name.error == f"At most {MAX_CLIENT_NAME} characters."


def _only(user: User, label: str) -> ui.input:
    (element,) = user.find(label).elements
    assert isinstance(element, ui.input)
    return element
