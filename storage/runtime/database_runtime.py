"""Where the database lives: the configured MONGODB_URI, or the embedded nx-27017 server under DATA_DIR.

For the embedded server, a watchdog thread restarts it (same port, same data) if its process dies.
"""

import logging
import threading
from pathlib import Path

from storage.runtime.data_dir_lock import DataDirLock
from storage.runtime.embedded_mongo import EmbeddedMongo, EmbeddedMongoError

log = logging.getLogger(__name__)
WATCHDOG_INTERVAL_S = 1.0


class DatabaseRuntime:
    def __init__(self, *, mongodb_uri: str | None, data_dir: Path) -> None:
        self._configured_uri = mongodb_uri
        self._lock = DataDirLock(data_dir)
        self.embedded: EmbeddedMongo | None = None if mongodb_uri else EmbeddedMongo(data_dir)
        self._stopping = threading.Event()
        self._watchdog: threading.Thread | None = None

    def start(self) -> str:
        """Blocking: takes the DATA_DIR lock, then starts the embedded server when no URI is configured."""
        self._lock.acquire()
        if self.embedded is None:
            assert self._configured_uri is not None
            return self._configured_uri
        try:
            uri = self.embedded.start()
        except Exception:
            self._lock.release()
            raise
        log.info("Embedded MongoDB (nx-27017) is listening at %s", uri)
        # The child dies with the thread that started it (PR_SET_PDEATHSIG), so restarts happen on this
        # long-lived thread too.
        self._watchdog = threading.Thread(target=self._watch, args=(self.embedded,), name="embedded-mongo-watchdog",
                                          daemon=True)
        self._watchdog.start()
        return uri

    def stop(self) -> None:
        self._stopping.set()
        if self._watchdog is not None:
            self._watchdog.join(timeout=10)
        if self.embedded is not None:
            self.embedded.stop()
        self._lock.release()

    def _watch(self, embedded: EmbeddedMongo) -> None:
        while not self._stopping.wait(WATCHDOG_INTERVAL_S):
            try:
                if embedded.restart_if_dead():
                    log.warning("The embedded MongoDB process had died; it was restarted on the same data")
            except EmbeddedMongoError:
                log.exception("The embedded MongoDB could not be restarted; retrying")
