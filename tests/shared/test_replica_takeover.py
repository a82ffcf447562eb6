"""Two app processes share one database and one Redis; one dies mid-render and the other finishes its work."""

import os
import signal
from pathlib import Path

from tests.support.seeding import invoices_in, rendering_started, seed_processing_invoices, statuses, wait_until
from tests.support.servers import ServerProcess

INVOICES = 4
FAST_TAKEOVER = {"JOB_LEASE_S": "3", "JOB_RECOVERY_INTERVAL_S": "0.5", "PDF_WORKERS": "1"}


async def test_when_a_replica_dies_mid_render_the_other_makes_every_pdf(
        tmp_path: Path, fresh_database_uri: str, redis_url: str) -> None:
    await seed_processing_invoices(fresh_database_uri, owner_id="owner-1", count=INVOICES, lines=150)
    shared = {"MONGODB_URI": fresh_database_uri, "REDIS_URL": redis_url, **FAST_TAKEOVER}
    doomed = ServerProcess(data_dir=tmp_path / "replica-a", **shared).start()
    assert doomed.process is not None
    wait_until(lambda: rendering_started(fresh_database_uri), 60, "replica A started rendering")
    survivor = ServerProcess(data_dir=tmp_path / "replica-b", **shared).start()
    try:
        os.kill(doomed.process.pid, signal.SIGKILL)
        doomed.process.wait()
        wait_until(lambda: statuses(fresh_database_uri) == ["ready"] * INVOICES, 120, "every invoice was ready")
    finally:
        survivor.stop()
    assert len(invoices_in(fresh_database_uri)) == INVOICES
