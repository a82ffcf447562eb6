from decimal import Decimal

import pytest

from services.errors import InvalidInput
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import Party
from services.invoices.validation import validate_invoice

SELLER = Party(name="Acme GmbH", address="Street 1")


def draft(**changes: object) -> InvoiceDraft:
    base: dict[str, object] = {
        "client_name": "Globex", "issue_date": "2026-11-24", "due_date": "2026-12-24", "currency": "EUR",
        "lines": (LineDraft("Work", "1", "10", vat_rate="20"),),
    }
    return InvoiceDraft(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["Evil\u202eCo", "Zero\u200bwidth", "Null\x00byte", "Bell\x07"])
def test_names_with_invisible_or_control_characters_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_invoice(draft(client_name=name), seller=SELLER)
    assert "invisible or control characters" in refused.value.problems.by_field["client_name"]


def test_a_right_to_left_client_name_is_refused_with_its_own_reason_and_cjk_is_printed() -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_invoice(draft(client_name="שלום Ltd"), seller=SELLER)
    assert refused.value.problems.by_field["client_name"].startswith("Right-to-left scripts such as Arabic")
    assert validate_invoice(draft(client_name="北京咨询有限公司"), seller=SELLER).client.name == "北京咨询有限公司"


def test_a_currency_without_cents_takes_whole_unit_prices_only() -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_invoice(draft(currency="JPY", lines=(LineDraft("Work", "1", "10.5"),)), seller=SELLER)
    assert refused.value.problems.by_field["lines.0.unit_price"] == "Unit price must be a whole number."
    invoice = validate_invoice(draft(currency="JPY", lines=(LineDraft("Work", "3", "1005", vat_rate="10"),)),
                               seller=SELLER).totals
    assert (invoice.subtotal_minor, invoice.tax_minor, invoice.total_minor) == (3015, 302, 3317)


def test_amounts_round_half_up_per_line_and_on_the_tax() -> None:
    invoice = validate_invoice(draft(lines=(LineDraft("A", "0.333", "0.05", vat_rate="8.875"),
                                            LineDraft("B", "2.5", "19.99", vat_rate="8.875"))), seller=SELLER)
    assert [line.amount_minor for line in invoice.lines] == [2, 4998]  # 1.665 -> 2 cents; 49.975 -> 49.98
    expected_tax = (Decimal(5000) * Decimal("0.08875")).to_integral_value(rounding="ROUND_HALF_UP")
    assert invoice.totals.tax_minor == int(expected_tax)
    assert invoice.totals.total_minor == 5000 + invoice.totals.tax_minor


def test_a_total_beyond_what_an_invoice_can_print_is_refused() -> None:
    lines = tuple(LineDraft(f"Line {n}", "999999", "999999") for n in range(3))
    with pytest.raises(InvalidInput) as refused:
        validate_invoice(draft(lines=lines), seller=SELLER)
    assert "split it into several invoices" in refused.value.problems.by_field["lines"]


def test_a_three_decimal_currency_is_issued_only_with_amounts_an_e_invoice_can_state() -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_invoice(draft(currency="KWD", lines=(LineDraft("Work", "1", "125.555", vat_rate="0"),)),
                         seller=SELLER)
    assert "at most two decimals" in refused.value.problems.by_field["lines"]
    stated = validate_invoice(draft(currency="KWD", lines=(LineDraft("Work", "2", "125.550", vat_rate="0"),)),
                              seller=SELLER)
    assert stated.totals.total_minor == 251_100
