"""Real renders of the invoice template, read back with pypdf."""

from __future__ import annotations

import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import pytest

from services.invoices.model import Party, RenderRequest
from services.pdf.document import printed_invoice, render_request, warm_up
from services.pdf.render import RenderError, render_invoice_pdf

from .pdf_helpers import (
    CLIENT,
    SELLER,
    amount,
    content,
    fonts_drawing,
    fonts_of_visible_text,
    line,
    normalise,
    overprinted_text,
    page_texts,
    render,
)


def test_every_field_of_a_small_invoice_is_printed() -> None:
    (text,) = page_texts(render(3, notes="Pay by bank transfer.\nReference INV-0001."))

    expected = [
        "INVOICE Invoice number INV-0001", "Issue date 24 November 2026", "Service date 24 November 2026",
        "Due date 24 December 2026", "Acme Consulting Ltd", "1 Grand Canal Square D02 P820 Dublin Ireland",
        "VAT ID: IE6388047V", "billing@acme.example", "BILL TO", "Zoë Müller — Łódź",
        "ul. Piotrkowska 1 90-001 Łódź Poland", "zoe@example.com",
        "Description Quantity Unit Unit price VAT % Net amount",
        "Payable within 30 days, by 24 Dec 2026", "Pay by bank transfer. Reference INV-0001.", "Page 1 of 1",
    ]
    for i in (1, 2, 3):
        expected += [normalise(line(i).description), f"1 hour {amount(i)} 23% {amount(i)}"]
    assert [value for value in expected if value not in text] == []


def test_the_number_is_printed_once_in_the_header_and_in_the_page_footer() -> None:
    (text,) = page_texts(render(1, seller_bank=replace(content().seller_bank, iban="")))

    assert text.count("INV-0001") == 3  # header, payment reference, page footer


def test_all_text_is_drawn_in_embedded_dejavu_regular_and_bold() -> None:
    assert fonts_of_visible_text(render(2)) == {"DejaVuSans", "DejaVuSans-Bold"}


def test_descriptions_and_amounts_are_regular_while_the_header_and_amount_due_are_bold() -> None:
    lines = [line(1, description="<b>Plain</b> consulting")]

    pdf = render(1, lines=lines)

    assert fonts_drawing(pdf, "<b>Plain</b> consulting") == {"DejaVuSans"}
    assert fonts_drawing(pdf, amount(1)) == {"DejaVuSans"}
    assert fonts_drawing(pdf, "Unit price") == {"DejaVuSans-Bold"}
    assert fonts_drawing(pdf, "Total gross") == {"DejaVuSans"}
    assert fonts_drawing(pdf, "Amount due") == {"DejaVuSans-Bold"}
    assert fonts_drawing(pdf, "€8,611.24") == {"DejaVuSans", "DejaVuSans-Bold"}  # 7,001.01 + 23 %: gross, due


def test_an_empty_email_and_empty_notes_leave_no_trace() -> None:
    (text,) = page_texts(render(1, notes="", client=Party(name="Bob")))

    assert "Bob" in text
    assert "Notes" not in text
    assert "@" not in text.replace("billing@acme.example", "")


def test_a_free_text_address_of_an_older_invoice_is_printed_line_by_line() -> None:
    (text,) = page_texts(render(1, seller=Party(name="Old Seller", address="Street 1\n10115 Berlin")))

    assert "Old Seller Street 1 10115 Berlin" in text


def test_names_in_greek_cyrillic_and_currency_signs_come_back_unchanged() -> None:
    samples = ["Zoë Müller — Łódź", "Ελένη Παπαδοπούλου", "Дмитрий Иванов", "€ £ ¥ ₹"]
    pdf = render(1, client=replace(CLIENT, name=samples[0]), seller=replace(SELLER, name=samples[1]),
                 lines=[line(1, description=samples[2])], notes=samples[3])

    (text,) = page_texts(pdf)

    assert [sample for sample in samples if sample not in text] == []


def test_a_long_unbroken_token_wraps_inside_the_description_column() -> None:
    token = "X" * 200

    pdf = render(1, lines=[line(1, description=token)])
    (text,) = page_texts(pdf)
    runs = [len(run) for run in re.findall(r"X+", text)]

    assert sum(runs) == 200
    assert max(runs) < 80, "the token ran past the description column"
    assert amount(1) in text
    assert overprinted_text(pdf) == []


def test_wide_prices_and_amounts_stay_on_one_line() -> None:
    wide = [line(i, quantity_thousandths=999_999_999, unit_price_minor=99_999_999, amount_minor=99_999_998_900,
                 discount_thousandths=12_500) for i in (1, 2)]

    pdf = render(2, lines=wide, language="fr", seller=replace(SELLER, country="FR"))
    (text,) = page_texts(pdf)  # French groups digits with narrow no-break spaces: extracted as spaces

    assert "999 999,999 heure 999 999,99 € 23 % 12,5 % 999 999 989,00 €" in text
    assert "Net à payer 2 459 999 972,94 €" in text
    assert overprinted_text(pdf) == []


def test_incomplete_data_is_a_render_error_with_a_human_reason() -> None:
    document = printed_invoice("INV-0001", content(1))
    del document["table"]["totals"]  # type: ignore[misc]

    with pytest.raises(RenderError, match=r"^The PDF could not be generated: the invoice data is incomplete"):
        render_invoice_pdf(document)


def test_a_document_beyond_the_engine_limits_is_a_render_error() -> None:
    with pytest.raises(RenderError, match=r"^The PDF could not be generated: the invoice is too large"):
        render(1, notes="word " * 2_200_000)


def test_a_line_taller_than_a_page_is_a_render_error_not_a_split_row() -> None:
    with pytest.raises(RenderError, match=r"^The PDF could not be generated: .*too long to fit on one page"):
        render(1, lines=[line(1, description="word " * 5000)])


def test_renders_in_a_spawned_worker_and_errors_come_back_as_render_errors() -> None:
    broken = printed_invoice("INV-0001", content(1))
    del broken["table"]
    context = multiprocessing.get_context("spawn")

    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=warm_up) as pool:
        pdf = pool.submit(render_request, RenderRequest(number="INV-0001", content=content(2))).result(timeout=60)
        failure = pool.submit(render_invoice_pdf, broken)
        with pytest.raises(RenderError, match="the invoice data is incomplete") as caught:
            failure.result(timeout=60)

    assert pdf.startswith(b"%PDF")
    assert "Item 002:" in page_texts(pdf)[0]
    assert type(caught.value) is RenderError
