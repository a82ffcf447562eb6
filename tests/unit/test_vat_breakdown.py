"""VAT as EN 16931 computes it: line nets rounded per line, each (category, rate) group's VAT rounded once;
the treatment's rules; numbers typed with a decimal comma."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.errors import InvalidInput
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import InvoiceContent, Party, VatSubtotal
from services.invoices.numbers import AMBIGUOUS
from services.invoices.validation import validate_invoice

SELLER = Party(name="Müller Design GmbH", street="Hauptstr. 1", postcode="10115", city="Berlin", country="DE")
FRENCH_VAT_ID = "FR40303265045"


def invoice(*lines: LineDraft, **changes: str) -> InvoiceContent:
    fields = {"client_name": "Globex", "issue_date": "2026-12-02", "due_date": "2026-12-16", "currency": "EUR",
              **changes}
    return validate_invoice(InvoiceDraft(**fields, lines=lines), seller=SELLER)  # type: ignore[arg-type]


def refused(*lines: LineDraft, **changes: str) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refusal:
        invoice(*lines, **changes)
    return refusal.value.problems.by_field


def test_a_19_and_7_percent_invoice_has_one_breakdown_row_per_rate_exact_to_the_cent() -> None:
    content = invoice(LineDraft("Design workshop", "2", "450.00", unit="DAY", vat_rate="19"),
                      LineDraft("Travel", "1", "80.00", unit="LS", vat_rate="19"),
                      LineDraft("Printed brochure", "150", "1.99", unit="C62", vat_rate="7"))
    assert content.totals.vat_breakdown == (VatSubtotal("S", 19000, 98000, 18620), VatSubtotal("S", 7000, 29850, 2090))
    assert (content.totals.subtotal_minor, content.totals.tax_minor, content.totals.total_minor) == \
        (127850, 20710, 148560)  # 1,278.50 net + 186.20 + 20.895 → 20.90 VAT = 1,485.60
    assert content.totals.paid_minor == 0 and content.totals.due_minor == 148560
    assert [line.unit for line in content.lines] == ["DAY", "LS", "C62"]


def test_vat_is_rounded_once_per_rate_not_per_line() -> None:
    content = invoice(*(LineDraft(f"Tea {n}", "1", "0.13", vat_rate="19") for n in range(3)))
    per_line = 3 * int((13 * Decimal("0.19")).quantize(Decimal(1), ROUND_HALF_UP))  # 3 × round(2.47 cents)
    assert per_line == 6
    assert content.totals.vat_breakdown == (VatSubtotal("S", 19000, 39, 7),)  # 39 × 19 % = 7.41 → 7
    assert content.totals.total_minor == 46


def test_a_line_discount_comes_off_before_the_line_is_rounded() -> None:
    content = invoice(LineDraft("Licence", "3", "33.33", vat_rate="19", discount="12.5"))
    assert content.lines[0].amount_minor == 8749  # 99.99 × 0.875 = 87.49125
    assert content.lines[0].discount_thousandths == 12500
    assert content.totals.vat_breakdown == (VatSubtotal("S", 19000, 8749, 1662),)  # 16.6231


def test_a_decimal_comma_is_read_like_a_point_in_every_number() -> None:
    comma = invoice(LineDraft("Work", "1,5", "12,50", vat_rate="8,875", discount="2,5"))
    point = invoice(LineDraft("Work", "1.5", "12.50", vat_rate="8.875", discount="2.5"))
    assert comma == point


@pytest.mark.parametrize("typed", ["1,234.5", "1.234,5", "1,234,5"])
def test_a_number_with_thousands_separators_is_refused_as_ambiguous(typed: str) -> None:
    problems = refused(LineDraft("Work", typed, typed, vat_rate=typed, discount=typed))
    assert [problems[f"lines.0.{field}"] for field in ("quantity", "unit_price", "vat_rate", "discount")] == \
        [AMBIGUOUS] * 4


def test_a_line_s_unit_comes_from_the_list_and_its_rate_and_discount_stay_within_100_percent() -> None:
    problems = refused(LineDraft("Work", "1", "10", unit="BOX", vat_rate="100.5", discount="-1"))
    assert problems["lines.0.unit"] == "Choose a unit from the list."
    assert problems["lines.0.vat_rate"] == "VAT % must be at least 0 and at most 100."
    assert problems["lines.0.discount"] == "Discount % must be at least 0 and at most 100."


def test_a_zero_percent_line_on_a_standard_invoice_is_zero_rated_in_the_breakdown() -> None:
    content = invoice(LineDraft("Book", "1", "20", vat_rate="7"), LineDraft("Postage", "1", "3", vat_rate="0"))
    assert content.vat_category == "S" and content.exemption_reason == ""
    assert content.totals.vat_breakdown == (VatSubtotal("S", 7000, 2000, 140), VatSubtotal("Z", 0, 300, 0))


def test_without_vat_every_line_rate_must_be_zero_and_is_refused_beside_the_line_otherwise() -> None:
    problems = refused(LineDraft("Consulting", "1", "100", vat_rate="19"), LineDraft("Travel", "1", "20"),
                       vat_treatment="G")
    assert problems == {"lines.0.vat_rate": "VAT % must be 0 with “Export outside the EU”: no VAT is charged."}


def test_reverse_charge_without_the_client_s_vat_id_is_refused_beside_that_field() -> None:
    problems = refused(LineDraft("Consulting", "1", "100"), vat_treatment="AE", client_country="FR")
    assert problems == {"client_vat_id": "Reverse charge needs the client's VAT ID: the invoice must show it."}
    assert "client_vat_id" in refused(LineDraft("Machine", "1", "100"), vat_treatment="K")


def test_reverse_charge_to_a_french_client_charges_no_vat_and_prints_the_standard_note_in_french() -> None:
    content = invoice(LineDraft("Consulting", "10", "120", unit="HUR"), vat_treatment="AE",
                      client_street="1 rue de Rivoli", client_postcode="75001", client_city="Paris",
                      client_country="FR", client_vat_id="fr 40 303 265 045", client_language="fr")
    assert content.client == Party(name="Globex", street="1 rue de Rivoli", postcode="75001", city="Paris",
                                   country="FR", vat_id=FRENCH_VAT_ID)
    assert content.vat_category == "AE" and content.language == "fr"
    assert content.exemption_reason.startswith("Autoliquidation")
    assert content.totals.vat_breakdown == (VatSubtotal("AE", 0, 120000, 0),)
    assert content.totals.total_minor == 120000


def test_a_client_vat_id_with_a_wrong_check_digit_is_refused() -> None:
    problems = refused(LineDraft("Work", "1", "10"), client_vat_id="DE136695977")
    assert problems == {"client_vat_id": "This VAT ID's check digit does not match: look for a typo."}


def test_exempt_needs_a_reason_and_the_small_business_exemption_brings_its_own() -> None:
    assert refused(LineDraft("Lesson", "1", "40"), vat_treatment="E") == {
        "exemption_reason": "Say why no VAT is charged (for example the law that exempts it)."}
    exempt = invoice(LineDraft("Lesson", "1", "40"), vat_treatment="E", exemption_reason="§ 4 Nr. 21 UStG")
    assert (exempt.vat_category, exempt.exemption_reason) == ("E", "§ 4 Nr. 21 UStG")
    small = invoice(LineDraft("Lesson", "1", "40"), vat_treatment="small_business", client_language="de")
    assert (small.vat_category, small.exemption_reason) == ("E", "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.")


def test_the_service_date_defaults_to_the_issue_date_and_a_period_cannot_end_before_it_starts() -> None:
    content = invoice(LineDraft("Work", "1", "10"))
    assert content.service_date == content.issue_date and content.service_end is None
    assert refused(LineDraft("Work", "1", "10"), service_date="2026-11-30", service_end="2026-11-01") == {
        "service_end": "The end of the service period cannot be before the service date."}
    period = invoice(LineDraft("Work", "1", "10"), service_date="2026-11-01", service_end="2026-11-30")
    assert (str(period.service_date), str(period.service_end)) == ("2026-11-01", "2026-11-30")


def test_the_invoice_is_in_the_client_s_language_else_the_seller_s() -> None:
    lines = (LineDraft("Work", "1", "10"),)
    draft = InvoiceDraft(client_name="Globex", issue_date="2026-12-02", due_date="2026-12-16", currency="EUR",
                         lines=lines)
    assert validate_invoice(draft, seller=SELLER, default_language="de").language == "de"
    assert validate_invoice(InvoiceDraft(**{**draft.__dict__, "client_language": "fr"}), seller=SELLER,
                            default_language="de").language == "fr"
    assert validate_invoice(draft, seller=SELLER).language == "en"


rates = st.sampled_from(["0", "7", "19", "20", "5.5", "8.875", "21", "25.5"])
amounts = st.decimals(min_value=0, max_value=100000, places=2).map(str)
quantities = st.decimals(min_value=Decimal("0.001"), max_value=1000, places=3).map(str)
discounts = st.one_of(st.just(""), st.decimals(min_value=0, max_value=100, places=3).map(str))


@given(st.lists(st.tuples(quantities, amounts, rates, discounts), min_size=1, max_size=30))
def test_the_breakdown_adds_up_to_the_totals_whatever_the_lines(lines: list[tuple[str, str, str, str]]) -> None:
    content = invoice(*(LineDraft("Item", quantity, price, vat_rate=rate, discount=discount)
                        for quantity, price, rate, discount in lines))
    totals = content.totals
    assert sum(row.taxable_minor for row in totals.vat_breakdown) == totals.subtotal_minor \
        == sum(line.amount_minor for line in content.lines)
    assert sum(row.tax_minor for row in totals.vat_breakdown) == totals.tax_minor
    assert totals.total_minor == totals.subtotal_minor + totals.tax_minor
    assert len({(row.category, row.rate_thousandths) for row in totals.vat_breakdown}) == len(totals.vat_breakdown)
    for row in totals.vat_breakdown:
        exact = Decimal(row.taxable_minor) * row.rate_thousandths / 100000
        assert abs(row.tax_minor - exact) <= Decimal("0.5")  # rounded once, half-up (BR-CO-17)
