"""Backup and restore of an embedded DATA_DIR as one ZIP file with a manifest.

The archive: `manifest.json` (format, app version, time, counts, size and sha256 of every part), then the parts:
`mongo/<name>.db` (an online-backup snapshot of each SQLite file, see sqlite_snapshot) and `secret_key` when
DATA_DIR has one. A ZIP because its central directory sits at the end (a truncated file is not a ZIP at all),
each member carries a CRC-32 besides our sha256, the manifest can be read without unpacking the rest, and every
operating system opens one.

Both directions write to a temporary name and move into place only what was checked; a refused restore leaves
DATA_DIR as it was.
"""

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from storage.runtime.data_dir_lock import DataDirLock
from storage.runtime.errors import DatabaseStartError
from storage.runtime.sqlite_snapshot import (
    Counts,
    SnapshotError,
    check_integrity,
    count_records,
    database_files,
    snapshot,
)

FORMAT = "invoices-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MONGO = "mongo"
APP_DATABASE = "invoices.db"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)
CHUNK = 1024 * 1024
COMPRESS_LEVEL = 1  # the PDFs inside are compressed already; level 1 takes most of what the JSON gives


class BackupError(RuntimeError):
    """The backup or restore was refused or failed; the message says why and what to do."""


@dataclass(frozen=True)
class Part:
    path: str  # inside the archive, and relative to DATA_DIR
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    app_version: str
    created_at: str
    counts: Counts
    parts: tuple[Part, ...]

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION, **asdict(self)}, indent=2)


def create_backup(data_dir: Path, destination: Path, *, app_version: str) -> tuple[Path, Manifest]:
    """Snapshots DATA_DIR's embedded database (the app may be running) into one new archive file."""
    mongo_dir = data_dir / MONGO
    sources = database_files(mongo_dir)
    if not any(source.name == APP_DATABASE for source in sources):
        raise BackupError(f"There is no embedded database in {mongo_dir} (no {APP_DATABASE}). Is DATA_DIR right?")
    target = _archive_path(destination)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.") as staging_name:
        staging = Path(staging_name)
        (staging / MONGO).mkdir()
        try:
            for source in sources:
                snapshot(source, staging / MONGO / source.name)
                check_integrity(staging / MONGO / source.name)
            counts = count_records(staging / MONGO / APP_DATABASE)
        except SnapshotError as error:
            raise BackupError(str(error)) from error
        if (data_dir / SECRET_KEY_FILE).is_file():
            shutil.copyfile(data_dir / SECRET_KEY_FILE, staging / SECRET_KEY_FILE)
        names = [f"{MONGO}/{source.name}" for source in sources] + \
            ([SECRET_KEY_FILE] if (staging / SECRET_KEY_FILE).exists() else [])
        manifest = Manifest(app_version=app_version, created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                            counts=counts, parts=tuple(_part(staging, name) for name in names))
        _write_archive(staging, manifest, target)
    return target, manifest


def read_verified_manifest(archive: Path) -> Manifest:
    """The manifest, once every part is present (nothing else is) and matches its size and sha256; reads only."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            manifest = _parse_manifest(bundle)
            expected = {part.path for part in manifest.parts} | {MANIFEST}
            if set(bundle.namelist()) != expected:
                raise BackupError(f"{archive} does not hold exactly the parts its manifest lists.")
            for part in manifest.parts:
                with bundle.open(part.path) as member:
                    size, digest = _digest(member)
                if (size, digest) != (part.size, part.sha256):
                    raise BackupError(f"{archive}: {part.path} does not match its checksum in the manifest: the "
                                      "backup is damaged.")
    except FileNotFoundError:
        raise BackupError(f"There is no file {archive}.") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as error:
        raise BackupError(f"{archive} is damaged or truncated, or not a backup made by `app.py backup` "
                          f"({error}).") from None
    return manifest


def restore_backup(archive: Path, data_dir: Path) -> Manifest:
    """Unpacks a verified archive into an empty (or new) DATA_DIR, holding its lock so no app starts meanwhile."""
    _refuse_unless_empty(data_dir)
    manifest = read_verified_manifest(archive)
    created_dir = not data_dir.exists()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = DataDirLock(data_dir)
    try:
        lock.acquire()
    except DatabaseStartError as error:
        raise BackupError(str(error)) from error
    staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".restoring-"))
    try:
        _unpack_checked(archive, manifest, staging)
        for part in manifest.parts:
            (data_dir / part.path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.replace(staging / part.path, data_dir / part.path)
    except BaseException:
        _undo(data_dir, manifest, lock, created_dir)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    lock.release()
    return manifest


def _archive_path(destination: Path) -> Path:
    if destination.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"invoices-backup-{stamp}.zip"
    if destination.exists():
        raise BackupError(f"{destination} exists already; a backup never overwrites a file. Choose another name.")
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    return destination.absolute()


def _part(staging: Path, name: str) -> Part:
    with (staging / name).open("rb") as file:
        size, digest = _digest(file)
    return Part(path=name, size=size, sha256=digest)


def _write_archive(staging: Path, manifest: Manifest, target: Path) -> None:
    temporary = staging / "archive.zip"
    with zipfile.ZipFile(temporary, "x", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL,
                         allowZip64=True) as bundle:
        bundle.writestr(MANIFEST, manifest.to_json())
        for part in manifest.parts:
            bundle.write(staging / part.path, part.path)
    os.chmod(temporary, 0o600)  # password hashes, session hashes and the secret key are inside
    with temporary.open("rb") as written:
        os.fsync(written.fileno())
    os.replace(temporary, target)
    _fsync_folder(target.parent)


def _parse_manifest(bundle: zipfile.ZipFile) -> Manifest:
    try:
        raw: dict[str, Any] = json.loads(bundle.read(MANIFEST))
        if raw.get("format") != FORMAT:
            raise BackupError("This file is not a backup made by `app.py backup` (its manifest names no such format).")
        if raw.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"This backup has format version {raw.get('format_version')}; this app reads version "
                              f"{FORMAT_VERSION}. Restore it with the app version that made it.")
        parts = tuple(Part(path=_safe_path(str(part["path"])), size=int(part["size"]), sha256=str(part["sha256"]))
                      for part in raw["parts"])
        manifest = Manifest(app_version=str(raw["app_version"]), created_at=str(raw["created_at"]),
                            counts=Counts(**raw["counts"]), parts=parts)
    except KeyError as missing:
        raise BackupError(f"The backup has no {missing}: it is damaged or not a backup.") from None
    except (ValueError, TypeError) as error:
        raise BackupError(f"The backup's manifest is damaged ({error}).") from None
    if f"{MONGO}/{APP_DATABASE}" not in {part.path for part in parts}:
        raise BackupError("The backup holds no app database.")
    return manifest


def _safe_path(path: str) -> str:
    """Only the names a backup can contain: nothing absolute, no '..', nothing outside mongo/ but the key."""
    pure = PurePosixPath(path)
    allowed = (len(pure.parts) == 2 and pure.parts[0] == MONGO and pure.suffix == ".db"
               and not pure.name.startswith(".")) or path == SECRET_KEY_FILE
    if not allowed:
        raise ValueError(f"unexpected part {path!r}")
    return path


def _unpack_checked(archive: Path, manifest: Manifest, staging: Path) -> None:
    with zipfile.ZipFile(archive) as bundle:
        for part in manifest.parts:
            target = staging / part.path
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with bundle.open(part.path) as member, open(target, "xb") as out:
                os.fchmod(out.fileno(), 0o600)
                while chunk := member.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != part.sha256:
                raise BackupError(f"{part.path} changed while it was restored; nothing was restored.")
    try:
        for database in database_files(staging / MONGO):
            check_integrity(database)
        counts = count_records(staging / MONGO / APP_DATABASE)
    except SnapshotError as error:
        raise BackupError(f"{error}; nothing was restored.") from error
    if counts != manifest.counts:
        raise BackupError(f"The backup's database holds {counts}, its manifest says {manifest.counts}; "
                          "nothing was restored.")


def _refuse_unless_empty(data_dir: Path) -> None:
    if data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir())):
        raise BackupError(f"DATA_DIR {data_dir} is not empty. A restore only goes into an empty or new folder: "
                          "point DATA_DIR at one (and move the old folder aside yourself if it is to be replaced).")


def _undo(data_dir: Path, manifest: Manifest, lock: DataDirLock, created_dir: bool) -> None:
    for part in manifest.parts:
        (data_dir / part.path).unlink(missing_ok=True)
    shutil.rmtree(data_dir / MONGO, ignore_errors=True)
    lock.release()
    lock.path.unlink(missing_ok=True)
    if created_dir:
        shutil.rmtree(data_dir, ignore_errors=True)


def _digest(stream: Any) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
