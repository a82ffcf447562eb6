"""What the KoSIT rules (BR-DE-*) add to EN 16931 that an invoice can lack: a German public buyer's portal
rejects an XRechnung without it. Checked in Python before the XML is built, so the user reads what is missing
instead of getting a file that would be refused; the full validation (XSD and schematron) runs in tests and in
the worker, never in the web process.

A missing IBAN is not among them: the XML then states payment means 1 (not defined), which satisfies BR-DE-1,
and KoSIT's schematron accepts it (measured with services.einvoice.rules).
"""

from dataclasses import dataclass

from services.errors import Refusal
from services.invoices.model import InvoiceContent

REISSUE = ("An issued invoice never changes, so after adding them cancel it with a credit note and issue it "
           "again (Duplicate copies its lines).")
SETTINGS = "add it in Settings"


@dataclass(frozen=True)
class Gap:
    rule_id: str  # the KoSIT or EN 16931 rule that requires it
    missing: str  # what the invoice lacks
    where: str  # where the user adds it for the next invoice


class XRechnungNotPossible(Refusal):
    """The invoice was issued without something XRechnung requires; issued invoices are locked, so the fix is
    to add it and issue the invoice again."""

    def __init__(self, number: str, gaps: list[Gap]) -> None:
        listed = "; ".join(f"{gap.missing} ({gap.rule_id}): {gap.where}" for gap in gaps)
        super().__init__(f"{number} cannot be an XRechnung: {listed}. {REISSUE}")
        self.number = number
        self.gaps = gaps


def xrechnung_gaps(content: InvoiceContent) -> list[Gap]:
    """What the KoSIT rules require that this invoice lacks, in the order a user would fix it."""
    seller, client = content.seller, content.client
    checks = [
        (content.buyer_reference, Gap("BR-DE-15", "the buyer reference (for a public buyer its Leitweg-ID)",
                                      "add it to the client under Clients, or in the invoice's client block")),
        (seller.phone, Gap("BR-DE-6", "your phone number", SETTINGS)),
        (seller.email, Gap("BR-DE-7", "your email address", SETTINGS)),
        (seller.vat_id or seller.tax_number or content.vat_category == "O",
         Gap("BR-DE-16", "your VAT ID or tax number", SETTINGS)),
        (seller.city and seller.postcode, Gap("BR-DE-3, BR-DE-4", "your postcode and city", SETTINGS)),
        (client.city and client.postcode, Gap("BR-DE-8, BR-DE-9", "the client's postcode and city",
                                              "add them to the client under Clients")),
    ]
    return [gap for present, gap in checks if not present]
