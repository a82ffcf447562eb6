"""What the e-invoice rules (EN 16931) will need, checked before an invoice is issued, so that a Failed
e-invoice is rare: the seller's tax identifier (from Settings) and, for an intra-EU supply, the client's country.

The seller's VAT ID or tax number: BR-S-02, BR-Z-02, BR-E-02 and BR-G-02 take either; reverse charge and
intra-EU supply (BR-AE-02, BR-K-02) take the VAT ID only; "Not subject to VAT" (O) takes none.
"""

from collections.abc import Sequence

from services.errors import Problems, ProfileIncomplete
from services.invoices.model import InvoiceLine, Party, Totals
from services.invoices.money import currency_digits
from services.invoices.vat import TREATMENTS, VatTreatment

VAT_ID_ONLY = frozenset({"AE", "K"})


def seller_tax_id_missing(seller: Party, treatment_key: str) -> ProfileIncomplete | None:
    """The refusal to issue when the seller's profile lacks the tax identifier this invoice's treatment needs."""
    treatment = TREATMENTS.get(treatment_key)
    if treatment is None or treatment.category == "O" or seller.vat_id.strip():
        return None  # an unknown treatment is refused beside its field by the validation
    if treatment.category in VAT_ID_ONLY:
        return ProfileIncomplete(["VAT ID"], field="vat_treatment", why=(
            f"an e-invoice with \u201c{treatment.label}\u201d must show the VAT IDs of both you and your client "
            "(a tax number is not enough)"))
    if seller.tax_number.strip():
        return None
    return ProfileIncomplete(["VAT ID or tax number"], field="vat_treatment", why=(
        "every e-invoice must show one of them, unless the treatment is \u201cNot subject to VAT\u201d"))


def seller_tax_id_hint(seller: Party, treatment_key: str) -> str:
    """The editor's note beside the VAT treatment before Generate is pressed: "" when nothing is missing."""
    refusal = seller_tax_id_missing(seller, treatment_key)
    return f"The e-invoice needs your {refusal.missing[0]}: add it in Settings before issuing." if refusal else ""


def client_problems(problems: Problems, treatment: VatTreatment | None, client: Party) -> None:
    """The client's part: an intra-EU supply names the country the goods go to (BR-IC-12)."""
    if treatment is not None and treatment.category == "K" and not client.country:
        problems.add("client_country", f"{treatment.label} needs the client's country: the e-invoice must show "
                                       "the EU country the goods go to.")


def assumed_country_hint(seller_country_name: str) -> str:
    """The editor's quiet note beside an empty client country (the e-invoice builder falls back to the seller's)."""
    return f"The e-invoice assumes {seller_country_name} when the client's country is empty."


def two_decimals_problem(currency: str, lines: Sequence[InvoiceLine], totals: Totals) -> str:
    """EN 16931 states amounts with at most two decimals (BR-DEC): in a three-decimal currency (KWD, BHD, OMR …)
    every line amount, VAT amount and total must end in 0; "" when they do."""
    digits = currency_digits(currency)
    if digits <= 2:
        return ""
    step = 10 ** (digits - 2)
    amounts = [line.amount_minor for line in lines] + [totals.subtotal_minor, totals.tax_minor, totals.total_minor]
    amounts += [amount for row in totals.vat_breakdown for amount in (row.taxable_minor, row.tax_minor)]
    if all(amount % step == 0 for amount in amounts):
        return ""
    return (f"An e-invoice states amounts with at most two decimals, so in {currency} every line amount and the VAT "
            f"must end in 0 (for example 125.500, not 125.555): adjust a quantity or price.")
