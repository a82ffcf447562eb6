"""The VAT treatments an invoice can have: EN 16931 VAT categories, and what each one requires.

The editor offers them by key; the small-business exemption (e.g. §19 UStG) is category E with its own
standard reason. The standard reasons are what the PDF prints when the user writes none, in the invoice's
language.
"""

from dataclasses import dataclass, field

from services.invoices.model import Language, VatCategory, VatSubtotal


@dataclass(frozen=True)
class VatTreatment:
    label: str  # as the editor offers it
    category: VatCategory
    standard_reason: dict[Language, str] = field(default_factory=dict)  # printed when no reason is written
    reason_required: bool = False  # no standard reason fits: the user must write one
    buyer_vat_id_required: bool = False

    @property
    def charges_vat(self) -> bool:
        return self.category == "S"

    @property
    def has_reason(self) -> bool:
        """An exemption reason is printed (EN 16931: every category but S and Z)."""
        return self.category not in ("S", "Z")


STANDARD = "S"
SMALL_BUSINESS = "small_business"
TREATMENTS: dict[str, VatTreatment] = {
    STANDARD: VatTreatment("Standard", "S"),
    "Z": VatTreatment("Zero-rated", "Z"),
    "E": VatTreatment("Exempt", "E", reason_required=True),
    "AE": VatTreatment("Reverse charge", "AE", {
        "en": "Reverse charge: the recipient is liable for the VAT (Article 196 of Directive 2006/112/EC).",
        "de": "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, Art. 196 MwStSystRL).",
        "fr": "Autoliquidation : la TVA est due par le preneur (article 196 de la directive 2006/112/CE).",
    }, buyer_vat_id_required=True),
    "K": VatTreatment("Intra-EU supply of goods", "K", {
        "en": "VAT-exempt intra-Community supply of goods (Article 138 of Directive 2006/112/EC).",
        "de": "Steuerfreie innergemeinschaftliche Lieferung (Art. 138 MwStSystRL).",
        "fr": "Exonération de TVA, livraison intracommunautaire (article 138 de la directive 2006/112/CE).",
    }, buyer_vat_id_required=True),
    "G": VatTreatment("Export outside the EU", "G", {
        "en": "VAT-exempt export outside the EU (Article 146 of Directive 2006/112/EC).",
        "de": "Steuerfreie Ausfuhrlieferung (Art. 146 MwStSystRL).",
        "fr": "Exonération de TVA, exportation hors de l'UE (article 146 de la directive 2006/112/CE).",
    }),
    "O": VatTreatment("Not subject to VAT", "O", {
        "en": "Not subject to VAT.",
        "de": "Nicht steuerbarer Umsatz.",
        "fr": "Opération non soumise à la TVA.",
    }),
    SMALL_BUSINESS: VatTreatment("Small business exemption", "E", {
        "en": "No VAT is charged: small business exemption (§ 19 UStG).",
        "de": "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.",
        "fr": "TVA non facturée : régime des petites entreprises (§ 19 UStG).",
    }),
}


def treatment_key(category: VatCategory, reason: str) -> str:
    """The editor's choice for a stored invoice's category and reason (for a duplicate)."""
    small_business = TREATMENTS[SMALL_BUSINESS]
    if category == "E" and reason in small_business.standard_reason.values():
        return SMALL_BUSINESS
    return category


def line_category(invoice_category: VatCategory, rate_thousandths: int) -> VatCategory:
    """A standard-rated invoice's 0 % line is zero-rated (EN 16931 BR-S-05: a standard rate is above zero)."""
    if invoice_category == "S" and rate_thousandths == 0:
        return "Z"
    return invoice_category


def one_rate_breakdown(category: VatCategory, rate_thousandths: int, *, taxable_minor: int,
                       tax_minor: int) -> tuple[VatSubtotal, ...]:
    """The VAT breakdown of an invoice issued before lines had their own rate: its one rate, net and tax."""
    return (VatSubtotal(line_category(category, rate_thousandths), rate_thousandths, taxable_minor, tax_minor),)
