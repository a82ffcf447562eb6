"""Composition root of `python app.py worker`: a render worker with no web server and no UI.

It connects to MONGODB_URI, runs PDF_WORKERS render processes, claims jobs from the shared queue, stores the
PDFs and announces each change to the owner's tabs through Redis (REDIS_URL). SIGTERM drains it within
SHUTDOWN_GRACE_S. Imported only from app.py's main(), never by the render processes.
"""

import asyncio
import logging
import signal
import sys

from services.container import build_services
from services.observability.exposition import metrics_text
from services.observability.metrics_server import serve_metrics
from services.settings import Settings, SettingsError, load_settings, metrics_networks
from storage.database import connect, database_of

log = logging.getLogger("worker")
NEEDS_MONGODB = ("`python app.py worker` needs MONGODB_URI: a render worker shares its queue with the web processes "
                 "through one MongoDB (the embedded database belongs to a single process). "
                 "Set MONGODB_URI=mongodb://host:27017/invoices.")


def run_worker() -> None:
    try:
        settings = load_settings()
    except SettingsError as error:
        sys.exit(str(error))
    if not settings.mongodb_uri:
        sys.exit(NEEDS_MONGODB)
    if settings.pdf_workers < 1:
        sys.exit("PDF_WORKERS must be at least 1 for `python app.py worker`.")
    asyncio.run(_serve(settings, settings.mongodb_uri))


async def _serve(settings: Settings, mongodb_uri: str) -> None:
    client = connect(mongodb_uri)
    services = build_services(settings, database_of(client))
    stopping = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stopping.set)
    await services.start()
    metrics = None
    if settings.metrics_port:
        metrics = await serve_metrics(settings.metrics_host, settings.metrics_port,
                                      networks=metrics_networks(settings.metrics_allow),
                                      render=lambda: metrics_text(services.queue))
    log.info("render worker ready instance=%s processes=%d redis=%s", services.jobs.instance, settings.pdf_workers,
             "yes" if settings.redis_url else "no")
    await stopping.wait()
    log.info("render worker draining instance=%s grace_s=%g", services.jobs.instance, settings.shutdown_grace_s)
    if metrics is not None:
        metrics.close()
    await services.stop()
    await client.close()
    log.info("render worker stopped instance=%s", services.jobs.instance)
