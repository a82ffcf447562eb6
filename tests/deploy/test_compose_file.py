"""deploy/ as written: the Compose file is valid under the Compose specification's JSON schema (vendored by
check-jsonschema, offline), scales its workers, and the proxy configuration is the one the template gives."""

import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ruamel.yaml import YAML

from tests.support.servers import REPO_ROOT

COMPOSE = REPO_ROOT / "deploy" / "docker-compose.yml"


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
                           str(path)], capture_output=True, text=True, check=False)


def compose() -> dict[str, Any]:
    return dict(YAML(typ="safe").load(COMPOSE.read_text()))


def haproxy_config_script() -> SimpleNamespace:
    """scripts/haproxy-config, the generator of deploy/haproxy.cfg (a script without .py, so loaded by path)."""
    return SimpleNamespace(**runpy.run_path(str(REPO_ROOT / "scripts" / "haproxy-config"), run_name="haproxy_config"))


def test_the_compose_file_is_valid_under_the_compose_specification() -> None:
    result = validate(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_compose_file_with_a_misspelt_key_is_refused_by_the_same_check(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE.read_text().replace("    stop_grace_period: 30s\n", "    stop_grace_periode: 30s\n", 1))
    result = validate(broken)
    assert result.returncode != 0 and "stop_grace_periode" in result.stdout + result.stderr


def test_workers_scale_with_scale_and_web_replicas_render_nothing() -> None:
    services = compose()["services"]
    worker = services["worker"]
    assert worker["command"] == ["python", "app.py", "worker"]
    assert not {"ports", "container_name", "volumes"} & set(worker)  # N identical copies can run side by side
    assert worker["environment"]["MONGODB_URI"] and worker["environment"]["REDIS_URL"]
    for web in ("app1", "app2"):
        assert services[web]["environment"]["PDF_WORKERS"] == "0"


def test_the_proxy_configuration_is_the_template_rendered_for_the_compose_replicas() -> None:
    script = haproxy_config_script()
    assert (REPO_ROOT / "deploy" / "haproxy.cfg").read_text() == script.render(script.COMPOSE_REPLICAS)
    web_services = {name for name, service in compose()["services"].items()
                    if service.get("environment", {}).get("PDF_WORKERS") == "0"}
    assert {replica.partition("=")[0] for replica in script.COMPOSE_REPLICAS} == web_services
