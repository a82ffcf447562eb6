"""The client block of an invoice: the postal address, VAT ID, buyer reference and language, checked as the client
book checks them."""

from typing import NamedTuple, cast

from services.clients.model import DEFAULT_LANGUAGE, LANGUAGES, ClientDraft
from services.clients.validation import validate_client
from services.errors import InvalidInput, Problems
from services.invoices.drafts import InvoiceDraft
from services.invoices.model import Language, Party

CLIENT_FIELDS = ("street", "postcode", "city", "country", "vat_id", "buyer_reference")  # each client_<name> in drafts


class CheckedClient(NamedTuple):
    party: Party
    language: Language | None  # None: the seller's
    buyer_reference: str


def client_party(problems: Problems, draft: InvoiceDraft, *, name: str, email: str) -> CheckedClient:
    """The client as printed (name and email checked by the caller), its language and its buyer reference."""
    typed = {field: getattr(draft, f"client_{field}") for field in CLIENT_FIELDS}
    language = draft.client_language.strip().lower()
    if language and language not in LANGUAGES:
        problems.add("client_language", "Choose a language from the list.")
    try:
        details = validate_client(ClientDraft(name=name or "-", language=DEFAULT_LANGUAGE, **typed),
                                  default_currency="EUR")
    except InvalidInput as refused:
        for field in CLIENT_FIELDS:
            problems.add(f"client_{field}", refused.problems.by_field.get(field))
        return CheckedClient(Party(name=name, email=email), None, "")
    party = Party(name=name, email=email, street=details.street, postcode=details.postcode, city=details.city,
                  country=details.country, vat_id=details.vat_id)
    return CheckedClient(party, cast(Language, language) if language in LANGUAGES else None, details.buyer_reference)
