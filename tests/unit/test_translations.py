"""The German and French catalogues translate exactly the messages the PDF code prints, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from services.pdf.wording import TRANSLATIONS_DIR, catalogue, unit_names, vat_treatment_notes

PDF_CODE = Path(__file__).resolve().parents[2] / "services" / "pdf"
Message = tuple[str | None, str | tuple[str, ...]]


def used_messages() -> set[Message]:
    found: set[Message] = set()
    for _, _, message, _, context in extract_from_dir(PDF_CODE):
        found.add((context, message if isinstance(message, str) else tuple(message)))
    return found


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_printed_message_and_only_those_is_translated_with_its_placeholders(language: str) -> None:
    with (TRANSLATIONS_DIR / language / "LC_MESSAGES" / "invoice.po").open("rb") as po:
        messages = [message for message in read_po(po) if message.id]

    assert {(message.context, message.id if isinstance(message.id, str) else tuple(message.id))
            for message in messages} == used_messages()
    for message in messages:
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        translations = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(translations), f"{message.id!r} has no {language} translation"
        assert not message.fuzzy
        for text in translations:
            assert placeholders(text) == placeholders(sources[-1]), f"{text!r} changes the placeholders"


def test_languages_print_their_own_words() -> None:
    assert [catalogue(language).gettext("Invoice") for language in ("en", "de", "fr")] == [
        "Invoice", "Rechnung", "Facture"]
    assert [unit_names(catalogue(language))["HUR"] for language in ("en", "de", "fr")] == ["hour", "Std.", "heure"]
    assert [vat_treatment_notes(catalogue(language))["AE"] for language in ("en", "de", "fr")] == [
        "Reverse charge: VAT to be accounted for by the recipient", "Steuerschuldnerschaft des Leistungsempfängers",
        "Autoliquidation"]


def test_plurals_follow_each_languages_rule() -> None:
    singular, plural = "Payable within {days} day, by {date}", "Payable within {days} days, by {date}"

    assert catalogue("de").ngettext(singular, plural, 1).startswith("Zahlbar innerhalb von {days} Tag,")
    assert catalogue("de").ngettext(singular, plural, 0).startswith("Zahlbar innerhalb von {days} Tagen,")
    assert catalogue("fr").ngettext(singular, plural, 0).startswith("Payable sous {days} jour,")  # French: 0 is one
    assert catalogue("en").ngettext(singular, plural, 2) == plural


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{\w+\}", text))
