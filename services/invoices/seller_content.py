"""What the seller's profile puts on an invoice when it is issued: a copy, so later edits change no invoice."""

from dataclasses import replace

from services.accounts.seller_model import SellerProfile
from services.invoices.model import InvoiceContent


def with_seller(content: InvoiceContent, profile: SellerProfile) -> InvoiceContent:
    """The payment terms printed are the invoice's own (issue to due date), which the profile's only default."""
    return replace(content, seller=profile.party, seller_bank=profile.bank, footer=profile.footer,
                   logo_id=profile.logo_id, payment_terms_days=(content.due_date - content.issue_date).days)
