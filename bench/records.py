"""(records) Backup and restore of an embedded DATA_DIR holding 10,000 invoices, and the accountant's period ZIP.

An embedded nx-27017 is started here on a DATA_DIR of its own (database `invoices`, as the app's). 10,000 issued
invoices of one user, each with a stored PDF (one real ten-line render, made unique per invoice by a trailing
PDF comment), are written in bulk: seeding is not measured. Issue dates spread over 300 days, so a 30-day period
holds a tenth of them.
- backup: `python app.py backup` while the server runs (wall time, archive size, size of DATA_DIR/mongo);
  restore: `python app.py restore` into a new folder (wall time, checks included).
- export: the real `python app.py` (MONGODB_URI pointing at this server) streams GET /invoices-period.zip for
  the whole span and for a 30-day period; wall time, bytes, and the web process's RSS before and at its peak
  (sampled every 50 ms). Flat memory: the peak's growth over the 10,000 export is that of the 1,000 one.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from bson import ObjectId

from bench.app_server import AppProcess, rss_mb
from bench.dashboards import COOKIE
from bench.documents import content as ten_line_content
from bench.documents import render_request as ten_line_request
from services.pdf.document import render_request
from storage.database import connect, create_indexes, database_of
from storage.day_keys import day_key_of
from storage.invoice_documents import details_document, header_document, pdf_document
from storage.pdf_files import store_pdf
from storage.runtime.embedded_mongo import EmbeddedMongo
from storage.search import search_key

REPO = Path(__file__).resolve().parents[1]
FIRST_DAY = date(2026, 1, 1)
SPAN_DAYS = 300
BATCH = 500


async def measure_records(*, quick: bool) -> dict[str, Any]:
    count = 1_000 if quick else 10_000
    with tempfile.TemporaryDirectory(prefix="invoice-bench-records-") as name:
        folder = Path(name)
        mongo = EmbeddedMongo(folder / "data")
        uri = mongo.start()
        try:
            owner = await _seed(uri, count)
            figures: dict[str, Any] = {"invoices": count, **_backup_and_restore(folder)}
            figures |= await _exports(uri, folder, owner, count)
        finally:
            mongo.stop()
    return figures


def _backup_and_restore(folder: Path) -> dict[str, Any]:
    mongo_bytes = sum(path.stat().st_size for path in (folder / "data" / "mongo").iterdir())
    started = time.perf_counter()
    _app_command("backup", folder / "backup.zip", data_dir=folder / "data")
    backup_s = time.perf_counter() - started
    started = time.perf_counter()
    _app_command("restore", folder / "backup.zip", data_dir=folder / "restored")
    restore_s = time.perf_counter() - started
    return {"data_dir_mongo_mb": _mb(mongo_bytes), "backup_s": round(backup_s, 1),
            "backup_mb": _mb((folder / "backup.zip").stat().st_size), "restore_s": round(restore_s, 1)}


async def _exports(uri: str, folder: Path, owner: str, count: int) -> dict[str, Any]:
    app = AppProcess(uri, folder / "app")
    try:
        app.wait_healthy()
        token = await _session(uri, owner)
        await asyncio.sleep(1)
        month = await _export(app, token, FIRST_DAY, FIRST_DAY + timedelta(days=SPAN_DAYS // 10 - 1))
        everything = await _export(app, token, FIRST_DAY, FIRST_DAY + timedelta(days=SPAN_DAYS))
    finally:
        app.stop()
    assert everything["files"] == count + 2, everything
    return {
        "export_all_s": everything["seconds"], "export_all_mb": everything["mb"],
        "export_all_per_s": round(count / everything["seconds"]),
        "export_tenth_s": month["seconds"], "export_tenth_invoices": month["files"] - 2,
        "server_rss_before_mb": everything["rss_before_mb"],
        "server_rss_growth_all_mb": everything["rss_peak_mb"] - everything["rss_before_mb"],
        "server_rss_growth_tenth_mb": month["rss_peak_mb"] - month["rss_before_mb"],
    }


async def _export(app: AppProcess, token: str, first: date, last: date) -> dict[str, Any]:
    before, peak, done = rss_mb(app.pid), 0, False

    async def sample() -> None:
        nonlocal peak
        while not done:
            peak = max(peak, rss_mb(app.pid))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    started = time.perf_counter()
    size, central_directory = 0, b""
    async with httpx.AsyncClient(base_url=app.url, cookies={COOKIE: token}, timeout=600) as http, \
            http.stream("GET", "/invoices-period.zip", params={"from": first.isoformat(), "to": last.isoformat()}) \
            as response:
        response.raise_for_status()
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            central_directory = (central_directory + chunk)[-64 * 1024:]
    seconds = time.perf_counter() - started
    done = True
    await sampler
    files = int.from_bytes(central_directory[-12:-10], "little")  # end of central directory: entries in total
    return {"seconds": round(seconds, 1), "mb": _mb(size), "files": files, "rss_before_mb": before,
            "rss_peak_mb": max(peak, before)}


async def _seed(uri: str, count: int) -> str:
    """One user's `count` issued invoices with Ready PDFs, written in bulk (the app's own document mapping)."""
    client = connect(uri)
    db = database_of(client)
    await create_indexes(db)
    owner = str((await db.users.insert_one({"email": "records@example.com", "password_hash": "-",
                                            "seller": {"name": "Acme GmbH", "address": ""}})).inserted_id)
    template = render_request(ten_line_request(10))
    content = ten_line_content(10)
    for start in range(0, count, BATCH):
        headers, details = [], []
        for seq in range(start + 1, min(count, start + BATCH) + 1):
            invoice_id, number = ObjectId(), f"INV-{seq:04d}"
            data = template + f"\n% {number} {hashlib.sha256(str(invoice_id).encode()).hexdigest()}\n".encode()
            pdf = await store_pdf(db, owner_id=owner, invoice_id=str(invoice_id), filename=f"{number}.pdf", data=data)
            issued = (FIRST_DAY + timedelta(days=(seq - 1) % SPAN_DAYS)).isoformat()
            header = header_document(content) | {"issue_date": issued, "due_date": issued}
            now = datetime.now(UTC)
            headers.append({"_id": invoice_id, "owner_id": owner, "series": "INV", "seq": seq, "number": number,
                            "kind": "invoice", "status": "ready", "failure_reason": "", "attempts": 1,
                            "created_at": now, "updated_at": now, "client_id": "", "credit_for": "", "paid_on": "",
                            "cancelled_by": "", "cancelled_by_id": "", "search": search_key(number),
                            "issue_day": day_key_of(issued), "due_day": day_key_of(issued),
                            **header, "pdf": pdf_document(pdf)})
            details.append({"_id": invoice_id, "owner_id": owner, **details_document(content)})
        await db.invoice_details.insert_many(details)
        await db.invoices.insert_many(headers)
    await client.close()
    return owner


async def _session(uri: str, owner: str) -> str:
    from datetime import timedelta as days

    from services.accounts.sessions import Sessions
    from services.live.bus import EventBus

    client = connect(uri)
    try:
        sessions = Sessions(database_of(client), EventBus(), secret_key="bench-" * 8, lifetime=days(days=1))
        return (await sessions.open(user_id=owner)).token
    finally:
        await client.close()


def _app_command(command: str, path: Path, *, data_dir: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTEST_", "NICEGUI_")) and key != "MONGODB_URI"}
    finished = subprocess.run([sys.executable, "app.py", command, str(path)], cwd=REPO, capture_output=True,
                              text=True, env=env | {"DATA_DIR": str(data_dir)}, timeout=900, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"app.py {command} failed: {finished.stderr}")


def _mb(size: int) -> float:
    return round(size / 1024 / 1024, 1)
