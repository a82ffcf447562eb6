"""Numbers typed into the editor are read as the client's language writes them, by the live total and the server
alike; without a language, thousands separators are refused as ambiguous."""

import pytest

from services.errors import InvalidInput
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import Party
from services.invoices.money import format_money
from services.invoices.numbers import AMBIGUOUS
from services.invoices.preview import preview_totals
from services.invoices.validation import validate_invoice

SELLER = Party(name="Acme GmbH", address="Street 1")


def typed(quantity: str, price: str, *, language: str) -> InvoiceDraft:
    return InvoiceDraft(client_name="Globex", client_language=language, issue_date="2026-11-24",
                        due_date="2026-12-24", currency="EUR", lines=(LineDraft("Work", quantity, price),))


@pytest.mark.parametrize(("language", "quantity", "price", "net_minor"), [
    ("de", "1", "1.234,50", 123_450),
    ("de", "0,125", "1.000", 12_500),  # "0,125" groups nothing: a decimal comma
    ("de", "1,5", "12,50", 1_875),
    ("de", "1", "1 234,50", 123_450),
    ("en", "1", "1,234.50", 123_450),
    ("en", "1", "1,234", 123_400),
    ("en", "0,125", "1000", 12_500),  # a lone comma that groups nothing is a decimal mark in any language
    ("en", "2", "12,50", 2_500),
    ("fr", "1", "1\u202f234,50", 123_450),  # as babel writes it for French: a narrow no-break space
    ("fr", "1", "1 234,50", 123_450),
    ("", "1,5", "12,50", 1_875),
    ("", "1.5", "12.50", 1_875),
])
def test_the_server_and_the_live_total_read_a_number_as_the_clients_language_writes_it(
        language: str, quantity: str, price: str, net_minor: int) -> None:
    draft = typed(quantity, price, language=language)

    stored = validate_invoice(draft, seller=SELLER)
    shown = preview_totals(draft)

    assert stored.lines[0].amount_minor == net_minor
    assert shown is not None and shown.to_check == ()
    assert shown.subtotal == format_money(net_minor, "EUR")


@pytest.mark.parametrize(("language", "price"), [("", "1.234,50"), ("", "1,234.50"), ("de", "1,234.50"),
                                                 ("en", "1.234,50")])
def test_thousands_separators_the_language_does_not_use_are_refused_beside_the_field(language: str, price: str) -> None:
    draft = typed("1", price, language=language)

    with pytest.raises(InvalidInput) as refused:
        validate_invoice(draft, seller=SELLER)

    assert refused.value.problems.by_field["lines.0.unit_price"] == AMBIGUOUS
    shown = preview_totals(draft)
    assert shown is not None and [check.field for check in shown.to_check] == ["unit_price"]
