"""A document issued before e-invoices is re-made as it was issued: a plain PDF, not refused by rules it never met."""

import io
from dataclasses import replace

import pikepdf
import pytest

from services.einvoice.issued_document import EInvoiceRejected, render_issued_document
from services.invoices.model import Party
from tests.einvoice.cases import invoice, standard
from tests.pdf.pdf_helpers import page_texts


def legacy_seller() -> Party:
    return Party(name="Alice", address="1 Main St\nSpringfield")  # as stored before seller profiles


def test_an_invoice_issued_before_e_invoices_is_re_made_as_the_plain_pdf_it_was() -> None:
    old = replace(standard(), seller=legacy_seller(), e_invoice=False)

    made = render_issued_document(invoice(old))

    with pikepdf.open(io.BytesIO(made.pdf)) as pdf:
        assert "factur-x.xml" not in pdf.attachments
    assert "Alice" in page_texts(made.pdf)[0]


def test_the_same_content_issued_now_is_refused_with_the_rules_it_breaks() -> None:
    with pytest.raises(EInvoiceRejected, match="BR-09"):
        render_issued_document(invoice(replace(standard(), seller=legacy_seller())))
