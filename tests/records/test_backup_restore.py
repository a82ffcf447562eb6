"""`app.py backup` while a real app serves, `app.py restore` into a new DATA_DIR, and the app started on it:
same users and passwords, same numbers, byte-identical PDFs through the app's own download route."""

import asyncio
import io
import json
import secrets
import subprocess
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

from pymongo import MongoClient

from storage.runtime.embedded_mongo import EmbeddedMongo
from tests.support.records import Traffic, embedded_uri, log_in_over_http, open_database, pdf_digest, run_app_command
from tests.support.servers import REPO_ROOT, ServerProcess, server_env

SETTINGS = {"PDF_WORKERS": "2", "PDF_RATE_LIMIT": "1000/minute", "JOB_RECOVERY_INTERVAL_S": "0.3",
            "SHUTDOWN_GRACE_S": "2"}


async def test_a_backup_taken_while_the_app_serves_restores_every_login_number_and_pdf(tmp_path: Path) -> None:
    secret = secrets.token_urlsafe(48)
    source = ServerProcess(data_dir=tmp_path / "source", SECRET_KEY=secret, **SETTINGS).start()
    restored: ServerProcess | None = None
    try:
        client, db = await open_database(embedded_uri(source))
        traffic = Traffic(db)
        load = asyncio.create_task(traffic.run())
        while await db.invoices.count_documents({"status": "ready"}) < 5:
            await asyncio.sleep(0.2)
        backup = await asyncio.to_thread(run_app_command, "backup", str(tmp_path / "backup.zip"),
                                         data_dir=tmp_path / "source")
        invoices_during_backup = traffic.invoices
        await asyncio.sleep(1)  # the stream goes on after the snapshot, too
        traffic.running = False
        await load
        assert backup.returncode == 0, backup.stderr
        assert traffic.invoices > invoices_during_backup > 0

        restore = run_app_command("restore", str(tmp_path / "backup.zip"), data_dir=tmp_path / "restored")
        assert restore.returncode == 0, restore.stderr
        manifest = json.loads(zipfile.ZipFile(tmp_path / "backup.zip").read("manifest.json"))
        users, invoices = snapshot_of(tmp_path / "restored")
        assert manifest["counts"]["users"] == len(users) > 0
        assert manifest["counts"]["invoices"] == len(invoices) > 0
        assert len(users) < len(traffic.passwords)  # later sign-ups are not in it: it is a snapshot

        restored = ServerProcess(data_dir=tmp_path / "restored", SECRET_KEY=secret, **SETTINGS).start()
        restored_client, restored_db = await open_database(embedded_uri(restored))
        source_by_id = {str(doc["_id"]): doc async for doc in db.invoices.find({})}
        numbers: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        for invoice in invoices:
            assert source_by_id[invoice["id"]]["number"] == invoice["number"]
            assert source_by_id[invoice["id"]]["owner_id"] == invoice["owner_id"]
            numbers[(invoice["owner_id"], invoice["series"])].append(invoice["seq"])
        assert all(sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in numbers.values())

        compared = 0
        for email, user_id in users.items():
            password = traffic.passwords[email]
            at_restored = await log_in_over_http(restored, restored_db, email=email, password=password,
                                                 secret_key=secret)
            at_source = await log_in_over_http(source, db, email=email, password=password, secret_key=secret)
            assert (await at_restored.get("/")).status_code == 200
            for invoice in (row for row in invoices if row["owner_id"] == user_id and row["sha256"]):
                restored_digest = await pdf_digest(at_restored, str(invoice["id"]))
                assert restored_digest == invoice["sha256"] == await pdf_digest(at_source, str(invoice["id"]))
                compared += 1
            await at_restored.aclose()
            await at_source.aclose()
        assert compared >= 5
        await client.close()
        await restored_client.close()
    finally:
        source.stop()
        if restored is not None:
            restored.stop()


def snapshot_of(data_dir: Path) -> tuple[dict[str, str], list[dict[str, str | int]]]:
    """Users (email -> id) and invoices as restored, read before any app touches them."""
    embedded = EmbeddedMongo(data_dir)
    with MongoClient(embedded.start()) as client:
        db = client.get_default_database()
        users = {doc["email"]: str(doc["_id"]) for doc in db.users.find({})}
        invoices: list[dict[str, str | int]] = [
            {"id": str(doc["_id"]), "owner_id": doc["owner_id"], "number": doc["number"], "series": doc["series"],
             "seq": doc["seq"], "sha256": doc["pdf"]["sha256"] if doc["status"] == "ready" else ""}
            for doc in db.invoices.find({})]
    embedded.stop()
    return users, invoices


def test_a_damaged_or_truncated_backup_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    source_dir = tmp_path / "source"
    embedded = EmbeddedMongo(source_dir)
    with MongoClient(embedded.start()) as client:
        client.get_default_database().users.insert_one({"email": "a@example.com", "password_hash": "x"})
    embedded.stop()
    assert run_app_command("backup", str(tmp_path / "good.zip"), data_dir=source_dir).returncode == 0
    good = (tmp_path / "good.zip").read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0xFF
    damaged = {"truncated": good[: len(good) * 2 // 3], "flipped": bytes(flipped), "empty": b"",
               "tampered": rezipped_with_a_changed_part(tmp_path / "good.zip")}
    for name, content in damaged.items():
        (tmp_path / f"{name}.zip").write_bytes(content)
        target = tmp_path / f"restore-{name}"
        result = run_app_command("restore", str(tmp_path / f"{name}.zip"), data_dir=target)
        assert result.returncode == 1, (name, result.stdout, result.stderr)
        assert "restore refused" in result.stderr and ("damaged" in result.stderr or "truncated" in result.stderr)
        assert not target.exists(), (name, list(target.rglob("*")))


def rezipped_with_a_changed_part(archive: Path) -> bytes:
    """A well-formed ZIP (every CRC right) whose database differs by one byte from what the manifest says."""
    out = io.BytesIO()
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = bytearray(source.read(name))
            if name == "mongo/invoices.db":
                data[-1] ^= 0x01
            target.writestr(name, bytes(data))
    return out.getvalue()


def test_a_restore_refuses_a_folder_that_is_not_empty_and_the_backup_refuses_an_external_mongodb(
        tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    (tmp_path / "backup.zip").write_bytes(b"not even read")
    refused = run_app_command("restore", str(tmp_path / "backup.zip"), data_dir=tmp_path / "busy")
    assert refused.returncode == 1 and "not empty" in refused.stderr
    assert [path.name for path in (tmp_path / "busy").iterdir()] == ["notes.txt"]

    external = subprocess.run([sys.executable, "app.py", "backup", str(tmp_path / "x.zip")], cwd=REPO_ROOT,
                              capture_output=True, text=True, check=False,
                              env=server_env(DATA_DIR=str(tmp_path / "d"), MONGODB_URI="mongodb://db.example/app"))
    assert external.returncode == 2 and "mongodump" in external.stderr
    assert not (tmp_path / "x.zip").exists()
