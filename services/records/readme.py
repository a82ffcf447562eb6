"""README.txt of the period ZIP: what is inside, why the numbering has no gaps, and what is missing, honestly."""

from dataclasses import dataclass, field
from datetime import date, datetime

from services.records.period import Period

SERIES_NAMES = {"INV": "Invoices", "CN": "Credit notes"}
MAX_LISTED = 50


@dataclass
class SeriesSeen:
    first: str = ""
    last: str = ""
    count: int = 0
    last_seq: int = 0
    skipped: list[int] = field(default_factory=list)  # numbers inside the range with an issue date elsewhere
    skipped_count: int = 0  # all of them; `skipped` lists the first MAX_LISTED


@dataclass
class ExportNotes:
    """What the README says, gathered while the rows stream past (in number order within each series)."""

    series: dict[str, SeriesSeen] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # "INV-0040: its PDF is still being generated"
    missing_count: int = 0
    elsewhere: dict[str, list[tuple[str, date | None]]] = field(default_factory=dict)

    def saw(self, series: str, seq: int, number: str) -> None:
        seen = self.series.setdefault(series, SeriesSeen(first=number))
        if seen.last_seq and seq > seen.last_seq + 1:
            seen.skipped_count += seq - seen.last_seq - 1
            room = MAX_LISTED - len(seen.skipped)
            seen.skipped.extend(range(seen.last_seq + 1, min(seq, seen.last_seq + 1 + max(room, 0))))
        seen.last, seen.last_seq, seen.count = number, seq, seen.count + 1

    def lacks(self, number: str, reason: str) -> None:
        self.missing_count += 1
        if len(self.missing) < MAX_LISTED:
            self.missing.append(f"{number}: {reason}")


def readme_text(period: Period, notes: ExportNotes, *, owner_email: str, made_at: datetime) -> str:
    lines = [f"Invoices and credit notes issued from {period.first.isoformat()} to {period.last.isoformat()}",
             f"Account: {owner_email}", f"Exported: {made_at.strftime('%Y-%m-%d %H:%M')} UTC", ""]
    if not notes.series:
        lines += ["No invoice and no credit note has an issue date in this period.",
                  "invoices.csv holds the column headings only.", ""]
    else:
        lines += ["Contents", "- pdf/: every issued document of the period as its PDF, byte for byte as stored when it",
                  "  was issued (each checked against the SHA-256 recorded then).",
                  "- invoices.csv: one row per document, sorted by number (invoices first), amounts as plain",
                  "  decimals in the row's currency; credit notes are negative. Net and VAT per tax rate.", ""]
        lines += _numbering(notes)
    if notes.missing_count:
        lines += ["Not included (the CSV row is there; export again once these are ready):",
                  *[f"- {entry}" for entry in notes.missing]]
        if notes.missing_count > len(notes.missing):
            lines.append(f"- and {notes.missing_count - len(notes.missing)} more")
        lines.append("")
    return "\r\n".join(lines) + "\r\n"


def _numbering(notes: ExportNotes) -> list[str]:
    lines = ["Numbering",
             "Invoices (INV-) and credit notes (CN-) are numbered in two series, each consecutively without gaps by",
             "construction: a document's number is taken in the same single database write that stores it, under",
             "a unique index, and no issued document can be deleted or altered afterwards.", ""]
    for series, seen in notes.series.items():
        lines.append(f"{SERIES_NAMES.get(series, series)}: {seen.count}, {seen.first} to {seen.last}.")
        elsewhere = notes.elsewhere.get(series, [])
        if elsewhere:
            lines.append("  Numbers in that range with an issue date outside this period (in other periods' exports):")
            lines += [f"  - {number} (issued {day.isoformat() if day else 'undated'})" for number, day in elsewhere]
            if seen.skipped_count > len(elsewhere):
                lines.append(f"  - and {seen.skipped_count - len(elsewhere)} more")
    return [*lines, ""]
