"""Each owner's open amounts (issued invoices neither paid nor cancelled), kept on write: one document per owner.

`open_totals` {_id: owner_id, built, inflight, writes, touched_ms, due: {currency: {"YYYY-MM-DD": minor}},
issued: {series (hex): highest number}}
holds the sum of the open invoices per currency and due date, so that the page load reads one document instead
of every open invoice (issue 14); outstanding is the sum, overdue the part due before today.

Every change of an invoice that can open or close it is wrapped: `begin` counts the write in flight, the
conditional update of the invoice decides (a retry or a second click matches nothing and changes nothing), and
`end` adds what the change moved in the same update that counts the write done. A process that dies between
the two leaves `inflight` above zero; once that is older than STALE_MS, the next read rebuilds the document from
the invoices (as it does for an owner who has none yet: invoices from before this collection). A rebuild is
written only if no write began since it looked (`writes` unchanged). Writers never create a built document, so
the embedded server's literal dotted keys on upsert (docs/query-shapes.md) never arise.

`issued` spares the next invoice a read for its number: the highest number of each series that an invoice
opened with has recorded (`$max`). It is a number that exists, so the insert tries the one after it, and reads
the series' last number only when another writer took that one first; a rebuild drops it (one read then).
"""

from collections import defaultdict
from datetime import date

from pymongo.errors import DuplicateKeyError

from storage.database import Database
from storage.documents import Document
from storage.invoice_documents import optional_date
from storage.invoice_queries import unsettled_amounts
from storage.jobs import now_ms

STALE_MS = 300_000  # a write in flight this long died (or hangs): the next read rebuilds
NO_DUE_DATE = "none"
PRUNE_AT = 20  # emptied due dates kept before a read removes them

OpenAmounts = list[tuple[str, int, date | None]]  # (currency, open amount in minor units, due date)


async def begin(db: Database, *, owner_id: str, series: str = "") -> int | None:
    """Before a change of the owner's invoices that may open or close one. Returns a number of `series` that is
    issued (so are all below it: numbers are gap-free and never deleted), the highest this document has seen; None
    when it has seen none."""
    now = now_ms()
    for _ in range(3):
        before = await db.open_totals.find_one_and_update(
            {"_id": owner_id}, {"$inc": {"inflight": 1, "writes": 1}, "$max": {"touched_ms": now}},
            projection={"issued": 1})
        if before is not None:
            seen = before.get("issued", {}).get(_series_key(series)) if series else None
            return int(seen) if seen is not None else None
        try:
            await db.open_totals.insert_one(_document(owner_id, built=False, inflight=1, writes=1, due={}))
            return None
        except DuplicateKeyError:
            continue
    return None


async def end(db: Database, *, owner_id: str, moved: Document | None = None, sign: int = 0) -> None:
    """After it: `moved` is the invoice document the change opened (sign 1) or closed (sign -1), None if none."""
    change: dict[str, int] = {"inflight": -1}
    update: Document = {"$inc": change}
    if moved is not None and sign:
        change[_path(moved["currency"], moved.get("due_date", ""))] = sign * int(moved["total_minor"])
        if "series" in moved and "seq" in moved:
            update["$max"] = {f"issued.{_series_key(moved['series'])}": int(moved["seq"])}
    await db.open_totals.update_one({"_id": owner_id}, update)


async def open_amounts(db: Database, *, owner_id: str) -> OpenAmounts:
    """The owner's open amounts per currency and due date: one read, or a rebuild when none can be trusted."""
    document = await db.open_totals.find_one({"_id": owner_id})
    if document is None or not document.get("built") or document["inflight"] < 0 or _stale(document):
        return await rebuild(db, owner_id=owner_id, seen=document)
    empty = [_path(currency, due) for currency, dues in document["due"].items()
             for due, amount in dues.items() if amount == 0]
    if len(empty) >= PRUNE_AT:
        await db.open_totals.update_one({"_id": owner_id, "writes": document["writes"]},
                                        {"$unset": dict.fromkeys(empty, "")})
    return _rows(document["due"])


async def rebuild(db: Database, *, owner_id: str, seen: Document | None = None) -> OpenAmounts:
    """Sums the owner's open invoices; stores the sums unless a write began meanwhile (then the next read tries)."""
    if seen is None:
        seen = await db.open_totals.find_one({"_id": owner_id})
    if seen is None:
        seen = _document(owner_id, built=False, inflight=0, writes=0, due={})
        try:
            await db.open_totals.insert_one(seen)
        except DuplicateKeyError:
            return await rebuild(db, owner_id=owner_id)
    due: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for currency, amount, due_date in await unsettled_amounts(db, owner_id=owner_id):
        due[currency][due_date.isoformat() if due_date else NO_DUE_DATE] += amount
    sums = {currency: dict(dues) for currency, dues in due.items()}
    if seen["inflight"] <= 0 or _stale(seen):
        await db.open_totals.replace_one(
            {"_id": owner_id, "writes": seen["writes"]},
            _document(owner_id, built=True, inflight=0, writes=seen["writes"], due=sums))
    return _rows(sums)


def _stale(document: Document) -> bool:
    return bool(document["inflight"]) and now_ms() - int(document.get("touched_ms", 0)) > STALE_MS


def _rows(due: dict[str, dict[str, int]]) -> OpenAmounts:
    return [(currency, amount, optional_date(day.replace(NO_DUE_DATE, ""))) for currency, dues in sorted(due.items())
            for day, amount in sorted(dues.items()) if amount]


def _series_key(series: str) -> str:
    """A field name for any series: a number prefix may hold dots."""
    return series.encode().hex()


def _path(currency: str, due_date: str) -> str:
    return f"due.{currency}.{due_date or NO_DUE_DATE}"


def _document(owner_id: str, *, built: bool, inflight: int, writes: int, due: dict[str, dict[str, int]]) -> Document:
    return {"_id": owner_id, "built": built, "inflight": inflight, "writes": writes, "touched_ms": now_ms(),
            "due": due}
