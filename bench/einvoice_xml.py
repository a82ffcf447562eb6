"""(issue 13) The e-invoice XML's costs in one process: each schematron's one-off compile, then building and
validating a 10-line and a 1,000-line invoice, best of 5 (the machine is shared: the best run is the one least
disturbed). `python -m bench.einvoice_xml`; not part of run.py, where the worker's bench reports the e-invoice
as a ratio to the plain render."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from services.einvoice import rules
from services.einvoice.cii import build_cii
from services.einvoice.contract import Profile
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import BankAccount, Party, RenderRequest
from services.invoices.validation import validate_invoice

SELLER = Party(name="Müller Design GmbH", street="Hauptstr. 1", postcode="10115", city="Berlin", country="DE",
               vat_id="DE136695976", email="billing@mueller-design.de", phone="+49 30 1234567")
RUNS = 5
PROFILES: tuple[Profile, ...] = ("en16931", "xrechnung")


def request(lines: int) -> RenderRequest:
    drafts = tuple(LineDraft(f"Item {index}: hardware component", str(1 + index % 7),
                             f"{3 + index % 50}.{index % 100:02d}", vat_rate="19" if index % 3 else "7")
                   for index in range(lines))
    content = validate_invoice(InvoiceDraft(
        client_name="Globex GmbH", client_street="Weg 2", client_postcode="80331", client_city="München",
        client_country="DE", issue_date="2026-12-02", due_date="2026-12-16", currency="EUR", lines=drafts),
        seller=SELLER)
    return RenderRequest("INV-1", replace(content, seller_bank=BankAccount(iban="DE89370400440532013000"),
                                          buyer_reference="04011000-12345-03"))


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def best_ms(action: Callable[[], object]) -> float:
    return min(seconds(action) for _ in range(RUNS)) * 1000


def main() -> None:
    print(f"compile XSD + CEN EN 16931 schematron (warm_up): {seconds(rules.warm_up) * 1000:.0f} ms")
    print(f"compile XRechnung schematron (SchXslt + Saxon):  {seconds(rules._xrechnung) * 1000:.0f} ms")
    for lines in (10, 1000):
        for profile in PROFILES:
            built, checked, size = timed(request(lines), profile)
            print(f"{lines:>5} lines, {profile:<9}: build {built:7.1f} ms, validate {checked:7.1f} ms, "
                  f"{size / 1024:6.0f} KiB")


def timed(invoice: RenderRequest, profile: Profile) -> tuple[float, float, int]:
    """Best build and validate times in ms, and the XML's size."""
    xml = build_cii(invoice, profile=profile)
    assert rules.validate_cii(xml, profile=profile) == []
    return (best_ms(lambda: build_cii(invoice, profile=profile)),
            best_ms(lambda: rules.validate_cii(xml, profile=profile)), len(xml))


if __name__ == "__main__":
    main()
