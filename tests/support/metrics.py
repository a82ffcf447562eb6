"""Reading /metrics as Prometheus would, through the simulated browser's HTTP client."""

from nicegui.testing import User
from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(user: User) -> Samples:
    response = await user.http_client.get("/metrics")  # the simulated client connects from 127.0.0.1
    assert response.status_code == 200, response.text
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)
