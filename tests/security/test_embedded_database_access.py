"""Finding 1: another local Unix user can neither read nor write the embedded database (run as a real other user)."""

import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from pymongo import MongoClient

from tests.security.other_unix_user import other_unix_user, probe_as
from tests.support.processes import live_members_of_group
from tests.support.servers import ServerProcess

SECRET_EMAIL = "victim-7f3a@example.com"

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="creating another Unix user needs root")


@pytest.fixture
def world_traversable_workspace() -> Iterator[Path]:
    """A parent folder every user may enter (pytest's tmp_path is 0700, which would hide the data by itself)."""
    workspace = Path(tempfile.mkdtemp(prefix="inv-sec-"))
    workspace.chmod(0o755)
    yield workspace
    import shutil

    shutil.rmtree(workspace, ignore_errors=True)


def test_another_local_user_can_neither_read_nor_write_the_embedded_database(
        world_traversable_workspace: Path) -> None:
    data_dir = world_traversable_workspace / "data"
    server = ServerProcess(data_dir=data_dir).start()
    try:
        assert server.process is not None
        endpoints = database_endpoints(server.process.pid)
        assert endpoints, "the app's embedded database listens somewhere"
        with MongoClient(endpoints[0], directConnection=True) as client:  # the app's own user (root here) can
            client["invoices"]["users"].insert_one({"email": SECRET_EMAIL, "password_hash": "$argon2id$v=19$x"})
        with other_unix_user() as stranger:
            seen = probe_as(stranger, workspace=world_traversable_workspace, data_dir=data_dir,
                            secret=SECRET_EMAIL, endpoints=endpoints)
        with MongoClient(endpoints[0], directConnection=True) as client:
            forged = client["invoices"]["sessions"].find_one({"_id": "forged-by-probe"})
    finally:
        server.stop()

    assert seen.ran
    assert seen.found_secret_in == []
    assert seen.read_files == []
    assert seen.connected == [] and seen.wrote == [] and forged is None
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    exposed = [path for path in data_dir.rglob("*") if path.lstat().st_mode & 0o077]
    assert exposed == []


def database_endpoints(server_pid: int) -> list[str]:
    """Every address the app's nx-27017 child listens on, as an attacker reading /proc would find it."""
    inodes: set[str] = set()
    for info in live_members_of_group(server_pid):
        if "nx_27017" in info.command or "nx-27017" in info.command:
            for fd in Path(f"/proc/{info.pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[len("socket:["):-1])
    endpoints = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
            endpoints.append(f"mongodb://127.0.0.1:{int(fields[1].split(':')[1], 16)}/?directConnection=true")
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[6] in inodes:
            endpoints.append(f"mongodb://{quote(fields[7], safe='')}/?directConnection=true")
    return endpoints
