"""Real renders of the invoice template, read back with pypdf."""

from __future__ import annotations

import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor

import pytest

from services.pdf.document import warm_up
from services.pdf.render import RenderError, render_invoice_pdf

from .pdf_helpers import (
    fonts_drawing,
    fonts_of_visible_text,
    invoice,
    line,
    normalise,
    overprinted_text,
    page_texts,
    raw_page_texts,
)


def test_every_field_of_a_small_invoice_is_printed() -> None:
    document = invoice(3, notes="Pay by bank transfer.\nReference INV-0001.")

    (text,) = page_texts(render_invoice_pdf(document))

    expected = [
        "INV-0001",
        "24 Nov 2026",
        "24 Dec 2026",
        "EUR",
        "Acme GmbH",
        "Street 1 10115 Berlin",
        "Zoë Müller — Łódź",
        "zoe@example.com",
        "Description",
        "Quantity",
        "Unit price",
        "Amount",
        "Subtotal €25.00",
        "Tax (20%) €5.00",
        "Total €30.00",
        "Pay by bank transfer. Reference INV-0001.",
        "Page 1 of 1",
    ]
    for document_line in document["lines"]:
        expected += [normalise(document_line["description"]), document_line["quantity"], document_line["amount"]]
    assert [value for value in expected if value not in text] == []


def test_all_text_is_drawn_in_embedded_dejavu_regular_and_bold() -> None:
    assert fonts_of_visible_text(render_invoice_pdf(invoice(2))) == {"DejaVuSans", "DejaVuSans-Bold"}


def test_descriptions_and_amounts_are_regular_while_the_header_and_total_are_bold() -> None:
    document = invoice(1, lines=[line(1, description="<b>Plain</b> consulting")], total="€30.01")

    pdf = render_invoice_pdf(document)

    assert fonts_drawing(pdf, "<b>Plain</b> consulting") == {"DejaVuSans"}
    assert fonts_drawing(pdf, line(1)["amount"]) == {"DejaVuSans"}
    assert fonts_drawing(pdf, "Unit price") == {"DejaVuSans-Bold"}
    assert fonts_drawing(pdf, "€30.01") == {"DejaVuSans-Bold"}


def test_an_invoice_without_lines_still_prints_the_header_and_totals() -> None:
    (text,) = page_texts(render_invoice_pdf(invoice(0, lines=[])))

    assert "Description Quantity Unit price Amount Subtotal €25.00 Tax (20%) €5.00 Total €30.00" in text


def test_an_empty_email_and_empty_notes_leave_no_trace() -> None:
    (text,) = page_texts(render_invoice_pdf(invoice(1, notes="", client={"name": "Bob", "email": ""})))

    assert "Bob" in text
    assert "Notes" not in text


def test_names_in_greek_cyrillic_and_currency_signs_come_back_unchanged() -> None:
    samples = ["Zoë Müller — Łódź", "Ελένη Παπαδοπούλου", "Дмитрий Иванов", "€ £ ¥ ₹"]
    document = invoice(
        1,
        client={"name": samples[0], "email": ""},
        seller={"name": samples[1], "address": "Οδός Αθηνάς 1"},
        lines=[line(1, description=samples[2])],
        notes=samples[3],
    )

    (text,) = page_texts(render_invoice_pdf(document))

    assert [sample for sample in samples if sample not in text] == []


def test_a_long_unbroken_token_wraps_inside_the_description_column() -> None:
    token = "X" * 200
    document = invoice(1, lines=[{**line(1, description=token), "amount": "€9,876.54"}])

    pdf = render_invoice_pdf(document)
    (text,) = page_texts(pdf)
    runs = [len(run) for run in re.findall(r"X+", text)]

    assert sum(runs) == 200
    assert max(runs) < 80, "the token ran past the description column"
    assert "€9,876.54" in text
    assert overprinted_text(pdf) == []


def test_wide_prices_and_amounts_stay_on_one_line() -> None:
    prices = {"quantity": "999999.999", "unit_price": "CHF 1,000,000.00", "amount": "1 234 567 890,12 €"}
    document = invoice(2, lines=[{**line(i), **prices} for i in (1, 2)], total="CHF 99,999,999,999.99")

    pdf = render_invoice_pdf(document)
    (raw_text,) = raw_page_texts(pdf)

    assert [value for value in [*prices.values(), "CHF 99,999,999,999.99"] if value not in raw_text] == []
    assert overprinted_text(pdf) == []


def test_incomplete_data_is_a_render_error_with_a_human_reason() -> None:
    document = invoice(1)
    del document["total"]

    with pytest.raises(RenderError, match=r"^The PDF could not be generated: the invoice data is incomplete"):
        render_invoice_pdf(document)


def test_a_document_beyond_the_engine_limits_is_a_render_error() -> None:
    with pytest.raises(RenderError, match=r"^The PDF could not be generated: the invoice is too large"):
        render_invoice_pdf(invoice(1, notes="word " * 2_200_000))


def test_a_line_taller_than_a_page_is_a_render_error_not_a_split_row() -> None:
    document = invoice(1, lines=[line(1, description="word " * 5000)])

    with pytest.raises(RenderError, match=r"^The PDF could not be generated: .*too long to fit on one page"):
        render_invoice_pdf(document)


def test_renders_in_a_spawned_worker_and_errors_come_back_as_render_errors() -> None:
    broken = invoice(1)
    del broken["lines"]
    context = multiprocessing.get_context("spawn")

    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=warm_up) as pool:
        pdf = pool.submit(render_invoice_pdf, invoice(2)).result(timeout=60)
        failure = pool.submit(render_invoice_pdf, broken)
        with pytest.raises(RenderError, match="the invoice data is incomplete") as caught:
            failure.result(timeout=60)

    assert pdf.startswith(b"%PDF")
    assert "Item 002:" in page_texts(pdf)[0]
    assert type(caught.value) is RenderError
