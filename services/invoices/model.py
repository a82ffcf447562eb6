"""The invoice, declared once: what it says (parties, dates, lines, totals) and where it stands (status, PDF).

Every amount is an integer in the currency's minor units, quantities are in thousandths and tax rates in
thousandths of a percent (see services.invoices.money). These values travel unchanged from validation
through storage to the PDF worker.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

Status = Literal["processing", "ready", "failed"]  # the PDF's state
Kind = Literal["invoice", "credit_note"]
PaymentState = Literal["open", "overdue", "paid", "cancelled", "credit"]  # "credit": a credit note settles nothing
# EN 16931 VAT category codes (UNTDID 5305): standard, zero-rated, exempt, reverse charge, intra-EU supply of goods,
# export outside the EU, not subject to VAT. The small-business exemption (e.g. §19 UStG) is "E" with its reason.
VatCategory = Literal["S", "Z", "E", "AE", "K", "G", "O"]
Language = Literal["en", "de", "fr"]


@dataclass(frozen=True)
class Party:
    """A seller or a client as printed on the invoice."""

    name: str
    email: str = ""
    address: str = ""  # free text, as stored before parties had structured addresses; printed when street is ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, or ""
    vat_id: str = ""  # compact, e.g. DE136695976, or ""
    tax_number: str = ""  # national tax number (e.g. German Steuernummer), or ""
    registration: str = ""  # company registration, free text, or ""
    phone: str = ""
    website: str = ""


@dataclass(frozen=True)
class BankAccount:
    """Where the seller is paid: printed in the payment block and encoded in the EPC QR code."""

    iban: str = ""  # compact, upper case
    bic: str = ""
    bank_name: str = ""


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    quantity_thousandths: int
    unit_price_minor: int
    amount_minor: int  # the line's net amount, after its discount, rounded half-up to the minor unit
    unit: str = "C62"  # UN/ECE Recommendation 20 code: HUR hour, DAY day, C62 piece (one), KGM kg, MON month, KMT km
    vat_rate_thousandths: int = 0  # the line's VAT rate in thousandths of a percent (19 % = 19000)
    discount_thousandths: int = 0  # the line's discount in thousandths of a percent, 0 for none


@dataclass(frozen=True)
class VatSubtotal:
    """One row of the VAT breakdown: per category and rate, as EN 16931 computes it (BG-23)."""

    category: VatCategory
    rate_thousandths: int
    taxable_minor: int  # sum of the line nets of this category and rate
    tax_minor: int  # taxable times rate, rounded half-up once per category and rate


@dataclass(frozen=True)
class Totals:
    subtotal_minor: int  # total net
    tax_minor: int  # total VAT: the sum of the breakdown's tax amounts
    total_minor: int  # total gross
    vat_breakdown: tuple[VatSubtotal, ...] = ()
    paid_minor: int = 0  # payments already recorded when the document was made

    @property
    def due_minor(self) -> int:
        """Amount due: the gross total less what was already paid."""
        return self.total_minor - self.paid_minor


@dataclass(frozen=True)
class InvoiceContent:
    """Everything an invoice says except its number: checked, with totals computed on the server."""

    seller: Party
    client: Party
    issue_date: date
    due_date: date
    currency: str
    tax_rate_thousandths: int
    lines: tuple[InvoiceLine, ...]
    totals: Totals
    notes: str = ""
    service_date: date | None = None  # date of supply, or the first day of the service period; None: issue date
    service_end: date | None = None  # the last day of a service period, None for a single date
    vat_category: VatCategory = "S"
    exemption_reason: str = ""  # printed for every category but S (and required for E, AE, K, G, O)
    language: Language = "en"  # the language the PDF is printed in
    seller_bank: BankAccount = BankAccount()
    payment_terms_days: int | None = None  # None: only the due date is printed
    footer: str = ""  # the seller's footer text
    logo_id: str = ""  # the seller's stored, re-encoded logo at issue time, "" for none
    buyer_reference: str = ""  # BT-10: the client's reference for routing, e.g. a German public buyer's Leitweg-ID
    e_invoice: bool = True  # issued as a Factur-X hybrid; False for documents issued before e-invoices


@dataclass(frozen=True)
class StoredPdf:
    file_id: str
    size: int
    sha256: str
    thumbnail: bool = False  # its first page as a PNG is kept beside it (storage.pdf_files.read_thumbnail)


@dataclass(frozen=True)
class InvoiceRecord:
    """A stored (issued) invoice's identity and state, without its content."""

    id: str
    owner_id: str
    number: str
    status: Status
    failure_reason: str
    attempts: int
    last_error: str
    created_at: datetime
    pdf: StoredPdf | None
    kind: Kind = "invoice"
    paid_on: date | None = None
    cancelled_by: str = ""  # the number of the credit note that cancelled it
    credit_for: str = ""  # a credit note: the number of the invoice it cancels


@dataclass(frozen=True)
class InvoiceSummary:
    """One row of the invoice list."""

    id: str
    number: str
    status: Status
    client_name: str
    currency: str
    total_minor: int
    failure_reason: str
    kind: Kind = "invoice"
    client_email: str = ""
    issue_date: date | None = None
    due_date: date | None = None
    paid_on: date | None = None
    cancelled_by: str = ""
    credit_for: str = ""
    queue_position: int | None = None  # waiting for a render worker: its place in line; None otherwise
    created_at: datetime | None = None  # with the id, the order of the book's "Newest first"

    def payment_state(self, today: date) -> PaymentState:
        """Derived when read: an open invoice past its due date is overdue, with no job that marks it."""
        if self.kind == "credit_note":
            return "credit"
        if self.cancelled_by:
            return "cancelled"
        if self.paid_on is not None:
            return "paid"
        if self.due_date is not None and self.due_date < today:
            return "overdue"
        return "open"


@dataclass(frozen=True)
class RenderRequest:
    """The PDF worker's whole input: plain, picklable values."""

    number: str
    content: InvoiceContent
    kind: Kind = "invoice"
    credit_for: str = ""
    logo_png: bytes = b""  # the seller's logo, already decoded and re-encoded by Pillow; b"" for none


@dataclass(frozen=True)
class RenderedDocument:
    """The PDF worker's whole output: the PDF, and its first page as a small PNG (None when that failed)."""

    pdf: bytes
    thumbnail_png: bytes | None
