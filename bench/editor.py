"""(issue 18) The editor at size: "Add line item" at the 1st and the 150th line, in a real Chromium.

The figures are the browser test's own (tests/e2e/test_editor.py): it is run here against a real app server,
and the JSON it leaves in its artifacts becomes this section.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TEST = "tests/e2e/test_editor.py::test_150_line_items_can_be_added_one_by_one_and_each_add_focuses_the_new_description"
FIGURES = REPO / "tests" / "artifacts" / "e2e" / TEST.rsplit("::", 1)[1] / "line_item_adds.json"


def measure_editor(*, quick: bool) -> dict[str, Any]:
    """`quick` changes nothing: the 150 adds take about half a minute."""
    FIGURES.unlink(missing_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "NICEGUI_"))}
    finished = subprocess.run([sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:cacheprovider"], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=600, check=False)
    if not FIGURES.exists():
        raise RuntimeError(f"the browser test measured nothing:\n{finished.stdout[-3000:]}{finished.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(FIGURES.read_text())
    return {**figures, "browser_test_passed": finished.returncode == 0}
