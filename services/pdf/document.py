"""What the PDF template prints: an invoice's content turned into display strings, inside the worker.

Runs inside the PDF worker (`render_request`), so formatting a long invoice never costs the web process's
event loop anything. Words come from the catalogues of services.pdf.wording, dates and amounts from babel.
"""

from __future__ import annotations

import io
import struct
from datetime import date
from gettext import NullTranslations

from babel import Locale

from services.invoices.model import (
    BankAccount,
    InvoiceContent,
    InvoiceLine,
    Kind,
    Party,
    RenderRequest,
    Totals,
    VatSubtotal,
)
from services.invoices.vat import one_rate_breakdown
from services.pdf.epc_qr import epc_payload
from services.pdf.formats import Formats, formats_for, group_iban
from services.pdf.printed import (
    PrintedFact,
    PrintedImage,
    PrintedInvoice,
    PrintedParty,
    PrintedPayment,
    PrintedTable,
    PrintedTotal,
)
from services.pdf.render import render_invoice_pdf
from services.pdf.wording import catalogue, is_small_business, small_business_note, unit_names, vat_treatment_notes

LOGO_BOX_MM = (50.0, 20.0)  # the logo is scaled down, never up, to fit this width and height
QR_MM = 30.0
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def warm_up() -> None:
    """Pays for the xhtml2pdf import and the font loading before the first real job."""
    render_request(WARM_UP)


def render_request(request: RenderRequest) -> bytes:
    """The worker's task: one typed invoice in, PDF bytes out."""
    return render_invoice_pdf(printed_invoice(request.number, request.content, kind=request.kind,
                                              credit_for=request.credit_for, logo_png=request.logo_png))


def printed_invoice(number: str, content: InvoiceContent, *, kind: Kind = "invoice", credit_for: str = "",
                    logo_png: bytes = b"") -> PrintedInvoice:
    t = catalogue(content.language)
    f = formats_for(content.language, content.seller.country, content.currency)
    title = t.gettext("Credit note") if kind == "credit_note" else t.gettext("Invoice")
    return {
        "language": content.language,
        "title": title,
        "number": number,
        "facts": _facts(number, content, kind, credit_for, t, f),
        "seller": _party(content.seller, t, content.language, seller=True),
        "client": _party(content.client, t, content.language, seller=False, reference=content.buyer_reference),
        "client_label": t.gettext("Bill to"),
        "logo": _logo(logo_png),
        "table": _table(content, kind, t, f),
        "vat_notes": _vat_notes(content, t),
        "payment": _payment(number, content, t, f) if kind == "invoice" and content.totals.due_minor > 0 else None,
        "notes_label": t.gettext("Notes"),
        "notes": content.notes,
        "footer": content.footer,
        "footer_label": f"{title} {number}",
        "page_label": t.gettext("Page {page} of {pages}"),
    }


def pdf_filename(number: str) -> str:
    return f"invoice-{number}.pdf"


def _facts(number: str, content: InvoiceContent, kind: Kind, credit_for: str, t: NullTranslations,
           f: Formats) -> list[PrintedFact]:
    credit = kind == "credit_note"
    facts = [_fact(t.gettext("Credit note number") if credit else t.gettext("Invoice number"), number)]
    if credit and credit_for:
        facts.append(_fact(t.gettext("Credit note for"), credit_for))
    facts.append(_fact(t.gettext("Issue date"), f.day(content.issue_date)))
    start = content.service_date or content.issue_date
    if content.service_end is not None and content.service_end != start:
        facts.append(_fact(t.gettext("Service period"), f.period(start, content.service_end)))
    else:
        facts.append(_fact(t.gettext("Service date"), f.day(start)))
    if not credit:
        facts.append(_fact(t.gettext("Due date"), f.day(content.due_date)))
    return facts


def _party(party: Party, t: NullTranslations, language: str, *, seller: bool, reference: str = "") -> PrintedParty:
    """A party's name, address and details; the client's with its buyer reference (BT-10), which is printed in
    the client's block rather than among the facts, whose narrow column would break a Leitweg-ID in two."""
    if party.street or party.city:
        country = Locale(language).territories.get(party.country, party.country) if party.country else ""
        address = [party.street, f"{party.postcode} {party.city}".strip(), country]
    else:
        address = party.address.splitlines()
    details = [t.gettext("VAT ID: {vat_id}").format(vat_id=party.vat_id) if party.vat_id else ""]
    if seller:
        details += [t.gettext("Tax number: {number}").format(number=party.tax_number) if party.tax_number else "",
                    party.registration, party.email, party.phone, party.website]
    else:
        details += [t.gettext("Buyer reference: {reference}").format(reference=reference) if reference else "",
                    party.email]
    return {"name": party.name, "address": _kept(address), "details": _kept(details)}


def _table(content: InvoiceContent, kind: Kind, t: NullTranslations, f: Formats) -> PrintedTable:
    charges_vat = content.vat_category == "S"
    legacy_rate = None if content.totals.vat_breakdown else content.tax_rate_thousandths
    columns = ["description", "quantity", "unit", "unit_price"]
    columns += ["vat_rate"] if charges_vat else []
    columns += ["discount"] if any(line.discount_thousandths for line in content.lines) else []
    columns.append("amount")
    header = {"description": t.gettext("Description"), "quantity": t.gettext("Quantity"), "unit": t.gettext("Unit"),
              "unit_price": t.gettext("Unit price"), "vat_rate": t.gettext("VAT %"), "discount": t.gettext("Discount"),
              "amount": t.gettext("Net amount")}
    units = unit_names(t)

    def values(line: InvoiceLine) -> list[str]:
        rate = line.vat_rate_thousandths if legacy_rate is None else legacy_rate
        cells = {"description": line.description, "quantity": f.quantity(line.quantity_thousandths),
                 "unit": units.get(line.unit, line.unit), "unit_price": f.money(line.unit_price_minor),
                 "vat_rate": f.percent(rate), "amount": f.money(line.amount_minor),
                 "discount": f.percent(line.discount_thousandths) if line.discount_thousandths else ""}
        return [cells[column] for column in columns]

    return {"columns": columns, "header": [header[column] for column in columns],
            "lines": [values(line) for line in content.lines], "totals": _totals(content, kind, t, f)}


def _totals(content: InvoiceContent, kind: Kind, t: NullTranslations, f: Formats) -> list[PrintedTotal]:
    totals = content.totals
    rows: list[tuple[str, int]] = []
    if content.vat_category == "S":
        breakdown = totals.vat_breakdown or one_rate_breakdown(
            "S", content.tax_rate_thousandths, taxable_minor=totals.subtotal_minor, tax_minor=totals.tax_minor)
        if len(breakdown) > 1:
            for part in breakdown:
                rate = f.percent(part.rate_thousandths)
                rows += [(t.gettext("Net at {rate}").format(rate=rate), part.taxable_minor),
                         (t.gettext("VAT {rate}").format(rate=rate), part.tax_minor)]
            rows += [(t.gettext("Total net"), totals.subtotal_minor), (t.gettext("Total VAT"), totals.tax_minor)]
        else:
            rows.append((t.gettext("Total net"), totals.subtotal_minor))
            rows += [(t.gettext("VAT {rate}").format(rate=f.percent(part.rate_thousandths)), part.tax_minor)
                     for part in breakdown]
        rows.append((t.gettext("Total gross"), totals.total_minor))
    else:
        rows.append((t.gettext("Total net"), totals.subtotal_minor))
    if totals.paid_minor:
        rows.append((t.gettext("Paid"), -totals.paid_minor))
    printed = [PrintedTotal(label=label, value=f.money(minor), grand=False) for label, minor in rows]
    grand = t.gettext("Amount credited") if kind == "credit_note" else t.gettext("Amount due")
    return [*printed, PrintedTotal(label=grand, value=f.money(totals.due_minor), grand=True)]


def _vat_notes(content: InvoiceContent, t: NullTranslations) -> list[str]:
    if content.vat_category == "S":
        return []
    reason = " ".join(content.exemption_reason.split())
    if content.vat_category == "E" and is_small_business(reason):
        return [small_business_note(t)]
    note = vat_treatment_notes(t)[content.vat_category]
    if content.vat_category == "E" and reason:
        return [t.gettext("Exempt from VAT: {reason}").format(reason=reason)]
    return _kept([note, reason if reason.casefold() not in note.casefold() else ""])


def _payment(number: str, content: InvoiceContent, t: NullTranslations, f: Formats) -> PrintedPayment:
    bank, due = content.seller_bank, content.totals.due_minor
    days, by = content.payment_terms_days, f.short_day(content.due_date)
    if days:
        terms = t.ngettext("Payable within {days} day, by {date}", "Payable within {days} days, by {date}",
                           days).format(days=days, date=by)
    else:
        terms = t.gettext("Payable by {date}").format(date=by)
    payload = epc_payload(name=content.seller.name, iban=bank.iban, bic=bank.bic, amount_cents=due,
                          currency=content.currency, reference=number)
    return {"title": t.gettext("Payment"), "terms": terms, "details": _bank_details(number, content.seller, bank, t),
            "qr": _qr_image(payload) if payload else None, "qr_caption": t.gettext("Scan to pay")}


def _bank_details(number: str, seller: Party, bank: BankAccount, t: NullTranslations) -> list[PrintedFact]:
    facts = []
    if bank.iban:
        facts += [_fact(t.gettext("Account holder"), seller.name), _fact("IBAN", group_iban(bank.iban))]
    if bank.bic:
        facts.append(_fact("BIC", bank.bic))
    if bank.bank_name:
        facts.append(_fact(t.gettext("Bank"), bank.bank_name))
    return [*facts, _fact(t.gettext("Payment reference"), number)]


def _qr_image(payload: str) -> PrintedImage:
    import segno

    code = segno.make_qr(payload, error="m", encoding="utf-8", eci=False)
    png = io.BytesIO()
    code.save(png, kind="png", scale=4, border=4)
    return {"png": png.getvalue(), "width_mm": QR_MM, "height_mm": QR_MM}


def _logo(png: bytes) -> PrintedImage | None:
    """The seller's logo scaled to fit LOGO_BOX_MM at 300 dpi or less; None when there is none."""
    if not png.startswith(_PNG_SIGNATURE) or len(png) < 24:
        return None
    width_px, height_px = struct.unpack(">II", png[16:24])  # the IHDR chunk always comes first
    if not width_px or not height_px:
        return None
    natural_mm = (width_px * 25.4 / 300, height_px * 25.4 / 300)
    scale = min(1.0, LOGO_BOX_MM[0] / natural_mm[0], LOGO_BOX_MM[1] / natural_mm[1])
    return {"png": png, "width_mm": round(natural_mm[0] * scale, 2), "height_mm": round(natural_mm[1] * scale, 2)}


def _fact(label: str, value: str) -> PrintedFact:
    return {"label": label, "value": value}


def _kept(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip()]


WARM_UP = RenderRequest(number="WARM-UP", content=InvoiceContent(
    seller=Party(name="Seller", street="Street 1", postcode="10115", city="Berlin", country="DE",
                 vat_id="DE136695976", email="seller@example.com"),
    client=Party(name="Client — Zoë 王", city="Berlin", country="DE"), issue_date=date(2026, 1, 1),
    due_date=date(2026, 1, 31), currency="EUR", tax_rate_thousandths=19_000, language="de",
    seller_bank=BankAccount(iban="DE89370400440532013000"),
    lines=(InvoiceLine(description="Item", quantity_thousandths=1000, unit_price_minor=100, amount_minor=100,
                       vat_rate_thousandths=19_000),),
    totals=Totals(subtotal_minor=100, tax_minor=19, total_minor=119,
                  vat_breakdown=(VatSubtotal(category="S", rate_thousandths=19_000, taxable_minor=100, tax_minor=19),)),
))
