"""(issue 18) The editor at size, in a real Chromium: "Add line item" at the 1st and the 150th line, and a 500-line
invoice pasted from a spreadsheet, typed into at line 500 and at line 1, and given lines 501-503.

The figures are the browser tests' own (tests/e2e/test_editor.py): they are run here against a real app server,
and the JSON each leaves in its artifacts becomes this section.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
MODULE = "tests/e2e/test_editor.py"
TESTS = {  # test name: the file of figures it leaves in its artifacts
    "test_150_line_items_can_be_added_one_by_one_and_each_add_focuses_the_new_description": "line_item_adds.json",
    "test_a_500_line_invoice_pasted_from_a_spreadsheet_is_edited_at_line_500_and_saved_with_the_servers_total":
        "big_invoice.json",
}


def measure_editor(*, quick: bool) -> dict[str, Any]:
    """`quick` changes nothing: both tests together take about two minutes."""
    files = [REPO / "tests" / "artifacts" / "e2e" / test / name for test, name in TESTS.items()]
    for file in files:
        file.unlink(missing_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "NICEGUI_"))}
    finished = subprocess.run([sys.executable, "-m", "pytest", *(f"{MODULE}::{test}" for test in TESTS), "-q",
                               "-p", "no:cacheprovider"], cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=1200, check=False)
    missing = [file.name for file in files if not file.exists()]
    if missing:
        raise RuntimeError(f"the browser tests measured nothing for {missing}:\n"
                           f"{finished.stdout[-3000:]}{finished.stderr[-2000:]}")
    figures: dict[str, Any] = {}
    for file in files:
        figures.update(json.loads(file.read_text()))
    return {**figures, "browser_tests_passed": finished.returncode == 0}
