"""Builds the app's services from settings and a database; the pages receive this and nothing else."""

from dataclasses import dataclass
from datetime import timedelta

from services.accounts import Accounts
from services.events import EventBus
from services.invoices import InvoiceService
from services.login_throttle import LoginThrottle
from services.pdf_jobs import PdfJobs
from services.rate_limit import GenerationLimiter
from services.render_pool import RenderPool
from services.seller import SellerProfiles
from services.sessions import Sessions
from services.settings import Settings
from storage.database import Database, create_indexes


@dataclass(frozen=True)
class Services:
    settings: Settings
    db: Database
    bus: EventBus
    accounts: Accounts
    sessions: Sessions
    sellers: SellerProfiles
    pool: RenderPool
    jobs: PdfJobs
    invoices: InvoiceService

    async def start(self) -> None:
        await create_indexes(self.db)
        self.pool.start()
        self.jobs.start()

    async def stop(self) -> None:
        """Stops taking jobs, gives running renders SHUTDOWN_GRACE_S, then ends every worker process."""
        await self.jobs.drain(self.settings.shutdown_grace_s)
        await self.pool.close(grace_s=1.0)


def build_services(settings: Settings, db: Database) -> Services:
    bus = EventBus()
    sellers = SellerProfiles(db)
    pool = RenderPool(settings.pdf_workers, timeout_s=settings.render_timeout_s)
    jobs = PdfJobs(db, pool, bus, lease_s=settings.job_lease_s, recovery_interval_s=settings.job_recovery_interval_s)
    limiter = GenerationLimiter(settings.pdf_rate_limit, settings.rate_limit_storage_uri)
    return Services(
        settings=settings, db=db, bus=bus, accounts=Accounts(db, LoginThrottle(settings.rate_limit_storage_uri)),
        sessions=Sessions(db, secret_key=settings.secret_key, lifetime=timedelta(days=settings.session_days)),
        sellers=sellers, pool=pool, jobs=jobs,
        invoices=InvoiceService(db, limiter=limiter, jobs=jobs, bus=bus, sellers=sellers),
    )
