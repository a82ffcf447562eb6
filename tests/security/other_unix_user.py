"""Another local Unix user, created for one test and removed after it, and a probe run as that user."""

import json
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import bson
import dns
import gridfs
import pymongo

INTERPRETER = "/usr/bin/python3"
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
PROBE = r'''
import json, os, sys
from pymongo import MongoClient

data_dir, secret, endpoints = sys.argv[1], sys.argv[2].encode(), json.loads(sys.argv[3])
seen = {"ran": True, "user": os.getuid(), "read_files": [], "found_secret_in": [], "connected": [], "wrote": []}
for folder, _, files in os.walk(data_dir):
    for name in files:
        path = os.path.join(folder, name)
        try:
            data = open(path, "rb").read()
        except OSError:
            continue
        seen["read_files"].append(path)
        if secret in data:
            seen["found_secret_in"].append(path)
for uri in endpoints:
    try:
        with MongoClient(uri, serverSelectionTimeoutMS=2000, connectTimeoutMS=2000) as client:
            users = list(client["invoices"]["users"].find({}, {"email": 1}))
            seen["connected"].append(uri)
            if any(secret.decode() in str(user) for user in users):
                seen["found_secret_in"].append(uri)
            client["invoices"]["sessions"].insert_one({"_id": "forged-by-probe", "user_id": "victim"})
            seen["wrote"].append(uri)
    except Exception as error:
        seen.setdefault("refused", []).append(f"{uri}: {type(error).__name__}")
print(json.dumps(seen))
'''


@dataclass(frozen=True)
class ProbeResult:
    ran: bool
    read_files: list[str]
    found_secret_in: list[str]
    connected: list[str]
    wrote: list[str]


@contextmanager
def other_unix_user() -> Iterator[str]:
    """A throwaway account with no home and no login shell; removed afterwards."""
    name = f"probe{secrets.token_hex(4)}"
    subprocess.run([_tool("useradd"), "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", name],
                   check=True)
    try:
        yield name
    finally:
        subprocess.run([_tool("userdel"), name], check=False)


def probe_as(user: str, *, workspace: Path, data_dir: Path, secret: str, endpoints: list[str]) -> ProbeResult:
    """Runs the probe as `user` with Debian's python3 and a world-readable copy of pymongo.

    The test's interpreter and virtualenv may sit in folders other users cannot enter (pyenv under /root); the
    probe must not fail for that reason (it would then prove nothing), so what it imports is copied beside it.
    """
    probe_dir = workspace / "probe"
    probe_dir.mkdir(mode=0o755)
    for package in (pymongo, bson, gridfs, dns):
        shutil.copytree(Path(package.__file__).parent, probe_dir / package.__name__)
    (probe_dir / "probe.py").write_text(PROBE)
    for path in (probe_dir, *probe_dir.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    completed = subprocess.run(
        [_tool("runuser"), "-u", user, "--", INTERPRETER, "-s", str(probe_dir / "probe.py"), str(data_dir), secret,
         json.dumps(endpoints)],
        capture_output=True, text=True, timeout=120, check=False, cwd=probe_dir,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(probe_dir)},
    )
    assert completed.returncode == 0, completed.stderr
    seen = json.loads(completed.stdout)
    assert seen["user"] != 0
    return ProbeResult(ran=seen["ran"], read_files=seen["read_files"], found_secret_in=seen["found_secret_in"],
                       connected=seen["connected"], wrote=seen["wrote"])


def _tool(name: str) -> str:
    found = shutil.which(name, path=SYSTEM_PATH)
    assert found, f"{name} is needed to run a probe as another user"
    return found
