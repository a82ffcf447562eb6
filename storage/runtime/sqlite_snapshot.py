"""Consistent copies of the embedded database's SQLite files, taken with SQLite's own online-backup API.

nx-27017 (files mode, `--data-dir DATA_DIR/mongo`) keeps one SQLite file per logical database, `<name>.db`, in
WAL mode with synchronous=NORMAL: committed writes may live only in `<name>.db-wal` until a checkpoint, so
copying `<name>.db` alone can lose them and copying both while it writes can tear. The backup API reads every
page inside one read transaction: a snapshot of the last commit, taken while the server keeps writing.

The counts read a collection as nx-27017 0.8.1 (neosqlite 1.17) lays it out: one table per collection, named
like the collection with '.' as '_', the document as JSON in the `data` column.
"""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from storage.pdf_files import DOCUMENTS as PDF_DOCUMENTS

BUSY_TIMEOUT_S = 30.0
DATABASE_SUFFIX = ".db"


class SnapshotError(RuntimeError):
    """A database file could not be read or is damaged; the message names it."""


@dataclass(frozen=True)
class Counts:
    users: int
    invoices: int
    credit_notes: int
    pdfs: int

    def __str__(self) -> str:
        return (f"{self.users} users, {self.invoices} invoices, {self.credit_notes} credit notes, "
                f"{self.pdfs} PDFs")


def database_files(mongo_dir: Path) -> list[Path]:
    """The SQLite files of every logical database (their -wal and -shm companions are not part of a copy)."""
    return sorted(path for path in mongo_dir.glob(f"*{DATABASE_SUFFIX}") if path.is_file())


def snapshot(source: Path, target: Path) -> None:
    """Copies the last committed state of `source` into a new single file `target` (rollback journal mode)."""
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)) as reader, \
                closing(sqlite3.connect(target)) as writer:
            reader.backup(writer)  # pages=-1: every page in one step, inside one read transaction
            writer.execute("PRAGMA journal_mode=DELETE")  # self-contained: no -wal file belongs to the copy
    except sqlite3.Error as error:
        raise SnapshotError(f"Could not copy {source}: {error}") from error


def check_integrity(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as database:
            problems = [row[0] for row in database.execute("PRAGMA integrity_check")]
    except sqlite3.Error as error:
        raise SnapshotError(f"{path.name} is not a readable SQLite database: {error}") from error
    if problems != ["ok"]:
        raise SnapshotError(f"{path.name} is damaged: {'; '.join(problems[:5])}")


def count_records(app_database: Path) -> Counts:
    """Users, invoices, credit notes and stored PDFs in a (copied) app database file."""
    with closing(sqlite3.connect(f"file:{app_database}?mode=ro", uri=True)) as database:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

        def count(table: str, where: str = "") -> int:
            if table not in tables:
                return 0
            return int(database.execute(f'SELECT count(*) FROM "{table}" {where}').fetchone()[0])  # noqa: S608

        credit_notes = count("invoices", "WHERE json_extract(data, '$.kind') = 'credit_note'")
        return Counts(users=count("users"), invoices=count("invoices") - credit_notes, credit_notes=credit_notes,
                      pdfs=count("pdfs_files") + count(PDF_DOCUMENTS))
