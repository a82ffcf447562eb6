"""'Your details': the seller name and address printed on every invoice.

The card is laid out at once, closed and disabled, and filled in when the saved details arrive, so nothing
on the page moves under the user's pointer.
"""

from nicegui import ui
from pymongo.errors import PyMongoError

from services.accounts.seller_profile import SellerProfiles
from services.errors import InvalidInput
from ui.guarded import guarded
from ui.page_session import PageSession

TITLE = "Your details (printed on every invoice)"


class SellerCard:
    def __init__(self, page: PageSession, sellers: SellerProfiles) -> None:
        self._page = page
        self._sellers = sellers
        with ui.expansion(TITLE, icon="storefront", caption="Loading…").classes(
                "w-full bg-white rounded shadow-sm") as self.expansion:
            self.name = ui.input("Your name or business").props("outlined dense").classes("w-full")
            self.address = ui.textarea("Address").props("outlined dense autogrow").classes("w-full")
            self.save_button = ui.button("Save details", on_click=guarded(page, self.save)).props("flat dense")
        self._enable(False)

    async def load(self) -> None:
        try:
            saved = await self._sellers.saved_seller(self._page.user_id)
        except PyMongoError:
            self.expansion.props(
                'caption="Can\'t be loaded right now (database unreachable). Reload the page in a moment."')
            return
        self.name.value, self.address.value = saved.name, saved.address
        caption = saved.name if saved.name else "Not filled in yet: invoices show your email as the issuer"
        self.expansion.props(f"caption={caption!r}")
        self._enable(True)

    async def save(self) -> None:
        try:
            seller = await self._sellers.update(self._page.user_id, name=self.name.value or "",
                                                address=self.address.value or "")
        except InvalidInput as error:
            self.name.error = error.problems.by_field.get("seller_name")
            self.address.error = error.problems.by_field.get("seller_address")
            return
        self.name.error = self.address.error = None
        self.expansion.props(f"caption={seller.name or 'Not filled in yet'!r}")
        ui.notify("Saved. New invoices will show these details.", type="positive", position="top")

    def _enable(self, enabled: bool) -> None:
        for element in (self.name, self.address, self.save_button):
            element.set_enabled(enabled)
