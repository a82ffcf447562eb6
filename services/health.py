"""What the health probe reports: whether the database answers."""

from storage.database import Database, ping

PROBE_TIMEOUT_S = 2.0


class Health:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def database_up(self) -> bool:
        return await ping(self._db, timeout_s=PROBE_TIMEOUT_S)
