"""The totals shown while the user types: the server's arithmetic, but a half-typed line just has no amount yet."""

from dataclasses import replace

from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import Party
from services.invoices.money import format_money, format_tax_rate
from services.invoices.preview import FieldToCheck, PreviewTotals, PreviewVat, preview_totals
from services.invoices.validation import validate_invoice


def typed(*lines: tuple[str, str], currency: str = "EUR", tax_rate: str = "0") -> InvoiceDraft:
    """The form as typed so far; lines are (quantity, unit price)."""
    return InvoiceDraft(client_name="Globex", issue_date="2026-11-24", due_date="2026-12-24", currency=currency,
                        lines=tuple(LineDraft("Work", quantity, price, vat_rate=tax_rate) for quantity, price in lines))


def test_the_live_totals_are_the_ones_the_server_will_store() -> None:
    draft = typed(("0.333", "0.05"), ("2.5", "19.99"), tax_rate="8.875")
    shown = preview_totals(draft)
    assert shown == PreviewTotals(line_amounts=("€0.02", "€49.98"), subtotal="€50.00", tax="€4.44", total="€54.44",
                                  vat_breakdown=(PreviewVat("8.875%", "€50.00", "€4.44"),))
    stored = validate_invoice(draft, seller=Party(name="Acme GmbH"))
    assert shown == PreviewTotals(line_amounts=tuple(euros(line.amount_minor) for line in stored.lines),
                                  subtotal=euros(stored.totals.subtotal_minor), tax=euros(stored.totals.tax_minor),
                                  total=euros(stored.totals.total_minor), vat_breakdown=tuple(
                                      PreviewVat(format_tax_rate(row.rate_thousandths), euros(row.taxable_minor),
                                                 euros(row.tax_minor)) for row in stored.totals.vat_breakdown))


def euros(minor: int) -> str:
    return format_money(minor, "EUR")


def test_a_half_typed_line_shows_no_amount_while_the_others_still_add_up_and_an_unreadable_one_is_named() -> None:
    shown = preview_totals(typed(("2", "10.50"), ("", "3"), ("3", ""), ("1", "1,234.5"), ("-1", "5"),
                                 ("Infinity", "5"), ("1e13", "1"), tax_rate="20"))
    assert shown == PreviewTotals(line_amounts=("€21.00", "", "", "", "", "", ""), subtotal="€21.00", tax="€4.20",
                                  total="€25.20", vat_breakdown=(PreviewVat("20%", "€21.00", "€4.20"),),
                                  to_check=(FieldToCheck(4, "unit_price", "Unit price"),
                                            FieldToCheck(5, "quantity", "Quantity"),
                                            FieldToCheck(6, "quantity", "Quantity"),
                                            FieldToCheck(7, "quantity", "Quantity")))


def test_an_unreadable_vat_rate_or_discount_is_named_though_the_line_still_counts() -> None:
    draft = typed(("1", "10"), tax_rate="19,0%")
    draft = replace(draft, lines=(replace(draft.lines[0], discount="ten"),))
    shown = preview_totals(draft)
    assert shown is not None and shown.total == "€10.00"
    assert shown.to_check == (FieldToCheck(1, "vat_rate", "VAT %"), FieldToCheck(1, "discount", "Discount %"))
    exempt = preview_totals(replace(draft, vat_treatment="E"))
    assert exempt is not None and exempt.to_check == (FieldToCheck(1, "discount", "Discount %"),)


def test_a_new_invoice_without_lines_shows_zero_totals() -> None:
    assert preview_totals(typed()) == PreviewTotals(line_amounts=(), subtotal="€0.00", tax="€0.00", total="€0.00")


def test_a_tax_rate_being_typed_counts_once_it_is_a_number_and_never_beyond_100_percent() -> None:
    def tax_on_ten_euros(rate: str) -> str:
        totals = preview_totals(typed(("1", "10"), tax_rate=rate))
        assert totals is not None
        return totals.tax

    assert [tax_on_ten_euros(rate) for rate in ("", "x", "7.", "250")] == ["€0.00", "€0.00", "€0.70", "€10.00"]


def test_amounts_follow_the_decimals_of_the_chosen_currency() -> None:
    yen = preview_totals(typed(("3", "1005"), currency="JPY", tax_rate="10"))
    assert yen == PreviewTotals(line_amounts=("¥3,015",), subtotal="¥3,015", tax="¥302", total="¥3,317",
                                vat_breakdown=(PreviewVat("10%", "¥3,015", "¥302"),))
    dinar = preview_totals(typed(("2", "0.125"), currency="KWD"))
    assert dinar is not None and dinar.total == "KWD0.250"


def test_the_currency_may_be_typed_in_lower_case_with_spaces_around_it() -> None:
    totals = preview_totals(typed(("1", "10"), currency=" jpy "))
    assert totals is not None and totals.total == "¥10"


def test_an_unknown_or_retired_currency_shows_no_totals_at_all() -> None:
    assert [preview_totals(typed(("1", "10"), currency=code)) for code in ("", "XYZ", "DEM", "EURO")] == [None] * 4
