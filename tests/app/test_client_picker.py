"""The invoice editor's client picker, on a bare page holding the two fields it works with."""

from nicegui import ui
from nicegui.testing import User
from starlette.requests import Request

from services.clients.model import Client, ClientDraft
from tests.security.attack_helpers import new_browser, signed_in
from tests.support.app import app_services, sign_up
from ui.clients.picker import ClientPicker

picked: list[Client | None] = []


def register_picker_page() -> None:
    @ui.page("/test/client-picker")
    def picker_page(request: Request) -> None:
        owner_id = request.state.user.user_id  # captured once, as the real pages do
        name, email = ui.input("Client name"), ui.input("Client email")
        picker = ClientPicker(name, email, load=lambda text: app_services().clients.suggestions(owner_id, text),
                              on_pick=picked.append)
        ui.label().bind_text_from(picker, "client_id", backward=lambda value: f"chosen: {value or 'none'}")


async def add(user: User, name: str, **fields: str) -> Client:
    owner = await signed_in(user)
    return await app_services().clients.add(owner_id=owner.user_id, draft=ClientDraft(name=name, **fields))


async def test_typing_offers_the_user_s_own_clients_and_picking_one_fills_name_email_and_id(user: User) -> None:
    register_picker_page()
    picked.clear()
    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    await add(bob, "Globe Bob Ltd", email="bob@globe.example")
    await sign_up(user, "alice@example.com")
    globex = await add(user, "Globex Corporation", email="billing@globex.example", city="Berlin")
    await add(user, "Acme Global")
    archived = await add(user, "Global Archived")
    await app_services().clients.archive(owner_id=(await signed_in(user)).user_id, client_id=archived.id)

    await user.open("/test/client-picker")
    await user.should_see("chosen: none", retries=50)
    user.find("Client name").type("glob")
    await user.should_see("Globex Corporation", retries=50)
    await user.should_see("billing@globex.example · Berlin", retries=50)
    await user.should_see("Acme Global", retries=50)
    await user.should_not_see("Global Archived")
    await user.should_not_see("Globe Bob Ltd")
    user.find(kind=ui.button, content="Globex Corporation").click()
    await user.should_see(f"chosen: {globex.id}", retries=50)
    name, email = (next(iter(user.find(label).elements)) for label in ("Client name", "Client email"))
    assert (name.value, email.value) == ("Globex Corporation", "billing@globex.example")  # type: ignore[attr-defined]
    assert picked == [globex]

    user.find("Client name").type(" GmbH")  # a different name now: the chosen client is forgotten
    await user.should_see("chosen: none", retries=50)
    assert picked == [globex, None]
