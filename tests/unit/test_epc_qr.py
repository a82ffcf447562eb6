"""The EPC QR ("GiroCode") payload against the field rules of EPC069-12, version 002."""

from services.pdf.epc_qr import epc_payload

IBAN = "DE89370400440532013000"


def payload(**overrides: object) -> str | None:
    fields: dict[str, object] = {"name": "Müller Software GmbH", "iban": IBAN, "bic": "COBADEFFXXX",
                                 "amount_cents": 1234, "currency": "EUR", "reference": "RE-2026-0042"}
    fields.update(overrides)
    return epc_payload(**fields)  # type: ignore[arg-type]


def test_the_twelve_fields_in_order_without_the_trailing_empty_one() -> None:
    assert payload() == "BCD\n002\n1\nSCT\nCOBADEFFXXX\nMüller Software GmbH\n" + IBAN + "\nEUR12.34\n\n\nRE-2026-0042"


def test_amounts_have_two_decimals_and_stay_within_the_schemes_range() -> None:
    assert payload(amount_cents=1)
    assert "\nEUR0.01\n" in str(payload(amount_cents=1))
    assert "\nEUR999999999.99\n" in str(payload(amount_cents=99_999_999_999))
    assert payload(amount_cents=100_000_000_000) is None
    assert payload(amount_cents=0) is None
    assert payload(amount_cents=-500) is None  # a credit: nothing to pay


def test_only_euro_transfers_to_a_valid_iban_get_a_code() -> None:
    assert payload(currency="CHF") is None
    assert payload(iban="") is None
    assert payload(iban="DE89370400440532013001") is None  # check digits do not match
    assert payload(name=" ") is None


def test_iban_and_bic_are_compacted_and_a_bic_may_be_empty_or_is_left_out_when_malformed() -> None:
    assert str(payload(iban="de89 3704 0044 0532 0130 00", bic="cobadeff")).split("\n")[4:7] == [
        "COBADEFF", "Müller Software GmbH", IBAN]
    assert str(payload(bic="")).split("\n")[4] == ""
    assert str(payload(bic="NOT A BIC!")).split("\n")[4] == ""


def test_name_and_reference_are_one_line_each_and_cut_to_their_lengths() -> None:
    fields = str(payload(name="Acme\nGmbH  " + "x" * 100, reference="INV\r\n1 " + "y" * 200)).split("\n")

    assert len(fields) == 11
    assert fields[5] == ("Acme GmbH " + "x" * 100)[:70]
    assert fields[10] == ("INV 1 " + "y" * 200)[:140]
    assert len("\n".join(fields).encode()) <= 331


def test_a_name_that_would_make_the_payload_too_long_gives_no_code() -> None:
    assert payload(name="王" * 70, reference="R" * 140) is None  # 210 + 140 bytes and the rest: over 331
