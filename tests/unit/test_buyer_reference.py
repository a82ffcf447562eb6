"""The buyer reference (BT-10) of a client: any short printable text; a Leitweg-ID is checked for its check digits."""

from dataclasses import replace

import pytest

from services.clients.buyer_reference import leitweg_warning
from services.clients.model import ClientDraft
from services.clients.validation import validate_client
from services.errors import InvalidInput
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import Party
from services.invoices.validation import validate_invoice


def test_a_buyer_reference_is_optional_and_kept_with_its_spacing_tidied() -> None:
    assert validate_client(ClientDraft(name="Acme"), default_currency="EUR").buyer_reference == ""
    checked = validate_client(ClientDraft(name="Stadt Köln", buyer_reference="  05315000-ABC1-  "),
                              default_currency="EUR")
    assert checked.buyer_reference == "05315000-ABC1-"


@pytest.mark.parametrize(("typed", "message"), [
    ("R" * 201, "The buyer reference can be at most 200 characters (now 201)."),
    ("PO\u202e4711", "Remove the invisible or control characters (U+202E)"),
])
def test_a_too_long_or_disguised_buyer_reference_is_refused_beside_its_field(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_client(ClientDraft(name="Acme", buyer_reference=typed), default_currency="EUR")
    assert refused.value.problems.by_field["buyer_reference"].startswith(message)
    assert set(refused.value.problems.by_field) == {"buyer_reference"}


@pytest.mark.parametrize("reference", [
    "04011000-1234512345-06",  # a Land's Leitweg-ID with a fine address
    "991-33333TEST-33",  # the Bund's test ID
    "991-33333test-33",  # letters count the same in either case
    "PO-2026-4711", "2024-05", "Kostenstelle 12", "12-345",  # not Leitweg-IDs: any reference is allowed
])
def test_valid_leitweg_ids_and_other_references_draw_no_warning(reference: str) -> None:
    assert leitweg_warning(reference) is None


@pytest.mark.parametrize("reference", ["04011000-1234512345-07", "04011000-1234512354-06", "991-33333TEST-34",
                                       "04011000-06"])
def test_a_leitweg_id_with_a_typo_is_warned_about_but_still_saved(reference: str) -> None:
    warning = leitweg_warning(reference)
    assert warning is not None and warning.startswith("This looks like a Leitweg-ID, but its last two digits")
    assert validate_client(ClientDraft(name="Stadt", buyer_reference=reference),
                           default_currency="EUR").buyer_reference == reference


def test_an_invoice_takes_the_buyer_reference_of_its_client_block_and_refuses_a_bad_one_beside_it() -> None:
    draft = InvoiceDraft(client_name="Stadt Köln", issue_date="2026-11-20", due_date="2026-12-04", currency="EUR",
                         client_buyer_reference=" 05315000-ABC1-52 ", lines=(LineDraft("Workshop", "1", "100"),))
    seller = Party(name="Müller GmbH", street="Hauptstr. 1", postcode="10115", city="Berlin", country="DE")
    assert validate_invoice(draft, seller=seller).buyer_reference == "05315000-ABC1-52"
    with pytest.raises(InvalidInput) as refused:
        validate_invoice(replace(draft, client_buyer_reference="x" * 201), seller=seller)
    assert refused.value.problems.by_field == {
        "client_buyer_reference": "The buyer reference can be at most 200 characters (now 201)."}
