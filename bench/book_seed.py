"""A stored invoice book for the `book` benchmark: many owners, one large and one small, written in bulk.

Each invoice is built as storage.invoices.insert_with_next_number stores it (the fields it writes beside
storage.invoice_documents.header_document, the details beside it in `invoice_details`), then inserted with
insert_many: the app's one-by-one numbering would take hours for 100,000 invoices on the embedded server.
The book of an owner with n invoices spans three years, oldest first:
  - issued in the last 30 days: open (due in the future), every third one paid;
  - older: paid ten days after issue, except every 25th (overdue, never paid) and every 50th pair, an invoice
    cancelled by the credit note that follows it;
  - three invoices to "Åsa Ångström", the rare client that the benchmark's search finds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bson import ObjectId

from bench.documents import SELLER, TAX_RATE_THOUSANDTHS, description
from services.invoices.model import InvoiceContent, InvoiceLine, Kind, Party, StoredPdf, Totals
from services.invoices.money import line_amount_minor, tax_minor
from storage.database import Database
from storage.documents import Document
from storage.invoice_documents import details_document, header_document, pdf_document
from storage.invoices import SERIES, derived_fields

SPAN_DAYS = 3 * 365
RARE_CLIENT = Party(name="Åsa Ångström", email="asa@angstrom.example")
RARE_SEARCH = "angstrom"  # accent- and case-insensitive: finds the three invoices of RARE_CLIENT
FIRST_NAMES = ["Zoë", "Jürgen", "Élodie", "Marta", "Nikos", "Olga", "Søren", "Tomás", "Yuki", "Amara", "Björn", "Chloé"]
LAST_NAMES = ["Müller", "Dubois", "Kowalski", "Papadopoulos", "Ivanova", "Nielsen", "García", "Rossi", "Novák",
              "O'Brien", "Lefèvre", "Schmidt", "Petrov", "Silva"]
CURRENCIES = ["EUR", "EUR", "EUR", "EUR", "USD", "GBP"]
BATCH = 2000


@dataclass(frozen=True)
class BookPlan:
    total: int  # invoices stored, over every owner
    owners: int
    large: int  # invoices of the large owner
    small: int  # invoices of the small owner

    def counts(self) -> list[int]:
        """Invoices per owner: the large, the small, then the rest shared evenly."""
        others = self.owners - 2
        share, extra = divmod(self.total - self.large - self.small, others)
        return [self.large, self.small, *(share + (1 if index < extra else 0) for index in range(others))]


async def seed_book(db: Database, plan: BookPlan, owner_ids: list[str], today: date) -> dict[str, Any]:
    """Inserts every owner's invoices (owner_ids[0] the large, [1] the small); returns what was stored."""
    started = time.perf_counter()
    stored = 0
    batch: list[tuple[Document, Document]] = []
    for owner_id, count in zip(owner_ids, plan.counts(), strict=True):
        for pair in owner_documents(owner_id, count, today):
            batch.append(pair)
            if len(batch) >= BATCH:
                stored += await _insert(db, batch)
                batch = []
                if stored % 10_000 == 0:
                    print(f"  book: {stored:,} of {plan.total:,} invoices stored "
                          f"({time.perf_counter() - started:.0f} s)", flush=True)
    stored += await _insert(db, batch)
    return {"invoices_stored": stored, "owners": plan.owners, "seed_s": round(time.perf_counter() - started, 1)}


async def _insert(db: Database, batch: list[tuple[Document, Document]]) -> int:
    if not batch:
        return 0
    await db.invoice_details.insert_many([details for _, details in batch], ordered=False)
    await db.invoices.insert_many([header for header, _ in batch], ordered=False)
    return len(batch)


def owner_documents(owner_id: str, count: int, today: date) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(header, details) of each of the owner's invoices and credit notes, oldest first."""
    seq = {"invoice": 0, "credit_note": 0}
    rare = {_an_invoice_index(count * quarter // 4) for quarter in (1, 2, 3)}
    cancelled: tuple[ObjectId, str, InvoiceContent] | None = None  # the credit note to write next
    for index in range(1, count + 1):
        days_back = (count - index) * SPAN_DAYS // count
        issued = today - timedelta(days=days_back)
        created_at = datetime(issued.year, issued.month, issued.day, 9, tzinfo=UTC) + timedelta(seconds=index)
        if cancelled is not None:
            note_id, original_number, original = cancelled
            seq["credit_note"] += 1
            yield _documents(owner_id, note_id, "credit_note", seq["credit_note"], _negated(original, issued),
                             created_at, credit_for=original_number)
            cancelled = None
            continue
        seq["invoice"] += 1
        content = _content(index, RARE_CLIENT if index in rare else _client(index), issued)
        header, details = _documents(owner_id, ObjectId(), "invoice", seq["invoice"], content, created_at,
                                     paid_on=_paid_on(index, days_back, issued))
        if days_back >= 30 and index % 50 == 49 and index < count:
            note_id = ObjectId()
            header |= {"paid_on": "", "cancelled_by_id": str(note_id),
                       "cancelled_by": _number("credit_note", seq["credit_note"] + 1)}
            cancelled = (note_id, header["number"], content)
        yield header, details


def _an_invoice_index(index: int) -> int:
    """The nearest index from `index` on that is neither a cancelled invoice nor its credit note."""
    while index % 50 in (0, 49):
        index += 1
    return index


def _paid_on(index: int, days_back: int, issued: date) -> str:
    if days_back < 30:
        return (issued + timedelta(days=min(days_back, 3))).isoformat() if index % 3 == 0 else ""
    return "" if index % 25 == 5 else (issued + timedelta(days=10)).isoformat()


def _documents(owner_id: str, invoice_id: ObjectId, kind: Kind, seq: int, content: InvoiceContent,
               created_at: datetime, *, credit_for: str = "", paid_on: str = "") -> tuple[Document, Document]:
    """The header as insert_with_next_number writes it, then marked ready by the PDF job; the details beside it."""
    number = _number(kind, seq)
    header = {
        "_id": invoice_id, "owner_id": owner_id, "series": SERIES[kind], "seq": seq, "number": number, "kind": kind,
        "status": "ready", "failure_reason": "", "attempts": 1, "created_at": created_at, "updated_at": created_at,
        "client_id": "", "credit_for": credit_for, "paid_on": paid_on, "cancelled_by": "", "cancelled_by_id": "",
        **derived_fields(number, content), **header_document(content),
        "pdf": pdf_document(StoredPdf(file_id=str(ObjectId()), size=24_000, sha256="0" * 64)),
    }
    return header, {"_id": invoice_id, "owner_id": owner_id, **details_document(content)}


def _number(kind: Kind, seq: int) -> str:
    return f"{SERIES[kind]}-{seq:04d}"


def _client(index: int) -> Party:
    first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[(index // 3) % len(LAST_NAMES)]
    company = f"{first} {last} {'GmbH' if index % 2 else 'Studio'} {index % 97}"
    return Party(name=company, email=f"{first.lower()}.{index % 97}@client{index % 31}.example")


def _content(index: int, client: Party, issued: date) -> InvoiceContent:
    lines = []
    for line in range(1, 2 + index % 3):
        quantity, price = 1000 * (1 + (index + line) % 5), 5_000 + (index * 37 + line) % 200_000
        lines.append(InvoiceLine(description(index + line), quantity, price, line_amount_minor(quantity, price)))
    subtotal = sum(line.amount_minor for line in lines)
    tax = tax_minor(subtotal, TAX_RATE_THOUSANDTHS)
    return InvoiceContent(seller=SELLER, client=client, issue_date=issued, due_date=issued + timedelta(days=30),
                          currency=CURRENCIES[index % len(CURRENCIES)], tax_rate_thousandths=TAX_RATE_THOUSANDTHS,
                          lines=tuple(lines), totals=Totals(subtotal, tax, subtotal + tax),
                          notes="Payment within 30 days.")


def _negated(content: InvoiceContent, issued: date) -> InvoiceContent:
    """A credit note's content, as InvoiceService.cancel makes it: the original's lines and totals negated."""
    lines = tuple(InvoiceLine(line.description, -line.quantity_thousandths, line.unit_price_minor, -line.amount_minor)
                  for line in content.lines)
    totals = Totals(-content.totals.subtotal_minor, -content.totals.tax_minor, -content.totals.total_minor)
    return replace(content, issue_date=issued, due_date=issued, notes="", lines=lines, totals=totals)
