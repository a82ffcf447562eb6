"""The accountant's ZIP of a period: every issued invoice and credit note as its stored PDF, a CSV, a README.

Streamed as it is built (zipstream-ng, PDFs stored as they are): one PDF in memory at a time, the CSV spooled,
so the web process's memory stays flat however many documents the period holds. Each document contributes
the files its makers produce (DOCUMENT_MAKERS); an e-invoice XML is one more maker.
"""

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zipfile import ZIP_DEFLATED, ZIP_STORED

from zipstream import ZipStream

from services.records.model import PeriodRow
from services.records.period import Period
from services.records.readme import ExportNotes, readme_text
from services.records.table import PeriodTable
from storage import invoice_queries, pdf_files
from storage.database import Database


@dataclass(frozen=True)
class Attachment:
    name: str  # inside the period's folder, e.g. "pdf/INV-0001.pdf"
    data: bytes


class Unavailable(Exception):
    """This document's file cannot be included; the message says why, for the README."""


DocumentMaker = Callable[[Database, str, PeriodRow], Awaitable[Attachment]]


async def stored_pdf(db: Database, owner_id: str, row: PeriodRow) -> Attachment:
    """The PDF as stored when the document was issued, only if it still matches its recorded sha256."""
    if row.summary.status != "ready" or row.pdf is None:
        reason = {"processing": "its PDF is still being generated",
                  "failed": "its PDF could not be generated; press Retry in the list"}.get(row.summary.status, "")
        raise Unavailable(reason or "it has no PDF")
    data = await pdf_files.read_pdf(db, owner_id=owner_id, file_id=row.pdf.file_id)
    if data is None or hashlib.sha256(data).hexdigest() != row.pdf.sha256:
        raise Unavailable("its stored PDF does not match its checksum; download it singly to have it made again")
    return Attachment(name=f"pdf/{row.summary.number}.pdf", data=data)  # the number: sorts as the CSV does


DOCUMENT_MAKERS: tuple[DocumentMaker, ...] = (stored_pdf,)


class PeriodExport:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def filename(period: Period) -> str:
        return f"invoices-{period.label}.zip"

    async def stream(self, *, owner_id: str, owner_email: str, period: Period, today: date) -> AsyncIterator[bytes]:
        folder = f"invoices-{period.label}"
        archive = ZipStream(compress_type=ZIP_STORED)
        notes = ExportNotes()
        rates = await invoice_queries.tax_rates_in_period(self._db, owner_id=owner_id, first_day=period.first,
                                                          last_day=period.last)
        table = PeriodTable(rates, today)
        try:
            async for row in invoice_queries.issued_in_period(self._db, owner_id=owner_id, first_day=period.first,
                                                              last_day=period.last):
                notes.saw(row.series, row.seq, row.summary.number)
                files = []
                for make in DOCUMENT_MAKERS:
                    try:
                        attachment = await make(self._db, owner_id, row)
                    except Unavailable as missing:
                        notes.lacks(row.summary.number, str(missing))
                        continue
                    archive.add(attachment.data, f"{folder}/{attachment.name}")
                    files.append(attachment.name)
                table.add(row, files)
                for chunk in archive.all_files():
                    yield chunk
            await self._numbers_elsewhere(owner_id, notes)
            archive.add(table.chunks(), f"{folder}/invoices.csv", compress_type=ZIP_DEFLATED)
            readme = readme_text(period, notes, owner_email=owner_email, made_at=datetime.now(UTC))
            archive.add(readme.encode(), f"{folder}/README.txt", compress_type=ZIP_DEFLATED)
            for chunk in archive.finalize():
                yield chunk
        finally:
            table.close()

    async def _numbers_elsewhere(self, owner_id: str, notes: ExportNotes) -> None:
        for series, seen in notes.series.items():
            if seen.skipped:
                notes.elsewhere[series] = await invoice_queries.issue_dates(self._db, owner_id=owner_id,
                                                                           series=series, seqs=seen.skipped)


