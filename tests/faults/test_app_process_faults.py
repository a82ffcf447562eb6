"""The app process dies or is stopped in the middle of renders: every invoice still ends Ready."""

import os
import re
import signal
from pathlib import Path

from storage.runtime.embedded_mongo import EmbeddedMongo
from tests.support.processes import live_members_of_group, wait_until_group_is_gone
from tests.support.seeding import (
    all_ready_exactly_once,
    invoices_in,
    rendering_started,
    seed_processing_invoices,
    statuses,
    wait_until,
)
from tests.support.servers import ServerProcess

INVOICES = 4
FAST_RECOVERY = {"JOB_LEASE_S": "3", "JOB_RECOVERY_INTERVAL_S": "0.5", "PDF_WORKERS": "2", "SHUTDOWN_GRACE_S": "2"}


async def test_an_app_killed_with_sigkill_mid_render_finishes_every_invoice_after_a_restart(
        tmp_path: Path, fresh_database_uri: str) -> None:
    await seed_processing_invoices(fresh_database_uri, owner_id="owner-1", count=INVOICES, lines=150)
    server = ServerProcess(data_dir=tmp_path / "data", MONGODB_URI=fresh_database_uri, **FAST_RECOVERY).start()
    assert server.process is not None
    wait_until(lambda: rendering_started(fresh_database_uri), 60, "a render started")
    assert "processing" in statuses(fresh_database_uri)
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    no_process_left_behind(server)

    restarted = ServerProcess(data_dir=tmp_path / "data", MONGODB_URI=fresh_database_uri, **FAST_RECOVERY).start()
    try:
        wait_until(lambda: all_ready_exactly_once(fresh_database_uri, INVOICES), 120,
                   "every invoice was ready, with one stored PDF each and an empty queue")
    finally:
        restarted.stop()
    assert len(invoices_in(fresh_database_uri)) == INVOICES


async def test_sigterm_mid_render_stops_every_process_and_the_next_start_finishes_the_jobs(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    embedded = EmbeddedMongo(data_dir)
    database_uri = embedded.start()
    await seed_processing_invoices(database_uri, owner_id="owner-1", count=INVOICES, lines=150)
    embedded.stop()

    server = ServerProcess(data_dir=data_dir, **FAST_RECOVERY).start()  # the app's own embedded database
    assert server.process is not None
    assert "nx_27017" in " ".join(info.command for info in live_members_of_group(server.process.pid))
    wait_until(lambda: rendering_started(embedded_uri(server)), 60, "a render started")
    server.stop(signal.SIGTERM, timeout_s=30)
    no_process_left_behind(server)

    restarted = ServerProcess(data_dir=data_dir, **FAST_RECOVERY).start()
    try:
        wait_until(lambda: all_ready_exactly_once(embedded_uri(restarted), INVOICES), 120,
                   "every invoice was ready, with one stored PDF each and an empty queue")
        assert len(invoices_in(embedded_uri(restarted))) == INVOICES
    finally:
        restarted.stop()
    no_process_left_behind(restarted)


def embedded_uri(server: ServerProcess) -> str:
    match = re.search(r"listening at (mongodb://\S+)", server.output().split("NiceGUI ready")[-2])
    assert match, server.output()
    return match.group(1)


def no_process_left_behind(server: ServerProcess) -> None:
    """Workers, the embedded database and multiprocessing's resource tracker all end within seconds."""
    assert server.process is not None
    group = server.process.pid
    assert not wait_until_group_is_gone(group, timeout_s=15), live_members_of_group(group)
