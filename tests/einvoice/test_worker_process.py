"""The checks run where the worker runs them: in a spawned process that warms up once, then checks invoices."""

import multiprocessing
import time

from services.einvoice import rules
from services.einvoice.cii import build_cii
from tests.einvoice.cases import invoice, standard


def warm_then_check(xml: bytes) -> tuple[float, float, list[str]]:
    start = time.perf_counter()
    rules.warm_up()
    warmed = time.perf_counter()
    violations = rules.validate_cii(xml, profile="en16931")
    return warmed - start, time.perf_counter() - warmed, [violation.rule_id for violation in violations]


def test_a_spawned_worker_pays_the_compile_at_warm_up_and_then_checks_an_invoice_quickly() -> None:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        warm_up_s, check_s, violations = pool.apply(warm_then_check, (build_cii(invoice(standard())),))
    assert violations == []
    assert check_s < warm_up_s
