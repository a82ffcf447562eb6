"""A client, declared once: who the user invoices, where, and in which language and currency."""

from dataclasses import dataclass
from functools import cache

from babel import Locale

from services.search_text import search_key

LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "fr": "Français"}
DEFAULT_LANGUAGE = "en"
# In babel's territory list but not ISO 3166-1 countries: regions, groupings, pseudo and reserved codes.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"})


@dataclass(frozen=True)
class ClientDetails:
    """What the user says about a client, checked: everything but the name may be empty."""

    name: str
    email: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, or ""
    vat_id: str = ""  # compact, e.g. DE136695976, or ""
    language: str = DEFAULT_LANGUAGE  # a key of LANGUAGES
    currency: str = ""  # ISO 4217
    buyer_reference: str = ""  # BT-10, e.g. a German public buyer's Leitweg-ID, or ""

    def postal_address(self) -> str:
        """The address as printed: street, then postcode and city, then the country's English name."""
        town = " ".join(part for part in (self.postcode, self.city) if part)
        country = countries().get(self.country, "")
        return "\n".join(line for line in (self.street, town, country) if line)


@dataclass(frozen=True)
class Client:
    """A stored client: its details, whether it is archived, and its version for optimistic concurrency."""

    id: str
    details: ClientDetails
    archived: bool
    version: int

    @property
    def name(self) -> str:
        return self.details.name

    @property
    def email(self) -> str:
        return self.details.email


@dataclass(frozen=True)
class ClientDraft:
    """What the browser sends for a client: raw text, untrusted, checked by services.clients.validation."""

    name: str = ""
    email: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    vat_id: str = ""
    language: str = DEFAULT_LANGUAGE
    currency: str = ""
    buyer_reference: str = ""


@dataclass(frozen=True)
class ClientPage:
    """One page of a client list, sorted by name; `next_after` continues it ("" when this is the last page)."""

    clients: tuple[Client, ...]
    next_after: str


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes with their English names, sorted by name (Åland Islands among the A's)."""
    names = {code: str(name) for code, name in Locale("en").territories.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}
    return dict(sorted(names.items(), key=lambda item: search_key(item[1])))
