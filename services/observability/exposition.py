"""/metrics in the Prometheus text format, for addresses configured in METRICS_ALLOW only."""

import logging
from ipaddress import IPv4Network, IPv6Network, ip_address

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pymongo.errors import PyMongoError

from services.jobs.queue_view import QueueView

log = logging.getLogger(__name__)
CONTENT_TYPE = CONTENT_TYPE_LATEST
Networks = list[IPv4Network | IPv6Network]


def client_allowed(host: str | None, networks: Networks) -> bool:
    if not host:
        return False
    try:
        address = ip_address(host)
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


async def metrics_text(queue: QueueView) -> bytes:
    """This process's metrics; the queue gauges are refreshed from the database first when it answers."""
    try:
        await queue.refresh_gauges()
    except PyMongoError as error:
        log.warning("Queue gauges not refreshed (database unreachable): %s", error)
    return generate_latest()
