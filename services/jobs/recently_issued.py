"""Invoices this process has just issued, held until a worker here claims their job, so that the first render
reads nothing back: two reads fewer per invoice (issue 14).

Issued content never changes, and its stored copy is equal (tests/invoices/test_stored_content.py). An entry
serves only the first attempt of the very job written with it (same owner, same tag): a job claimed elsewhere,
tried again, written by recovery or anew for a retry reads the database as before.
"""

import time
from collections import OrderedDict
from dataclasses import dataclass

from services.invoices.model import InvoiceContent, InvoiceRecord

HELD = 256  # invoices waiting for their first claim; the oldest go first when a cluster claims them elsewhere
MAX_LINES = 200  # a longer invoice's render dwarfs its two reads: not worth the memory
MAX_AGE_S = 60.0


@dataclass(frozen=True)
class _Issued:
    tag: float
    record: InvoiceRecord
    content: InvoiceContent
    since: float


class RecentlyIssued:
    def __init__(self) -> None:
        self._held: OrderedDict[str, _Issued] = OrderedDict()

    def keep(self, record: InvoiceRecord, content: InvoiceContent, *, tag: float) -> None:
        """Just before the job of this fresh invoice is written with `tag`."""
        if len(content.lines) > MAX_LINES:
            return
        self._held[record.id] = _Issued(tag, record, content, time.monotonic())
        while len(self._held) > HELD:
            self._held.popitem(last=False)

    def take(self, *, owner_id: str, invoice_id: str, tag: float,
             attempts: int) -> tuple[InvoiceRecord, InvoiceContent] | None:
        """What the first attempt of the job written with it renders; None means: read the database."""
        held = self._held.pop(invoice_id, None)
        if held is None:
            return None
        if held.record.owner_id != owner_id or held.tag != tag or attempts != 1:
            return None
        if time.monotonic() - held.since > MAX_AGE_S:
            return None
        return held.record, held.content
