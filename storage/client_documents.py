"""The typed client <-> its MongoDB document: the only place that knows a client's field names.

Beside the details, a client document keeps `name_key` (the normalised name: unique per owner, the sort key
and the autocomplete's prefix) and `search` (normalised name, email, city and VAT ID, matched by the list's
Search), both from services.search_text, so "muller" finds "Müller" and "αθηνα" finds "Αθήνα".
"""

from services.clients.model import Client, ClientDetails
from services.search_text import search_key
from storage.documents import Document

DETAIL_FIELDS = ("name", "email", "street", "postcode", "city", "country", "vat_id", "language", "currency",
                 "buyer_reference")


def details_document(details: ClientDetails) -> Document:
    searched = (details.name, details.email, details.city, details.vat_id)
    return {
        **{field: getattr(details, field) for field in DETAIL_FIELDS},
        "name_key": search_key(details.name),
        "search": search_key(" ".join(part for part in searched if part)),
    }


def client_from_document(document: Document) -> Client:
    details = ClientDetails(**{field: str(document.get(field, "")) for field in DETAIL_FIELDS})
    return Client(id=str(document["_id"]), details=details, archived=bool(document.get("archived", False)),
                  version=int(document.get("version", 1)))
