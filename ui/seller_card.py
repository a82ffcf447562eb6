"""'Your details': the seller name and address printed on every invoice."""

from nicegui import ui
from pymongo.errors import PyMongoError

from services.invoice_input import InvalidInvoice
from services.seller import SellerProfiles
from ui.guarded import guarded
from ui.page_session import PageSession


async def seller_card(page: PageSession, sellers: SellerProfiles) -> None:
    try:
        saved = await sellers.saved_seller(page.user_id)
    except PyMongoError:
        ui.label("Your details can't be loaded right now (database unreachable). Reload the page in a moment.") \
            .classes("text-warning")
        return
    with ui.expansion("Your details (printed on every invoice)", icon="storefront", value=not saved.name) \
            .classes("w-full bg-white rounded shadow-sm"):
        name = ui.input("Your name or business", value=saved.name).props("outlined dense").classes("w-full")
        address = ui.textarea("Address", value=saved.address).props("outlined dense autogrow").classes("w-full")

        async def save() -> None:
            try:
                await sellers.update(page.user_id, name=name.value or "", address=address.value or "")
            except InvalidInvoice as error:
                name.error = error.problems.by_field.get("seller_name")
                address.error = error.problems.by_field.get("seller_address")
                return
            name.error = address.error = None
            ui.notify("Saved. New invoices will show these details.", type="positive")

        ui.button("Save details", on_click=guarded(page, save)).props("flat dense")
