"""What a business owner and their client read on the PDF: words, formats, VAT, payment, QR code, scripts."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image

from services.invoices.model import BankAccount, Party, RenderRequest, Totals
from services.pdf.document import render_request

from .pdf_helpers import (
    CLIENT,
    SELLER,
    content,
    fonts_drawing,
    fonts_of_visible_text,
    image_count,
    line,
    overprinted_text,
    page_texts,
    qr_codes,
    render,
    spaced,
    totals_of,
)

GERMAN_SELLER = Party(name="Müller Software GmbH", street="Friedrichstraße 123", postcode="10117", city="Berlin",
                      country="DE", vat_id="DE136695976", tax_number="30/123/45678",
                      registration="Amtsgericht Berlin HRB 12345", email="rechnung@mueller.example",
                      phone="+49 30 1234567", website="mueller.example")
GERMAN_CLIENT = Party(name="Kunde AG", street="Hauptstraße 5", postcode="80331", city="München", country="DE",
                      vat_id="DE811569869", email="buchhaltung@kunde.example")
GERMAN_BANK = BankAccount(iban="DE89370400440532013000", bic="COBADEFFXXX", bank_name="Commerzbank")
GERMAN_LINES = [
    line(1, description="Beratung Softwarearchitektur", quantity_thousandths=10_000, unit_price_minor=12_000,
         amount_minor=120_000, unit="HUR", vat_rate_thousandths=19_000),
    line(2, description="Fachbuch „Clean Code“", quantity_thousandths=2_000, unit_price_minor=3_450,
         amount_minor=6_210, unit="C62", vat_rate_thousandths=7_000, discount_thousandths=10_000),
]


def german_invoice(**overrides: object) -> bytes:
    fields: dict[str, object] = {
        "seller": GERMAN_SELLER, "client": GERMAN_CLIENT, "lines": GERMAN_LINES, "language": "de",
        "issue_date": date(2026, 12, 2), "due_date": date(2026, 12, 16), "service_date": date(2026, 11, 1),
        "service_end": date(2026, 11, 30), "seller_bank": GERMAN_BANK, "payment_terms_days": 14,
        "footer": "Geschäftsführer: Max Müller", "tax_rate_thousandths": 19_000,
    }
    fields.update(overrides)
    return render(number="RE-2026-0042", **fields)


def test_a_german_invoice_with_19_and_7_percent_prints_in_german_with_the_breakdown_to_the_cent() -> None:
    pdf = german_invoice()
    (text,) = page_texts(pdf)

    expected = [
        "Müller Software GmbH Friedrichstraße 123 10117 Berlin Deutschland USt-IdNr.: DE136695976 "
        "Steuernummer: 30/123/45678 Amtsgericht Berlin HRB 12345 rechnung@mueller.example +49 30 1234567",
        "RECHNUNGSEMPFÄNGER Kunde AG Hauptstraße 5 80331 München Deutschland USt-IdNr.: DE811569869",
        "RECHNUNG Rechnungsnummer RE-2026-0042 Rechnungsdatum 2. Dezember 2026 Leistungszeitraum 1.–30. Nov. 2026 "
        "Fällig am 16. Dezember 2026",
        "Beschreibung Menge Einheit Einzelpreis USt. % Rabatt Netto",
        "Beratung Softwarearchitektur 10 Std. 120,00 € 19 % 1.200,00 €",
        "Fachbuch „Clean Code“ 2 Stk. 34,50 € 7 % 10 % 62,10 €",
        "Netto zu 19 % 1.200,00 € USt. 19 % 228,00 € Netto zu 7 % 62,10 € USt. 7 % 4,35 € "
        "Summe netto 1.262,10 € Summe USt. 232,35 € Summe brutto 1.494,45 € Zu zahlen 1.494,45 €",
        "Zahlung Zahlbar innerhalb von 14 Tagen, bis 16.12.2026 Kontoinhaber Müller Software GmbH "
        "IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX Bank Commerzbank Verwendungszweck RE-2026-0042",
        "Geschäftsführer: Max Müller",
        "Rechnung RE-2026-0042 · Seite 1 von 1",
    ]
    assert [value for value in expected if value not in spaced(text)] == []
    assert overprinted_text(pdf) == []


@pytest.mark.parametrize(("language", "printed"), [
    ("de", "USt-IdNr.: DE811569869 Käuferreferenz: 04011000-1234512345-06 buchhaltung@kunde.example"),
    ("fr", "N° TVA : DE811569869 Référence acheteur : 04011000-1234512345-06 buchhaltung@kunde.example"),
    ("en", "VAT ID: DE811569869 Buyer reference: 04011000-1234512345-06 buchhaltung@kunde.example")])
def test_a_buyer_reference_is_printed_whole_in_the_client_s_block_in_the_invoice_s_language(language: str,
                                                                                             printed: str) -> None:
    (text,) = page_texts(german_invoice(buyer_reference="04011000-1234512345-06", language=language))
    assert printed in spaced(text)
    assert "Käuferreferenz" not in spaced(page_texts(german_invoice())[0])  # none: no empty fact


def test_the_qr_code_reads_back_as_the_exact_epc_payload() -> None:
    assert qr_codes(german_invoice()) == [
        "BCD\n002\n1\nSCT\nCOBADEFFXXX\nMüller Software GmbH\nDE89370400440532013000\nEUR1494.45\n\n\nRE-2026-0042"]


def test_the_qr_code_asks_only_for_what_is_still_due() -> None:
    totals = replace(totals_of(GERMAN_LINES), paid_minor=49_445)

    pdf = german_invoice(totals=totals)

    assert "Bereits bezahlt -494,45 € Zu zahlen 1.000,00 €" in spaced(page_texts(pdf)[0])
    assert [payload.split("\n")[7] for payload in qr_codes(pdf)] == ["EUR1000.00"]


@pytest.mark.parametrize("change", [{"currency": "CHF"}, {"seller_bank": BankAccount()},
                                    {"totals": replace(totals_of(GERMAN_LINES), paid_minor=149_445)}],
                         ids=["francs", "no IBAN", "paid in full"])
def test_no_qr_code_without_a_euro_amount_due_to_an_iban(change: dict[str, object]) -> None:
    pdf = german_invoice(**change)

    assert qr_codes(pdf) == []
    assert image_count(pdf) == 0


def test_an_english_invoice_of_an_irish_seller() -> None:
    lines = [line(1, description="Consulting", quantity_thousandths=1_000, unit_price_minor=123_456,
                  amount_minor=123_456, unit="DAY")]
    (text,) = page_texts(render(1, lines=lines, issue_date=date(2026, 12, 2), due_date=date(2026, 12, 16),
                                payment_terms_days=14))

    expected = ["INVOICE", "Issue date 2 December 2026", "Consulting 1 day €1,234.56 23% €1,234.56",
                "Total net €1,234.56 VAT 23% €283.95 Total gross €1,518.51 Amount due €1,518.51",
                "Payable within 14 days, by 16 Dec 2026", "IBAN IE29 AIBK 9311 5212 3456 78 BIC AIBKIE2D"]
    assert [value for value in expected if value not in text] == []


def test_a_french_invoice_groups_digits_with_narrow_spaces_and_puts_the_euro_after() -> None:
    seller = replace(SELLER, country="FR", street="1 rue de Rivoli", postcode="75001", city="Paris")
    lines = [line(1, description="Prestation", quantity_thousandths=1_000, unit_price_minor=123_456,
                  amount_minor=123_456, unit="LS", vat_rate_thousandths=20_000)]

    (text,) = page_texts(render(1, lines=lines, seller=seller, language="fr", issue_date=date(2026, 12, 2)))

    expected = ["FACTURE", "Date de facture 2 décembre 2026", "Prestation 1 forfait 1 234,56 € 20 % 1 234,56 €",
                "Total HT 1 234,56 € TVA 20 % 246,91 € Total TTC 1 481,47 € Net à payer 1 481,47 €",
                "1 rue de Rivoli 75001 Paris France"]
    assert [value for value in expected if value not in spaced(text)] == []


def test_a_reverse_charge_invoice_prints_the_note_and_no_vat() -> None:
    client = Party(name="Client SARL", street="1 rue de Rivoli", postcode="75001", city="Paris", country="FR",
                   vat_id="FR40303265045")
    lines = [line(1, vat_rate_thousandths=0)]
    totals = Totals(subtotal_minor=700_101, tax_minor=0, total_minor=700_101)

    (text,) = page_texts(german_invoice(client=client, vat_category="AE", lines=lines, totals=totals,
                                        exemption_reason="Reverse charge"))

    assert "Steuerschuldnerschaft des Leistungsempfängers" in text
    assert "USt-IdNr.: FR40303265045" in text
    assert "Beschreibung Menge Einheit Einzelpreis Netto" in text
    assert "USt." not in text.replace("USt-IdNr.", "")
    assert "Summe netto 7.001,01 € Zu zahlen 7.001,01 €" in spaced(text)


@pytest.mark.parametrize(("category", "reason", "note"), [
    ("Z", "", "Umsatzsteuer zum Nullsatz (0 %)"),
    ("E", "Heilbehandlung, § 4 Nr. 14 UStG", "Steuerfrei: Heilbehandlung, § 4 Nr. 14 UStG"),
    ("E", "Kleinunternehmer gemäß § 19 UStG",
     "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet (Kleinunternehmerregelung)."),
    ("K", "", "Steuerfreie innergemeinschaftliche Lieferung (§ 4 Nr. 1b i. V. m. § 6a UStG)"),
    ("G", "", "Steuerfreie Ausfuhrlieferung (§ 4 Nr. 1a i. V. m. § 6 UStG)"),
    ("O", "Leistungsort im Drittland", "Nicht steuerbarer Umsatz Leistungsort im Drittland"),
])
def test_each_vat_treatment_prints_its_legal_note(category: str, reason: str, note: str) -> None:
    totals = Totals(subtotal_minor=126_210, tax_minor=0, total_minor=126_210)
    lines = [replace(item, vat_rate_thousandths=0) for item in GERMAN_LINES]

    (text,) = page_texts(german_invoice(vat_category=category, exemption_reason=reason, lines=lines, totals=totals))

    assert note in spaced(text)
    assert "Summe USt." not in text


def test_a_credit_note_names_the_invoice_and_prints_negative_amounts_without_payment_details() -> None:
    lines = [replace(item, quantity_thousandths=-item.quantity_thousandths, amount_minor=-item.amount_minor)
             for item in GERMAN_LINES]
    request = RenderRequest(number="CN-0001", kind="credit_note", credit_for="RE-2026-0042", content=content(
        lines=lines, language="en", seller=GERMAN_SELLER, client=GERMAN_CLIENT, seller_bank=GERMAN_BANK))

    pdf = render_request(request)
    (text,) = page_texts(pdf)

    assert "CREDIT NOTE Credit note number CN-0001 Credit note for RE-2026-0042" in text
    assert "Net at 19% -€1,200.00 VAT 19% -€228.00 Net at 7% -€62.10 VAT 7% -€4.35" in text
    assert "Amount credited -€1,494.45" in text
    assert "Payable" not in text and "IBAN" not in text
    assert qr_codes(pdf) == []
    assert text.endswith("Credit note CN-0001 · Page 1 of 1")


def test_a_chinese_client_name_and_line_print_in_the_cjk_font_while_the_rest_stays_dejavu() -> None:
    client = replace(CLIENT, name="王小明 Trading Ltd", street="东城区 1号")
    lines = [line(1, description="翻译服务 (translation) 한국어 カタカナ")]

    pdf = render(1, client=client, lines=lines, number="INV-日本-0001")
    (text,) = page_texts(pdf)

    samples = ["王小明 Trading Ltd", "东城区 1号", "翻译服务 (translation) 한국어 カタカナ",
               "Invoice INV-日本-0001 · Page 1"]
    assert [sample for sample in samples if sample not in text] == []
    assert fonts_drawing(pdf, "王小明") == {"DroidSansFallback"}
    assert fonts_drawing(pdf, "翻译服务") == {"DroidSansFallback"}
    assert fonts_drawing(pdf, "Trading Ltd") == {"DejaVuSans-Bold"}
    assert fonts_drawing(pdf, "(translation)") == {"DejaVuSans"}
    assert fonts_of_visible_text(pdf) == {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"}


def test_a_latin_invoice_embeds_no_cjk_font_and_a_few_cjk_characters_add_only_their_glyphs() -> None:
    latin = render(3)
    with_cjk = render(3, client=replace(CLIENT, name="王小明"))

    assert b"DroidSansFallback" not in latin
    assert len(with_cjk) - len(latin) < 30_000  # the whole font file is 3.4 MB


def test_the_logo_is_printed_top_left_within_its_box() -> None:
    png = io.BytesIO()
    Image.new("RGB", (3000, 600), "#1f3a5f").save(png, "PNG")

    pdf = render_request(RenderRequest(number="INV-0001", content=content(1), logo_png=png.getvalue()))

    assert image_count(pdf) == 2  # the logo and the QR code
    assert qr_codes(pdf)
