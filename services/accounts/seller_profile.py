"""The seller profile at /settings: who issues the user's invoices, how they are paid, the defaults, and the logo."""

import asyncio

from services.accounts.logo_image import reencoded_logo
from services.accounts.seller_draft import SellerDraft
from services.accounts.seller_model import SellerProfile
from services.accounts.seller_validation import validate_seller
from services.invoices.model import Party
from storage import logos, seller_profiles
from storage.database import Database

NO_PROFILE = SellerProfile(party=Party(name=""))


class SellerProfiles:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def profile_of(self, user_id: str) -> SellerProfile:
        """The saved profile; an empty one (nothing to issue with) when the user is unknown."""
        return await seller_profiles.find_profile(self._db, user_id=user_id) or NO_PROFILE

    async def update(self, user_id: str, draft: SellerDraft) -> SellerProfile:
        """Raises InvalidInput (keys: the SellerDraft field names) having saved nothing."""
        profile = validate_seller(draft, saved=await self.profile_of(user_id))
        return await seller_profiles.save_profile(self._db, user_id=user_id, profile=profile) or NO_PROFILE

    async def set_logo(self, user_id: str, upload: bytes) -> SellerProfile:
        """Raises LogoRefused (with the reason) having saved nothing; else the logo is stored, re-encoded."""
        png = await asyncio.to_thread(reencoded_logo, upload)
        logo_id = await logos.store_logo(self._db, owner_id=user_id, png=png)
        await self._replace_logo(user_id, logo_id)
        return await self.profile_of(user_id)

    async def remove_logo(self, user_id: str) -> SellerProfile:
        await self._replace_logo(user_id, "")
        return await self.profile_of(user_id)

    async def logo_png(self, *, owner_id: str, logo_id: str) -> bytes | None:
        """The owner's stored logo (a PNG Pillow wrote); None for none, another owner's, or a deleted one."""
        return await logos.read_logo(self._db, owner_id=owner_id, logo_id=logo_id) if logo_id else None

    async def _replace_logo(self, user_id: str, logo_id: str) -> None:
        previous = await seller_profiles.replace_logo(self._db, user_id=user_id, logo_id=logo_id)
        if previous:
            await logos.delete_unless_on_an_invoice(self._db, owner_id=user_id, logo_id=previous)
