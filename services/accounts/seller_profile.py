"""The seller block printed on a user's invoices, kept in their profile."""

from services.errors import InvalidInput, Problems
from services.invoices.model import Party
from services.invoices.validation import glyph_problem
from storage import users
from storage.database import Database

MAX_SELLER_NAME = 200
MAX_SELLER_ADDRESS = 500


class SellerProfiles:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def seller_of(self, user_id: str) -> Party:
        """The profile's seller, or the account email when the user has not filled it in yet."""
        user = await users.find_user(self._db, user_id=user_id)
        if user is None:
            return Party(name="")
        return Party(name=user.seller_name or user.email, address=user.seller_address)

    async def saved_seller(self, user_id: str) -> Party:
        user = await users.find_user(self._db, user_id=user_id)
        return Party(name=user.seller_name, address=user.seller_address) if user else Party(name="")

    async def update(self, user_id: str, *, name: str, address: str) -> Party:
        """Raises InvalidInput (keys seller_name, seller_address) having saved nothing."""
        address_lines = (line.strip() for line in address.strip().splitlines())
        seller = Party(name=" ".join(name.split()), address="\n".join(address_lines))
        problems = Problems()
        if len(seller.name) > MAX_SELLER_NAME:
            problems.add("seller_name", f"Your name can be at most {MAX_SELLER_NAME} characters.")
        if len(seller.address) > MAX_SELLER_ADDRESS:
            problems.add("seller_address", f"The address can be at most {MAX_SELLER_ADDRESS} characters.")
        problems.add("seller_name", glyph_problem(seller.name))
        problems.add("seller_address", glyph_problem(seller.address))
        if problems:
            raise InvalidInput(problems)
        await users.update_seller(self._db, user_id=user_id, name=seller.name, address=seller.address)
        return seller
