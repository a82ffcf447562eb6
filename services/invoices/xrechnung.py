"""The XRechnung 3.0 CII XML of an issued invoice or credit note, built when asked from its stored content."""

import asyncio
from dataclasses import dataclass

from services.einvoice.cii import build_cii
from services.invoices.book import InvoiceBook
from services.invoices.model import RenderRequest
from services.invoices.xrechnung_needs import XRechnungNotPossible, xrechnung_gaps


@dataclass(frozen=True)
class XRechnungFile:
    filename: str
    data: bytes


def xrechnung_filename(number: str) -> str:
    return f"xrechnung-{number}.xml"


async def xrechnung_file(book: InvoiceBook, *, owner_id: str, invoice_id: str) -> XRechnungFile | None:
    """The owner's issued invoice or credit note as XRechnung, whatever its PDF's state; None for anything else
    (a draft, another user's, a missing or malformed id). Raises XRechnungNotPossible."""
    issued = await book.issued(owner_id=owner_id, invoice_id=invoice_id)
    if issued is None:
        return None
    record, content = issued.record, issued.content
    if gaps := xrechnung_gaps(content):
        raise XRechnungNotPossible(record.number, gaps)
    request = RenderRequest(number=record.number, content=content, kind=record.kind, credit_for=record.credit_for)
    xml = await asyncio.to_thread(build_cii, request, profile="xrechnung")  # CPU work: off the event loop
    return XRechnungFile(filename=xrechnung_filename(record.number), data=xml)
