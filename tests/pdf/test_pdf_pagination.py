"""Long invoices: page numbers, repeated header, whole rows, totals kept with the lines."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from .pdf_helpers import amount, item_numbers, line, page_texts, render, totals_of

HEADER = "Description Quantity Unit Unit price VAT % Net amount"


@dataclass(frozen=True)
class LongInvoice:
    line_count: int
    pages: list[str]


@pytest.fixture(scope="module", params=[120, 1000], ids=lambda count: f"{count} lines")
def long_invoice(request: pytest.FixtureRequest) -> LongInvoice:
    return LongInvoice(request.param, page_texts(render(request.param)))


def test_every_page_says_page_i_of_n(long_invoice: LongInvoice) -> None:
    total = len(long_invoice.pages)

    assert total > 3
    for number, text in enumerate(long_invoice.pages, start=1):
        assert text.endswith(f"Invoice INV-0001 · Page {number} of {total}")


def test_the_table_header_opens_the_lines_of_every_page(long_invoice: LongInvoice) -> None:
    with_lines = [text for text in long_invoice.pages if item_numbers(text)]

    assert len(with_lines) >= len(long_invoice.pages) - 1  # only payment and notes may run onto a page of their own
    for text in with_lines:
        header = text.find(HEADER)
        assert 0 <= header < text.find("Item "), "a page has lines without the table header above them"


def test_no_line_is_split_across_pages(long_invoice: LongInvoice) -> None:
    for i in range(1, long_invoice.line_count + 1):
        description = line(i).description
        pages = [text for text in long_invoice.pages if description in text]
        assert len(pages) == 1, f"line {i} is not whole on exactly one page"
        assert amount(i) in pages[0], f"line {i} and its amount are on different pages"


def test_lines_come_in_order(long_invoice: LongInvoice) -> None:
    printed = [number for text in long_invoice.pages for number in item_numbers(text)]

    assert printed == list(range(1, long_invoice.line_count + 1))


def test_pages_are_filled_with_lines_until_the_last(long_invoice: LongInvoice) -> None:
    per_page = [len(item_numbers(text)) for text in long_invoice.pages]
    with_lines = [count for count in per_page if count]  # the payment block and notes may fill a last page

    assert min(with_lines[1:-1]) >= 25, f"a page in the middle is half empty: {per_page}"


def test_the_totals_share_a_page_with_line_rows(long_invoice: LongInvoice) -> None:
    assert_totals_kept_with_last_line(long_invoice.pages, long_invoice.line_count)


def test_the_footer_speaks_the_invoice_language_on_every_page() -> None:
    pages = page_texts(render(120, language="de", number="RE-0007"))

    assert [text[-len("Rechnung RE-0007 · Seite 1 von 4"):] for text in pages] == [
        f"Rechnung RE-0007 · Seite {number} von {len(pages)}" for number in range(1, len(pages) + 1)]


def test_totals_that_would_open_a_page_take_the_last_line_with_them() -> None:
    # Short one-line rows all have the same height, so the first page holds a fixed number of them;
    # invoices of about that many lines put the totals right at the page boundary.
    capacity = len(item_numbers(short_line_pages(60)[0]))
    moved = 0
    for count in range(capacity - 3, capacity + 2):
        pages = short_line_pages(count)
        assert_totals_kept_with_last_line(pages, count)
        moved += len(pages) == 2 and item_numbers(pages[1]) == [count]
    assert moved, "no line count put the totals at the page boundary"


def short_line_pages(count: int) -> list[str]:
    lines = [line(i, description=f"Item {i:03d}: support") for i in range(1, count + 1)]
    return page_texts(render(count, lines=lines, notes=""))


def assert_totals_kept_with_last_line(pages: list[str], line_count: int) -> None:
    totals = totals_of([line(i) for i in range(1, line_count + 1)])
    with_totals = [text for text in pages if "Total net" in text or "Amount due" in text]
    assert len(with_totals) == 1, "the totals are spread over several pages"
    (text,) = with_totals
    assert f"Total net {euros(totals.subtotal_minor)} VAT 23% {euros(totals.tax_minor)}" in text
    assert f"Amount due {euros(totals.total_minor)}" in text
    assert line_count in item_numbers(text), "the totals start a page without the last line row"


def euros(minor: int) -> str:
    return f"€{minor // 100:,}.{minor % 100:02d}"
