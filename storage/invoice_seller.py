"""The seller's part of a stored invoice header: the party, bank account, terms, footer and logo at issue time.

Invoices issued before the seller profile carry only `seller.name` and `seller.address`; every other field
reads as empty for them.
"""

from typing import Any

from services.invoices.model import BankAccount, InvoiceContent, Party
from storage.documents import Document
from storage.seller_profiles import PARTY_FIELDS


def seller_header(content: InvoiceContent) -> Document:
    bank = content.seller_bank
    return {
        "seller": {field: getattr(content.seller, field) for field in PARTY_FIELDS},
        "seller_bank": {"iban": bank.iban, "bic": bank.bic, "bank_name": bank.bank_name},
        "payment_terms_days": content.payment_terms_days,
        "footer": content.footer,
        "logo_id": content.logo_id,  # storage.logos keeps a logo an invoice names
    }


def seller_content(header: Document) -> dict[str, Any]:
    """InvoiceContent's seller fields from a header."""
    seller, bank = header["seller"], header.get("seller_bank") or {}
    terms = header.get("payment_terms_days")
    return {
        "seller": Party(**{field: str(seller.get(field, "")) for field in PARTY_FIELDS}),
        "seller_bank": BankAccount(iban=bank.get("iban", ""), bic=bank.get("bic", ""),
                                   bank_name=bank.get("bank_name", "")),
        "payment_terms_days": int(terms) if terms is not None else None,
        "footer": header.get("footer", ""),
        "logo_id": header.get("logo_id", ""),
    }
