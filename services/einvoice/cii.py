"""The CII XML (UN/CEFACT Cross Industry Invoice, Factur-X 1.09 EN 16931 profile, or XRechnung 3.0) of one issued
document, built with drafthorse from the typed, integer-minor-unit model the PDF prints.

Every amount is the model's, converted from minor units and never recomputed; a credit note stores its lines
and totals negated, and its 381 document states them positive. Choices where the model is silent:
- A client without a country (old invoices, free-text addresses) is given the seller's country: a buyer
  country is mandatory (BR-11) and a domestic client is the common case of a client typed without one.
- A free-text (legacy) address goes into address line one, its line breaks joined with ", ".
- A seller with neither VAT ID nor registration (a small business) is identified by its tax number as seller
  identifier BT-29 as well as BT-32: EN 16931 requires one of BT-29/30/31 (BR-CO-26). A "not subject to VAT" (O)
  document states no VAT ID (BR-O-02), so there the seller's tax number, or else its VAT ID, is BT-29.
- A credit note states its due date but no payment terms text: the terms were the invoice's.
- A service period is BG-14, and its last day the actual delivery date BT-72: the delivery group would otherwise
  be empty (FeRD R74).
- Without an IBAN the payment means is 1 ("instrument not defined"): 30 and 58 both require an account (BR-61).
- A 3-decimal currency (KWD) is written with 2 decimals when its last digit is 0; otherwise with 3, which the
  EN 16931 decimal rules (BR-DEC) refuse: such an amount is not expressible in EN 16931.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from xml.etree import ElementTree

from drafthorse.models.accounting import ApplicableTradeTax, TradeAllowanceCharge
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import PostalTradeAddress, TaxRegistration, TradeParty
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem

from services.einvoice.contract import Profile
from services.invoices.model import (
    InvoiceContent,
    InvoiceLine,
    Language,
    Party,
    RenderRequest,
    VatCategory,
)
from services.invoices.money import QUANTITY_SCALE, TAX_RATE_SCALE, from_minor_units, line_amount_minor
from services.invoices.vat import line_category, one_rate_breakdown

GUIDELINES: dict[Profile, str] = {
    "en16931": "urn:cen.eu:en16931:2017",
    "xrechnung": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
}
INVOICE, CREDIT_NOTE = "380", "381"
SEPA_CREDIT_TRANSFER, NOT_DEFINED = "58", "1"
DISCOUNT = "95"  # UNTDID 5189 allowance reason code
EXEMPT_CATEGORIES = ("E", "AE", "K", "G", "O")  # they state an exemption reason (BT-120)
MAX_AMOUNT_DECIMALS = 2  # BR-DEC-*
PAYMENT_TERMS: dict[Language, tuple[str, str]] = {  # (within days, on receipt)
    "en": ("Payable within {days} days.", "Payable on receipt."),
    "de": ("Zahlbar innerhalb von {days} Tagen.", "Zahlbar sofort nach Erhalt."),
    "fr": ("Payable sous {days} jours.", "Payable à réception."),
}


@dataclass(frozen=True)
class _Amounts:
    """Writes the model's minor units as the document states them: sign flipped on a credit note."""

    currency: str
    sign: int

    def money(self, minor: int) -> Decimal:
        value = from_minor_units(self.sign * minor, self.currency)
        if -value.as_tuple().exponent > MAX_AMOUNT_DECIMALS:  # type: ignore[operator]
            rounded = value.quantize(Decimal(1).scaleb(-MAX_AMOUNT_DECIMALS))
            return rounded if rounded == value else value
        return value

    def price(self, minor: int) -> Decimal:
        return from_minor_units(minor, self.currency)

    def quantity(self, thousandths: int) -> Decimal:
        return Decimal(self.sign * thousandths) / QUANTITY_SCALE


def build_cii(request: RenderRequest, *, profile: Profile = "en16931") -> bytes:
    """The document's CII XML, UTF-8 with an XML declaration; checked by services.einvoice.rules, not here."""
    request = replace(request, content=with_vat_breakdown(request.content))
    content = request.content
    amounts = _Amounts(content.currency, -1 if request.kind == "credit_note" else 1)
    doc = Document()
    doc.context.guideline_parameter.id = GUIDELINES[profile]
    doc.header.id = request.number
    doc.header.type_code = CREDIT_NOTE if request.kind == "credit_note" else INVOICE
    doc.header.issue_date_time = content.issue_date
    if content.notes.strip():
        doc.header.notes.add(IncludedNote(content=content.notes.strip()))
    for index, line in enumerate(content.lines, start=1):
        doc.trade.items.add(_line(index, line, content.vat_category, amounts))
    _agreement(doc, content)
    _delivery(doc, content)
    _settlement(doc, request, amounts)
    xml: bytes = ElementTree.tostring(doc.to_etree(), "utf-8", xml_declaration=True)
    return xml


def with_vat_breakdown(content: InvoiceContent) -> InvoiceContent:
    """An invoice issued before lines had their own VAT rate carries one rate for all: stated on each line and as
    a one-row breakdown, with the amounts it was issued with."""
    if content.totals.vat_breakdown:
        return content
    rate, totals = content.tax_rate_thousandths, content.totals
    breakdown = one_rate_breakdown(content.vat_category, rate, taxable_minor=totals.subtotal_minor,
                                   tax_minor=totals.tax_minor)
    return replace(content, lines=tuple(replace(line, vat_rate_thousandths=rate) for line in content.lines),
                   totals=replace(totals, vat_breakdown=breakdown))


def _agreement(doc: Document, content: InvoiceContent) -> None:
    agreement = doc.trade.agreement
    if content.buyer_reference.strip():
        agreement.buyer_reference = content.buyer_reference.strip()
    seller, client = content.seller, content.client
    vat_ids = content.vat_category != "O"  # BR-O-02: not subject to VAT, so no VAT identifier at all
    _seller_identity(agreement.seller, seller, vat_ids)
    _party(agreement.seller, seller, country=seller.country)
    if seller.phone or seller.email:
        agreement.seller.contact.person_name = seller.name
        if seller.phone:
            agreement.seller.contact.telephone.number = seller.phone
        if seller.email:
            agreement.seller.contact.email.address = seller.email
    if seller.email:
        agreement.seller.electronic_address.uri_ID = ("EM", seller.email)
    if seller.vat_id and vat_ids:
        agreement.seller.tax_registrations.add(TaxRegistration(id=("VA", seller.vat_id)))
    if seller.tax_number:
        agreement.seller.tax_registrations.add(TaxRegistration(id=("FC", seller.tax_number)))
    _party(agreement.buyer, client, country=client.country or seller.country)
    if client.email:
        agreement.buyer.electronic_address.uri_ID = ("EM", client.email)
    if client.vat_id and vat_ids:
        agreement.buyer.tax_registrations.add(TaxRegistration(id=("VA", client.vat_id)))


def _seller_identity(target: TradeParty, seller: Party, vat_ids: bool) -> None:
    """BR-CO-26 wants a seller identifier (BT-29), registration (BT-30) or VAT ID (BT-31); a tax number is none."""
    if seller.registration:
        target.legal_organization.id = ("", seller.registration)
    elif not (seller.vat_id and vat_ids) and (seller.tax_number or seller.vat_id):
        target.id = seller.tax_number or seller.vat_id


def _party(target: TradeParty, party: Party, *, country: str) -> None:
    target.name = party.name
    _address(target.address, party, country)


def _address(target: PostalTradeAddress, party: Party, country: str) -> None:
    line_one = party.street or ", ".join(part.strip() for part in party.address.splitlines() if part.strip())
    if party.postcode:
        target.postcode = party.postcode
    if line_one:
        target.line_one = line_one
    if party.city:
        target.city_name = party.city
    if country:
        target.country_id = country


def _delivery(doc: Document, content: InvoiceContent) -> None:
    doc.trade.delivery.event.occurrence = content.service_end or content.service_date or content.issue_date
    if content.vat_category == "K":  # BR-IC-12: an intra-EU supply names the country the goods went to
        ship_to = doc.trade.delivery.ship_to
        ship_to.name = content.client.name
        _address(ship_to.address, content.client, content.client.country or content.seller.country)


def _settlement(doc: Document, request: RenderRequest, amounts: _Amounts) -> None:
    content, settlement = request.content, doc.trade.settlement
    settlement.currency_code = content.currency
    settlement.payment_means.add(_payment_means(content))
    for row in content.totals.vat_breakdown:
        tax = ApplicableTradeTax(type_code="VAT", category_code=row.category)
        tax.calculated_amount = amounts.money(row.tax_minor)
        tax.basis_amount = amounts.money(row.taxable_minor)
        if row.category in EXEMPT_CATEGORIES and content.exemption_reason:
            tax.exemption_reason = content.exemption_reason
        tax.rate_applicable_percent = _percent(row.rate_thousandths)  # 0 for O too: XRechnung wants it (BR-DE-14)
        settlement.trade_tax.add(tax)
    if content.service_end is not None:
        settlement.period.start = content.service_date or content.issue_date
        settlement.period.end = content.service_end
    terms = PaymentTerms(due=content.due_date)
    if content.payment_terms_days is not None and request.kind == "invoice":
        terms.description = _payment_terms(content.payment_terms_days, content.language)
    settlement.terms.add(terms)
    totals, summation = content.totals, settlement.monetary_summation
    summation.line_total = amounts.money(totals.subtotal_minor)
    summation.tax_basis_total = amounts.money(totals.subtotal_minor)
    summation.tax_total = (amounts.money(totals.tax_minor), content.currency)
    summation.grand_total = amounts.money(totals.total_minor)
    if totals.paid_minor:
        summation.prepaid_total = amounts.money(totals.paid_minor)
    summation.due_amount = amounts.money(totals.due_minor)
    if request.kind == "credit_note" and request.credit_for:
        settlement.invoice_referenced_document.issuer_assigned_id = request.credit_for


def _payment_terms(days: int, language: Language) -> str:
    within, on_receipt = PAYMENT_TERMS[language]
    return within.format(days=days) if days else on_receipt


def _payment_means(content: InvoiceContent) -> PaymentMeans:
    bank = content.seller_bank
    if not bank.iban:
        return PaymentMeans(type_code=NOT_DEFINED)
    means = PaymentMeans(type_code=SEPA_CREDIT_TRANSFER)
    means.payee_account.iban = bank.iban
    if bank.bic:
        means.payee_institution.bic = bank.bic
    return means


def _percent(thousandths: int) -> Decimal:
    return Decimal(f"{(Decimal(thousandths) / TAX_RATE_SCALE).normalize():f}")


def _line(index: int, line: InvoiceLine, invoice_category: VatCategory, amounts: _Amounts) -> LineItem:
    item = LineItem()
    item.document.line_id = str(index)
    item.product.name = line.description
    item.agreement.net.amount = amounts.price(line.unit_price_minor)
    item.delivery.billed_quantity = (amounts.quantity(line.quantity_thousandths), line.unit)
    category = line_category(invoice_category, line.vat_rate_thousandths)
    item.settlement.trade_tax.type_code = "VAT"
    item.settlement.trade_tax.category_code = category
    if category != "O":  # BR-O-05: a line not subject to VAT states no rate; the exempt ones state 0
        item.settlement.trade_tax.rate_applicable_percent = _percent(line.vat_rate_thousandths)
    if line.discount_thousandths:
        item.settlement.allowance_charge.add(_discount(line, amounts))
    item.settlement.monetary_summation.total_amount = amounts.money(line.amount_minor)
    return item


def _discount(line: InvoiceLine, amounts: _Amounts) -> TradeAllowanceCharge:
    """The line's discount as a line allowance (BG-27): quantity times price, less the line's net amount."""
    undiscounted = line_amount_minor(line.quantity_thousandths, line.unit_price_minor)
    allowance = TradeAllowanceCharge(indicator=False, reason_code=DISCOUNT, reason="Discount")
    allowance.calculation_percent = _percent(line.discount_thousandths)
    allowance.basis_amount = amounts.money(undiscounted)
    allowance.actual_amount = amounts.money(undiscounted - line.amount_minor)
    return allowance

