"""The PDF template's variables, typed: every value is already the text to print, in the invoice's language."""

from typing import TypedDict


class PrintedParty(TypedDict):
    name: str
    address: list[str]  # street, postcode and city, country: one printed line each
    details: list[str]  # "VAT ID DE136695976", tax number, registration, email, phone, website


class PrintedFact(TypedDict):
    label: str
    value: str


class PrintedTotal(TypedDict):
    label: str
    value: str
    grand: bool  # the last, emphasised row: amount due (or credited)


class PrintedTable(TypedDict):
    """The line table: the columns this invoice needs, a header label and one value per column and line."""

    columns: list[str]  # keys of line_table.COLUMNS, "description" first and "amount" last
    header: list[str]
    lines: list[list[str]]
    totals: list[PrintedTotal]


class PrintedImage(TypedDict):
    png: bytes
    width_mm: float
    height_mm: float


class PrintedPayment(TypedDict):
    title: str
    terms: str
    details: list[PrintedFact]  # IBAN, BIC, bank, payment reference
    qr: PrintedImage | None  # the EPC ("GiroCode") QR code
    qr_caption: str


class PrintedInvoice(TypedDict):
    """The template's variables: every value is already the text to print."""

    language: str  # "en", "de" or "fr"
    title: str  # "Invoice", "Rechnung", "Credit note", …
    number: str
    facts: list[PrintedFact]  # number, dates, and the invoice a credit note refers to
    seller: PrintedParty
    client: PrintedParty
    client_label: str  # "Bill to"
    logo: PrintedImage | None
    table: PrintedTable
    vat_notes: list[str]  # the VAT treatment's legal note and the exemption reason; empty for standard VAT
    payment: PrintedPayment | None
    notes_label: str
    notes: str
    footer: str  # the seller's footer text
    footer_label: str  # "Invoice INV-0001": each page's footer, followed by page_label
    page_label: str  # "Page {page} of {pages}", filled in on each page
