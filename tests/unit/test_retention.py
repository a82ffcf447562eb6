"""Retention: no code path deletes or replaces an issued invoice or credit note.

Checked from the source: every call on the `invoices` and `invoice_details` collections anywhere in the app is
a read, an insert, or a conditional update of state (PDF status, payment, cancellation); nothing calls
delete, replace or a bulk update on them. The one delete, of a details document in storage/invoices.py, runs
only when no number could be allocated, i.e. before the invoice exists.
"""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP_FOLDERS = ("storage", "services", "ui")
ALLOWED = {"find", "find_one", "insert_one", "find_one_and_update", "update_one", "distinct", "count_documents",
           "create_index", "drop_index", "index_information", "estimated_document_count"}
KNOWN_DELETES = {("storage/invoices.py", "insert_with_next_number", "invoice_details.delete_one")}


def calls_on_invoice_collections() -> list[tuple[str, str, str]]:
    found = []
    for folder in APP_FOLDERS:
        for source in sorted((REPO / folder).rglob("*.py")):
            tree = ast.parse(source.read_text(), filename=str(source))
            functions = (node for node in ast.walk(tree) if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef))
            for function in functions:
                for node in ast.walk(function):
                    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
                            and node.value.attr in ("invoices", "invoice_details")
                            and isinstance(node.value.value, ast.Name) and node.value.value.id == "db"):
                        found.append((str(source.relative_to(REPO)), function.name, f"{node.value.attr}.{node.attr}"))
    return found


def test_nothing_deletes_replaces_or_bulk_updates_an_issued_invoice() -> None:
    calls = calls_on_invoice_collections()
    assert len(calls) > 20  # the scan sees the app's queries
    offences = [call for call in calls if call[2].split(".")[1] not in ALLOWED and call not in KNOWN_DELETES]
    assert offences == []


def test_updates_of_invoices_change_state_only_and_always_name_the_owner() -> None:
    updates = [call for call in calls_on_invoice_collections() if "update" in call[2]]
    assert {(path, function) for path, function, _ in updates} == {
        ("storage/invoices.py", "transition"),  # processing/ready/failed (jobs live in their own collection)
        ("storage/invoices.py", "mark_ready"),  # processing -> ready, with its PDF
        ("storage/invoice_payments.py", "_update"),  # paid_on, cancellation
        ("storage/migrations.py", "migrate"),  # adds the book's state fields to rows from before it
    }
