"""Drafts: saved as typed (only their size is bounded), edited with an optimistic version, duplicated, deleted."""

from dataclasses import replace
from datetime import date, timedelta

from services.clients.buyer_reference import MAX_BUYER_REFERENCE
from services.clients.validation import MAX_CITY, MAX_POSTCODE, MAX_STREET, MAX_VAT_ID
from services.errors import InvalidInput, Problems, Refusal
from services.invoices.drafts import InvoiceDraft, LineDraft, SavedDraft
from services.invoices.listing import PAGE_SIZE
from services.invoices.model import InvoiceContent
from services.invoices.money import format_quantity, format_tax_rate, from_minor_units
from services.invoices.rate_limit import GenerationLimiter
from services.invoices.validation import (
    MAX_CLIENT_NAME,
    MAX_DESCRIPTION,
    MAX_EXEMPTION_REASON,
    MAX_LINES,
    MAX_NOTES,
)
from services.invoices.vat import TREATMENTS, treatment_key
from services.live.bus import EventBus
from storage import drafts, invoices
from storage.database import Database

MAX_DRAFTS = 1000
MAX_SHORT_FIELD = 100  # dates, currency, codes, quantities, prices and percentages as typed
MAX_EMAIL = 254
CHANGED_ELSEWHERE = ("This draft was changed in another tab. Reload it to see the latest version; "
                     "your text is still here.")


class DraftRefused(Refusal):
    pass


class DraftBook:
    def __init__(self, db: Database, bus: EventBus, *, saves: GenerationLimiter) -> None:
        self._db = db
        self._bus = bus
        self._saves = saves

    async def save(self, *, owner_id: str, draft: InvoiceDraft, draft_id: str = "", version: int = 0) -> SavedDraft:
        """A new draft (no draft_id) or the next version of one; raises InvalidInput or DraftRefused, saving nothing."""
        problems = size_problems(draft)
        if problems:
            raise InvalidInput(problems)
        allowed, quota = await self._saves.try_acquire(owner_id)
        if not allowed:
            raise DraftRefused(f"You saved drafts {quota.limit} times this minute. "
                               f"Wait {quota.wait_s} seconds; what you typed stays on the page.")
        if not draft_id:
            if await drafts.count_drafts(self._db, owner_id=owner_id, up_to=MAX_DRAFTS) >= MAX_DRAFTS:
                raise DraftRefused(f"You have {MAX_DRAFTS} drafts, the most there can be. "
                                   "Delete or issue some, then save again.")
            saved = await drafts.insert_draft(self._db, owner_id=owner_id, draft=draft)
        else:
            updated = await drafts.update_draft(self._db, owner_id=owner_id, draft_id=draft_id, version=version,
                                                draft=draft)
            if updated is None:
                current = await drafts.find_draft(self._db, owner_id=owner_id, draft_id=draft_id)
                raise DraftRefused(CHANGED_ELSEWHERE if current is not None else
                                   "This draft no longer exists (it was issued or deleted). Save it as a new draft.")
            saved = updated
        await self._bus.invoice_changed(owner_id=owner_id, invoice_id=saved.id)
        return saved

    async def find(self, *, owner_id: str, draft_id: str) -> SavedDraft | None:
        return await drafts.find_draft(self._db, owner_id=owner_id, draft_id=draft_id)

    async def delete(self, *, owner_id: str, draft_id: str) -> None:
        if not await drafts.delete_draft(self._db, owner_id=owner_id, draft_id=draft_id):
            raise DraftRefused("This draft no longer exists; the list shows what is left.")
        await self._bus.invoice_changed(owner_id=owner_id, invoice_id=draft_id)

    async def page(self, *, owner_id: str, search: str = "", page: int = 1) -> list[SavedDraft]:
        """At most PAGE_SIZE + 1 drafts, most recently edited first: the page, and one more if there is a next."""
        return await drafts.list_drafts(self._db, owner_id=owner_id, search=search, skip=(page - 1) * PAGE_SIZE,
                                        limit=PAGE_SIZE + 1)

    async def duplicate(self, *, owner_id: str, source_id: str, today: date) -> SavedDraft:
        """A new draft from any of the owner's invoices or drafts: today's date, the same payment term."""
        content = await invoices.find_content(self._db, owner_id=owner_id, invoice_id=source_id)
        if content is not None:
            copy = draft_of(content)
        else:
            source = await drafts.find_draft(self._db, owner_id=owner_id, draft_id=source_id)
            if source is None:
                raise DraftRefused("There is no such invoice to duplicate.")
            copy = source.draft
        return await self.save(owner_id=owner_id, draft=redated(copy, today))


def draft_of(content: InvoiceContent) -> InvoiceDraft:
    """An issued invoice (or credit note, made positive again) as the text of a new draft."""
    currency, client = content.currency, content.client
    treatment = treatment_key(content.vat_category, content.exemption_reason)
    service_date = content.service_date if content.service_date not in (None, content.issue_date) else None
    return InvoiceDraft(
        client_name=client.name, client_email=client.email, client_street=client.street,
        client_postcode=client.postcode, client_city=client.city, client_country=client.country,
        client_vat_id=client.vat_id, client_buyer_reference=content.buyer_reference,
        issue_date=content.issue_date.isoformat(), due_date=content.due_date.isoformat(),
        service_date=service_date.isoformat() if service_date else "",
        service_end=content.service_end.isoformat() if content.service_end else "", currency=currency,
        client_language=content.language, vat_treatment=treatment,
        exemption_reason="" if content.exemption_reason in TREATMENTS[treatment].standard_reason.values()
        else content.exemption_reason, notes=content.notes,
        lines=tuple(LineDraft(description=line.description,
                              quantity=format_quantity(abs(line.quantity_thousandths)),
                              unit_price=f"{from_minor_units(line.unit_price_minor, currency):f}", unit=line.unit,
                              vat_rate=_percent(line.vat_rate_thousandths),
                              discount=_percent(line.discount_thousandths) if line.discount_thousandths else "")
                    for line in content.lines),
    )


def _percent(thousandths: int) -> str:
    return format_tax_rate(thousandths).removesuffix("%")


def redated(draft: InvoiceDraft, today: date) -> InvoiceDraft:
    """Issue date today; the due date as many days after it as before (30 when the old dates do not parse)."""
    try:
        term = (date.fromisoformat(draft.due_date.strip()) - date.fromisoformat(draft.issue_date.strip())).days
    except ValueError:
        term = 30
    return replace(draft, issue_date=today.isoformat(), due_date=(today + timedelta(days=max(0, term))).isoformat())


def size_problems(draft: InvoiceDraft) -> Problems:
    """The only check a draft gets: no field may be larger than an issued invoice could hold."""
    problems = Problems()
    for key, text, limit in [("client_name", draft.client_name, MAX_CLIENT_NAME),
                             ("client_email", draft.client_email, MAX_EMAIL), ("notes", draft.notes, MAX_NOTES),
                             ("issue_date", draft.issue_date, MAX_SHORT_FIELD),
                             ("due_date", draft.due_date, MAX_SHORT_FIELD),
                             ("currency", draft.currency, MAX_SHORT_FIELD),
                             ("client_street", draft.client_street, MAX_STREET),
                             ("client_postcode", draft.client_postcode, MAX_POSTCODE),
                             ("client_city", draft.client_city, MAX_CITY),
                             ("client_country", draft.client_country, MAX_SHORT_FIELD),
                             ("client_vat_id", draft.client_vat_id, MAX_VAT_ID),
                             ("client_buyer_reference", draft.client_buyer_reference, MAX_BUYER_REFERENCE),
                             ("client_language", draft.client_language, MAX_SHORT_FIELD),
                             ("service_date", draft.service_date, MAX_SHORT_FIELD),
                             ("service_end", draft.service_end, MAX_SHORT_FIELD),
                             ("vat_treatment", draft.vat_treatment, MAX_SHORT_FIELD),
                             ("exemption_reason", draft.exemption_reason, MAX_EXEMPTION_REASON)]:
        if len(text) > limit:
            problems.add(key, f"This can be at most {limit} characters (now {len(text)}).")
    if len(draft.lines) > MAX_LINES:
        problems.add("lines", f"An invoice can have at most {MAX_LINES} line items (now {len(draft.lines)}).")
    for index, line in enumerate(draft.lines[:MAX_LINES]):
        for field, text, limit in [("description", line.description, MAX_DESCRIPTION),
                                   ("quantity", line.quantity, MAX_SHORT_FIELD),
                                   ("unit_price", line.unit_price, MAX_SHORT_FIELD),
                                   ("unit", line.unit, MAX_SHORT_FIELD), ("vat_rate", line.vat_rate, MAX_SHORT_FIELD),
                                   ("discount", line.discount, MAX_SHORT_FIELD)]:
            if len(text) > limit:
                problems.add(f"lines.{index}.{field}", f"This can be at most {limit} characters (now {len(text)}).")
    return problems
