"""Builds the app's services from settings and a database; the pages receive the narrow PageServices only."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from services.accounts.accounts import Accounts
from services.accounts.browser_ids import BrowserIds
from services.accounts.login_throttle import LoginThrottle
from services.accounts.password_hashing import HashingPool
from services.accounts.seller_profile import SellerProfiles
from services.accounts.sessions import Sessions
from services.accounts.signup_throttle import SignupThrottle
from services.clients.book import ClientBook
from services.clients.save_limit import ClientSaveLimiter
from services.counters import CounterStorage
from services.health import Health
from services.invoices.book import InvoiceBook
from services.invoices.draft_book import DraftBook
from services.invoices.printable import glyph_problem
from services.invoices.rate_limit import DRAFT_SAVES, GenerationLimiter
from services.invoices.service import InvoiceService
from services.jobs.queue_view import QueueView
from services.jobs.render_pool import RenderPool
from services.jobs.runner import PdfJobs
from services.jobs.wakeups import JobWakeups
from services.live.bus import EventBus
from services.live.redis_bus import RedisEventBus
from services.live.session_feed import SessionFeeds
from services.observability.collection_pauses import follow_collections
from services.observability.exposition import Networks, metrics_text
from services.observability.loop_lag import watch_loop_lag
from services.observability.metrics import CONNECTED_TABS
from services.records.period_export import PeriodExport
from services.settings import Settings, metrics_networks
from storage.database import Database, create_indexes

DRAFT_SAVES_PER_MINUTE = "60/minute"


@dataclass(frozen=True)
class PageServices:
    """Everything a page may use: use cases and settings for display, no database, pool or counters."""

    accounts: Accounts
    sessions: Sessions
    sellers: SellerProfiles
    invoices: InvoiceService
    drafts: DraftBook
    book: InvoiceBook
    clients: ClientBook
    records: PeriodExport
    live: SessionFeeds
    health: Health
    default_currency: str
    secure_cookies: bool
    allowed_origins: list[str]
    browser_ids: BrowserIds
    secret_key: str
    metrics: Callable[[], Awaitable[bytes]]
    metrics_networks: Networks


@dataclass(frozen=True)
class Services:
    settings: Settings
    db: Database
    bus: EventBus
    counters: CounterStorage
    accounts: Accounts
    sessions: Sessions
    sellers: SellerProfiles
    pool: RenderPool
    wakeups: JobWakeups
    jobs: PdfJobs
    invoices: InvoiceService
    drafts: DraftBook
    book: InvoiceBook
    clients: ClientBook
    queue: QueueView
    background: list[asyncio.Task[None]] = field(default_factory=list)

    def for_pages(self) -> PageServices:
        return PageServices(
            accounts=self.accounts, sessions=self.sessions, sellers=self.sellers, invoices=self.invoices,
            drafts=self.drafts, book=self.book, clients=self.clients, records=PeriodExport(self.db),
            live=SessionFeeds(self.bus, self.sessions), health=Health(self.db),
            default_currency=self.settings.default_currency,
            secure_cookies=self.settings.https, allowed_origins=self.settings.origins,
            browser_ids=BrowserIds(self.settings.secret_key), secret_key=self.settings.secret_key,
            metrics=lambda: metrics_text(self.queue), metrics_networks=metrics_networks(self.settings.metrics_allow),
        )

    async def start(self) -> None:
        if self.background:  # NiceGUI's test simulation may run the start-up handlers twice
            return
        self.background.append(asyncio.create_task(watch_loop_lag(), name="event-loop lag"))
        self.background.append(asyncio.create_task(asyncio.to_thread(_read_fonts_character_sets),
                                                   name="text checks warm-up"))
        follow_collections()
        await create_indexes(self.db)
        await self.bus.start()
        self.pool.start()
        self.jobs.start()
        CONNECTED_TABS.set_function(lambda: float(self.bus.listener_count()))

    async def stop(self) -> None:
        """Stops taking jobs, gives running renders SHUTDOWN_GRACE_S, then ends every worker process."""
        for task in self.background:
            task.cancel()
        await self.jobs.drain(self.settings.shutdown_grace_s)
        await self.pool.close(grace_s=1.0)
        await self.wakeups.stop()
        await self.bus.stop()
        await self.counters.close()
        self.accounts.close()


def _read_fonts_character_sets() -> None:
    """A quarter second, once per process: in a thread at start-up rather than on the loop in a first check."""
    glyph_problem("")


def build_services(settings: Settings, db: Database) -> Services:
    bus = RedisEventBus(settings.redis_url) if settings.redis_url else EventBus()
    sellers = SellerProfiles(db)
    pool = RenderPool(settings.pdf_workers, timeout_s=settings.render_timeout_s)
    wakeups = JobWakeups(settings.redis_url)
    jobs = PdfJobs(db, pool, bus, wakeups, lease_s=settings.job_lease_s,
                   recovery_interval_s=settings.job_recovery_interval_s)
    queue = QueueView(db, lease_s=settings.job_lease_s)
    counters = CounterStorage(settings.limits_storage_uri)
    limiter = GenerationLimiter(settings.pdf_rate_limit, counters)
    sessions = Sessions(db, bus, secret_key=settings.secret_key, lifetime=timedelta(days=settings.session_days))
    accounts = Accounts(db, LoginThrottle(counters), hashing=HashingPool(settings.password_hash_workers),
                        signups=SignupThrottle(counters, per_address=settings.signup_limit_per_address,
                                               overall=settings.signup_limit_overall))
    clients = ClientBook(db, bus, limiter=ClientSaveLimiter(counters), default_currency=settings.default_currency)
    return Services(
        settings=settings, db=db, bus=bus, accounts=accounts, counters=counters,
        sessions=sessions, sellers=sellers, pool=pool, wakeups=wakeups, jobs=jobs, queue=queue,
        invoices=InvoiceService(db, limiter=limiter, jobs=jobs, bus=bus, sellers=sellers,
                                remember_client=clients.remember_party),
        drafts=DraftBook(db, bus, saves=GenerationLimiter(DRAFT_SAVES_PER_MINUTE, counters, namespace=DRAFT_SAVES)),
        book=InvoiceBook(db, bus, queue=queue),
        clients=clients,
    )
