import gc
import signal
from pathlib import Path

import pytest
from nicegui.testing.user_simulation import user_simulation

from tests.support.app import PASSWORD, log_in, sign_up
from tests.support.servers import REPO_ROOT, ServerProcess, run_app_once
from tests.support.workers import run_worker_once


@pytest.mark.parametrize(("variable", "value"), [("PORT", "eighty"), ("PDF_WORKERS", "-1"),
                                                 ("MONGODB_URI", "postgres://x"), ("PDF_RATE_LIMIT", "lots")])
def test_an_invalid_setting_stops_the_app_with_a_message_naming_it(tmp_path: Path, variable: str, value: str) -> None:
    result = run_app_once(data_dir=tmp_path / "data", **{variable: value})
    assert result.returncode != 0
    assert f"Invalid configuration: {variable}" in result.stderr


@pytest.mark.parametrize("secret", ["", "changeme", "short-secret"])
def test_production_refuses_a_missing_or_placeholder_secret(tmp_path: Path, secret: str) -> None:
    result = run_app_once(data_dir=tmp_path / "data", APP_ENV="production", SECRET_KEY=secret)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_a_second_app_on_the_same_data_dir_is_refused_clearly(tmp_path: Path) -> None:
    first = ServerProcess(data_dir=tmp_path / "data").start()
    try:
        second = run_app_once(data_dir=tmp_path / "data")
        assert second.returncode != 0
        assert f"The data folder {tmp_path / 'data'} is already in use" in second.stderr
    finally:
        first.stop(signal.SIGTERM)


async def test_accounts_survive_a_restart_of_the_app_and_its_embedded_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONGODB_URI")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "embedded"))
    async with user_simulation(main_file=REPO_ROOT / "app.py") as first_run:
        await sign_up(first_run, "ivy@example.com")
    assert (tmp_path / "embedded" / "secret_key").exists() is False  # SECRET_KEY came from the environment
    async with user_simulation(main_file=REPO_ROOT / "app.py") as second_run:
        await log_in(second_run, "ivy@example.com", PASSWORD)
        await second_run.should_see("ivy@example.com")


def test_a_render_worker_without_mongodb_uri_refuses_to_start_and_says_what_to_set(tmp_path: Path) -> None:
    result = run_worker_once(DATA_DIR=str(tmp_path / "data"))
    assert result.returncode != 0
    assert "`python app.py worker` needs MONGODB_URI" in result.stderr
    assert not (tmp_path / "data" / "mongo").exists()  # no embedded database was started for it


async def test_a_stopped_app_leaves_the_process_collector_as_it_found_it() -> None:
    """Whatever runs after the app in the same process (the rest of this suite: Hypothesis looks for a registered
    generator's referrers with gc.get_referrers, which sees no frozen object) gets CPython's collector back."""
    thresholds = gc.get_threshold()
    async with user_simulation(main_file=REPO_ROOT / "app.py") as user:
        await sign_up(user, "ivy@example.com")
        gc.collect()
        assert gc.get_freeze_count() > 0  # serving: what a full collection keeps is frozen

    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gc.get_freeze_count() == 0  # a full collection freezes nothing any more
    kept = [object()]
    assert gc.get_referrers(kept[0]) == [kept]  # found, unlike a frozen referrer
