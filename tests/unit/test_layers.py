"""The layers hold: pages reach data only through services/, and the PDF worker's code never reaches the database.

ruff's banned-api (pyproject.toml, services/pdf/ruff.toml) enforces most of this while one edits; this test
checks every rule from the files themselves, including the one ruff cannot scope to a folder.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RULES = [
    ("ui", ("storage",)),
    ("services", ("nicegui", "starlette", "fastapi")),
    ("storage", ("nicegui", "starlette", "fastapi")),
    ("services/pdf", ("storage", "pymongo", "bson", "gridfs")),
]


def imported_modules(source: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize(("folder", "banned"), RULES, ids=[folder for folder, _ in RULES])
def test_no_module_imports_what_its_layer_must_not_know(folder: str, banned: tuple[str, ...]) -> None:
    offences = [f"{source.relative_to(REPO)} imports {module}"
                for source in sorted((REPO / folder).rglob("*.py"))
                for module in sorted(imported_modules(source))
                if module.split(".")[0] in banned]
    assert offences == []


def test_the_check_sees_an_import_it_must_refuse(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text("from storage import invoices\nimport nicegui.ui\nfrom . import sibling\n")
    assert imported_modules(page) == {"storage", "nicegui.ui"}
