"""The PDF template's variables, typed: every value is already the text to print."""

from typing import TypedDict


class PrintedLine(TypedDict):
    description: str
    quantity: str
    unit_price: str
    amount: str


class PrintedSeller(TypedDict):
    name: str
    address: str


class PrintedClient(TypedDict):
    name: str
    email: str


class PrintedInvoice(TypedDict):
    """The template's variables: every value is already the text to print."""

    title: str  # "INVOICE" or "CREDIT NOTE"
    document_name: str  # "Invoice" or "Credit note": the footer's and the facts' label
    reference: str  # "Credit note for INV-0001", or ""
    number: str
    issue_date: str
    due_date: str
    currency: str
    seller: PrintedSeller
    client: PrintedClient
    lines: list[PrintedLine]
    subtotal: str
    tax_rate: str
    tax: str
    total: str
    notes: str
