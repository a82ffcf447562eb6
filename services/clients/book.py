"""The client book's use cases: add, edit, find, list and search, archive, delete, autocomplete, remember.

Every write a user makes is counted by the save limit before anything is stored, and a user keeps at most
MAX_CLIENTS clients. Names are unique per user, ignoring case and accents, so the invoice editor's
autocomplete and `remember` never have to choose between two clients of the same name.
"""

import logging

from pymongo.errors import DuplicateKeyError, PyMongoError

from services.clients.errors import ClientChanged, ClientHasInvoices, ClientNotFound, TooManyClients
from services.clients.model import Client, ClientDetails, ClientDraft, ClientPage
from services.clients.save_limit import ClientSaveLimiter
from services.clients.validation import validate_client
from services.errors import InvalidInput, Problems
from services.invoices.model import Party
from services.live.bus import EventBus
from services.search_text import search_key
from storage import clients
from storage.database import Database

log = logging.getLogger(__name__)
MAX_CLIENTS = 1000
PAGE_SIZE = 50
SUGGESTIONS = 8
MAX_SEARCH_WORDS = 8


class ClientBook:
    def __init__(self, db: Database, bus: EventBus, *, limiter: ClientSaveLimiter, default_currency: str,
                 max_clients: int = MAX_CLIENTS) -> None:
        self._db = db
        self._bus = bus
        self._limiter = limiter
        self._default_currency = default_currency
        self._max_clients = max_clients

    async def add(self, *, owner_id: str, draft: ClientDraft) -> Client:
        """Raises InvalidInput, TooManyClientSaves or TooManyClients having saved nothing."""
        details = validate_client(draft, default_currency=self._default_currency)
        await self._limiter.count_save(owner_id)
        return await self._announced(owner_id, await self._insert(owner_id, details, refuse=True))

    async def update(self, *, owner_id: str, client_id: str, version: int, draft: ClientDraft) -> Client:
        """Saves over the version the user edited; raises ClientChanged if another tab saved since."""
        details = validate_client(draft, default_currency=self._default_currency)
        await self._limiter.count_save(owner_id)
        try:
            saved = await clients.update_details(self._db, owner_id=owner_id, client_id=client_id, version=version,
                                                 details=details)
        except DuplicateKeyError:
            raise await self._name_taken(owner_id, details.name) from None
        if saved is None:
            current = await clients.find_client(self._db, owner_id=owner_id, client_id=client_id)
            raise ClientNotFound() if current is None else ClientChanged()
        return await self._announced(owner_id, saved)

    async def find(self, *, owner_id: str, client_id: str) -> Client | None:
        return await clients.find_client(self._db, owner_id=owner_id, client_id=client_id)

    async def search(self, *, owner_id: str, text: str = "", include_archived: bool = False,
                     after: str = "") -> ClientPage:
        """A page of the user's clients by name whose name, email, city or VAT ID contain every word of `text`."""
        words = search_key(text[:200]).split()[:MAX_SEARCH_WORDS]
        found = await clients.search(self._db, owner_id=owner_id, words=words, include_archived=include_archived,
                                     after=after, limit=PAGE_SIZE + 1)
        page = tuple(found[:PAGE_SIZE])
        return ClientPage(clients=page, next_after=search_key(page[-1].name) if len(found) > PAGE_SIZE else "")

    async def archive(self, *, owner_id: str, client_id: str) -> Client:
        return await self._set_archived(owner_id, client_id, archived=True)

    async def unarchive(self, *, owner_id: str, client_id: str) -> Client:
        return await self._set_archived(owner_id, client_id, archived=False)

    async def delete(self, *, owner_id: str, client_id: str) -> None:
        """Raises ClientHasInvoices when an invoice or draft refers to the client: those are archived instead."""
        if await clients.find_client(self._db, owner_id=owner_id, client_id=client_id) is None:
            raise ClientNotFound()
        if await clients.has_invoices(self._db, owner_id=owner_id, client_id=client_id):
            raise ClientHasInvoices()
        await self._limiter.count_save(owner_id)
        if not await clients.delete_client(self._db, owner_id=owner_id, client_id=client_id):
            raise ClientNotFound()
        await clients.release_slot(self._db, owner_id=owner_id)
        await self._bus.clients_changed(owner_id=owner_id, client_id=client_id)

    async def suggestions(self, owner_id: str, prefix: str, *, limit: int = SUGGESTIONS) -> list[Client]:
        """For the invoice editor: the user's active clients with a name word starting with `prefix`.

        Names that start with it come first, then the others, each by name.
        """
        start = search_key(prefix[:200])
        if not start:
            return []
        found = await clients.active_with_name_word(self._db, owner_id=owner_id, start=start, limit=50)
        found.sort(key=lambda client: not search_key(client.name).startswith(start))
        return found[:limit]

    async def remember(self, owner_id: str, party_name: str, email: str = "", *, currency: str = "",
                       address: Party | None = None, buyer_reference: str = "") -> Client | None:
        """Adds the client of an issued invoice unless one of that name exists (then returns that one), with the
        postal address, VAT ID and buyer reference the invoice gave it.

        Idempotent and safe to call twice at once. Never raises a refusal, so issuing an invoice cannot fail
        here: None when the name or email would not be a valid client, or the user's book is full. Not counted
        by the save limit (issuing is limited by the PDF limit).
        """
        existing = await clients.find_by_name(self._db, owner_id=owner_id, name=party_name)
        if existing is not None:
            return existing
        where = address or Party(name=party_name)
        try:
            details = validate_client(ClientDraft(name=party_name, email=email, currency=currency,
                                                  street=where.street, postcode=where.postcode, city=where.city,
                                                  country=where.country, vat_id=where.vat_id,
                                                  buyer_reference=buyer_reference),
                                      default_currency=self._default_currency)
        except InvalidInput:
            try:  # an email the book would refuse does not lose the name
                details = validate_client(ClientDraft(name=party_name, currency=currency),
                                          default_currency=self._default_currency)
            except InvalidInput:
                return None
        try:
            added = await self._insert(owner_id, details, refuse=False)
        except TooManyClients:
            return None
        return await self._announced(owner_id, added)

    async def remember_party(self, owner_id: str, client: Party, buyer_reference: str = "") -> None:
        """InvoiceService's hook after an invoice is issued: the invoice stands even if this fails, so a
        database error here is logged, never raised."""
        try:
            await self.remember(owner_id, client.name, client.email, address=client, buyer_reference=buyer_reference)
        except PyMongoError:
            log.warning("Could not add the client of an issued invoice to the client book", exc_info=True)

    async def _insert(self, owner_id: str, details: ClientDetails, *, refuse: bool) -> Client:
        if not await clients.reserve_slot(self._db, owner_id=owner_id, limit=self._max_clients):
            raise TooManyClients(self._max_clients)
        try:
            return await clients.insert_client(self._db, owner_id=owner_id, details=details)
        except DuplicateKeyError:
            await clients.release_slot(self._db, owner_id=owner_id)
            existing = await clients.find_by_name(self._db, owner_id=owner_id, name=details.name)
            if refuse or existing is None:
                raise await self._name_taken(owner_id, details.name) from None
            return existing
        except BaseException:
            await clients.release_slot(self._db, owner_id=owner_id)
            raise

    async def _set_archived(self, owner_id: str, client_id: str, *, archived: bool) -> Client:
        if await clients.find_client(self._db, owner_id=owner_id, client_id=client_id) is None:
            raise ClientNotFound()
        await self._limiter.count_save(owner_id)
        changed = await clients.set_archived(self._db, owner_id=owner_id, client_id=client_id, archived=archived)
        if changed is None:
            raise ClientNotFound()
        return await self._announced(owner_id, changed)

    async def _announced(self, owner_id: str, client: Client) -> Client:
        """Tells every open client list of the owner that this client changed."""
        await self._bus.clients_changed(owner_id=owner_id, client_id=client.id)
        return client

    async def _name_taken(self, owner_id: str, name: str) -> InvalidInput:
        existing = await clients.find_by_name(self._db, owner_id=owner_id, name=name)
        where = " It is archived: tick Show archived to find it." if existing and existing.archived else ""
        shown = existing.name if existing else name
        problems = Problems()
        problems.add("name", f"You already have a client named “{shown}”.{where}")
        return InvalidInput(problems)
