"""The seller profile, kept in the user's document under `seller` (accounts made before it hold name and address)."""

from pymongo import ReturnDocument

from services.accounts.seller_model import SellerProfile
from services.invoices.model import BankAccount, Party
from storage.database import Database
from storage.documents import Document, parse_object_id

PARTY_FIELDS = ("name", "address", "street", "postcode", "city", "country", "vat_id", "tax_number", "registration",
                "email", "phone", "website")
EDITABLE_PARTY_FIELDS = tuple(field for field in PARTY_FIELDS if field != "address")  # the old free text stays


async def find_profile(db: Database, *, user_id: str) -> SellerProfile | None:
    """None when there is no such user."""
    object_id = parse_object_id(user_id)
    document = await db.users.find_one({"_id": object_id}, {"seller": 1}) if object_id else None
    return profile_from_document(document.get("seller") or {}) if document is not None else None


async def save_profile(db: Database, *, user_id: str, profile: SellerProfile) -> SellerProfile | None:
    """Saves everything the settings form edits (not the logo, not the old free-text address); returns the result."""
    changes: Document = {f"seller.{field}": getattr(profile.party, field) for field in EDITABLE_PARTY_FIELDS}
    changes |= {"seller.bank": {"iban": profile.bank.iban, "bic": profile.bank.bic,
                                "bank_name": profile.bank.bank_name},
                "seller.payment_terms_days": profile.payment_terms_days,
                "seller.default_vat_rate_thousandths": profile.default_vat_rate_thousandths,
                "seller.number_prefix": profile.number_prefix, "seller.language": profile.language,
                "seller.footer": profile.footer}
    return await _updated(db, user_id, {"$set": changes})


async def replace_logo(db: Database, *, user_id: str, logo_id: str) -> str | None:
    """Sets the profile's logo ("" for none); returns the one it replaces ("" for none), None for no such user."""
    object_id = parse_object_id(user_id)
    if object_id is None:
        return None
    before = await db.users.find_one_and_update({"_id": object_id}, {"$set": {"seller.logo_id": logo_id}},
                                                {"seller": 1}, return_document=ReturnDocument.BEFORE)
    return str((before.get("seller") or {}).get("logo_id", "")) if before is not None else None


async def _updated(db: Database, user_id: str, update: Document) -> SellerProfile | None:
    object_id = parse_object_id(user_id)
    if object_id is None:
        return None
    after = await db.users.find_one_and_update({"_id": object_id}, update, {"seller": 1},
                                               return_document=ReturnDocument.AFTER)
    return profile_from_document(after.get("seller") or {}) if after is not None else None


def profile_from_document(seller: Document) -> SellerProfile:
    bank = seller.get("bank") or {}
    defaults = SellerProfile(party=Party(name=""))
    return SellerProfile(
        party=Party(**{field: str(seller.get(field, "")) for field in PARTY_FIELDS}),
        bank=BankAccount(iban=bank.get("iban", ""), bic=bank.get("bic", ""), bank_name=bank.get("bank_name", "")),
        payment_terms_days=int(seller.get("payment_terms_days", defaults.payment_terms_days)),
        default_vat_rate_thousandths=int(seller.get("default_vat_rate_thousandths",
                                                    defaults.default_vat_rate_thousandths)),
        number_prefix=str(seller.get("number_prefix", defaults.number_prefix)),
        language=seller.get("language", defaults.language),
        footer=str(seller.get("footer", "")),
        logo_id=str(seller.get("logo_id", "")),
    )
