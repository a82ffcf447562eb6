"""A seller who can issue EN 16931 invoices: a German seller needs a VAT ID (BR-CO-26) besides the onboarding."""

from nicegui.testing import User

from tests.support.app import settings_loaded, sign_up

VAT_ID = "DE136695976"


async def sign_up_issuer(user: User, email: str) -> None:
    """Signs up, then adds the VAT ID on /settings as the seller would, and comes back to the list."""
    await sign_up(user, email)
    await user.open("/settings")
    await settings_loaded(user)
    user.find("VAT ID").clear().type(VAT_ID)
    user.find("Save").click()
    await user.should_see("Saved. New invoices will show these details.", retries=50)
    await user.open("/")
    await user.should_see("Generate PDF", retries=50)
