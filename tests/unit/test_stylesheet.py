"""The committed Tailwind stylesheet is the one the classes in ui/ build today (scripts/build-css rebuilds it)."""

import json
import subprocess
from pathlib import Path

STYLES = Path(__file__).resolve().parents[2] / "ui" / "styles"
CLI = STYLES / "node_modules" / ".bin" / "tailwindcss"


def test_the_committed_stylesheet_is_what_the_tailwind_classes_in_ui_build_today(tmp_path: Path) -> None:
    pinned = json.loads((STYLES / "package.json").read_text())["devDependencies"]["@tailwindcss/cli"]
    installed = STYLES / "node_modules" / "@tailwindcss" / "cli" / "package.json"
    assert installed.exists() and json.loads(installed.read_text())["version"] == pinned, \
        "Tailwind's CLI is not installed as pinned: run scripts/setup test"
    built = tmp_path / "tailwind.css"  # as scripts/build-css writes it
    subprocess.run([str(CLI), "--input", "tailwind.input.css", "--output", str(built), "--minify"], cwd=STYLES,
                   check=True, capture_output=True, timeout=120)
    assert built.read_text() == (STYLES / "tailwind.css").read_text(), \
        "ui/styles/tailwind.css is stale (classes in ui/ changed): run scripts/build-css and commit the result"
