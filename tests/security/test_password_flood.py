"""Finding 2: a flood of anonymous log-ins and sign-ups (each tab from its own address) starves nobody.

The real app and the benchmark's own scenario (bench/password_flood.py): user B generates invoices over the
socket while the flood runs. Asserted here: B's every Generate completes, the app still answers, and its
memory grows by at most 100 MB. How much slower B's Generate gets is a speed figure: `python -m bench.run
--only flood` measures it against its target (≤ 2× idle) and bench/results.json keeps it.
"""

from pathlib import Path

from bench.password_flood import measure_password_flood


async def test_a_password_flood_leaves_others_working_and_memory_bounded(fresh_database_uri: str, tmp_path: Path
                                                                        ) -> None:
    figures = await measure_password_flood(fresh_database_uri, tmp_path, quick=True)

    assert figures["flood_presses"] >= 20 and figures["accounts_made_by_flood"] > 0  # the flood was real
    assert figures["b_generate_flood_worst_ms"] > 0  # every one of B's generations was acknowledged
    assert figures["app_answered_health_after"]
    assert figures["server_rss_growth_mb"] <= 100, figures
