"""Where the database lives: the configured MONGODB_URI, or the embedded nx-27017 server under DATA_DIR."""

import logging
from pathlib import Path

from storage.data_dir_lock import DataDirInUseError, DataDirLock
from storage.embedded_mongo import EmbeddedMongo, EmbeddedMongoError

log = logging.getLogger(__name__)
DatabaseStartError = (DataDirInUseError, EmbeddedMongoError)


class DatabaseRuntime:
    def __init__(self, *, mongodb_uri: str | None, data_dir: Path) -> None:
        self._configured_uri = mongodb_uri
        self._lock = DataDirLock(data_dir)
        self.embedded: EmbeddedMongo | None = None if mongodb_uri else EmbeddedMongo(data_dir)

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
        return uri

    def stop(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()
        self._lock.release()
