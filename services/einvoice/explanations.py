"""What a failed e-invoice rule means to the user, and what to do about it, in plain words.

Written for the rules a user can trigger with what they type (addresses, VAT IDs, exemption reasons, the buyer
reference, the seller's contact, the bank account); the rest say it is a fault of the program. A rule not in the
table is explained by the validator's own text.
"""

import re
from collections.abc import Sequence

from services.einvoice.contract import RuleViolation

PROGRAM_FAULT = "the e-invoice's {what} do not add up — a fault in the program, not in your invoice: please report it"
SELLER_TAX_ID = "your VAT ID or tax number is missing — add one in Settings"

EXPLANATIONS: dict[str, str] = {
    "XSD": "the e-invoice XML does not follow the official CII schema — a fault in the program, not in your "
           "invoice: please report it",
    "BR-06": "your business name is missing — add it in Settings",
    "BR-07": "the client's name is missing — add it to the invoice",
    "BR-08": "your postal address is missing — add street, postcode, city and country in Settings",
    "BR-09": "your country is missing — choose it in Settings",
    "BR-10": "the client's postal address is missing — add it to the client",
    "BR-11": "the client's country is missing — choose it for the client",
    "BR-61": "the payment method is a bank transfer but no IBAN is given — add your IBAN in Settings",
    "BR-CO-09": "a VAT ID does not start with a country code (like DE or FR) — correct it in Settings or on the client",
    "BR-CO-10": PROGRAM_FAULT.format(what="line totals"),
    "BR-CO-13": PROGRAM_FAULT.format(what="net totals"),
    "BR-CO-14": PROGRAM_FAULT.format(what="VAT totals"),
    "BR-CO-15": PROGRAM_FAULT.format(what="gross totals"),
    "BR-CO-16": PROGRAM_FAULT.format(what="amounts due"),
    "BR-CO-17": PROGRAM_FAULT.format(what="VAT amounts"),
    "BR-CO-26": "nothing identifies you as the seller — add your VAT ID, tax number or company registration in "
                "Settings",
    "BR-S-02": SELLER_TAX_ID,
    "BR-Z-02": SELLER_TAX_ID,
    "BR-E-02": SELLER_TAX_ID,
    "BR-G-02": "an export invoice needs your VAT ID — add it in Settings",
    "BR-AE-02": "reverse charge needs your VAT ID (or tax number) and the client's VAT ID — add the client's VAT ID "
                "to the client, and yours in Settings",
    "BR-IC-02": "an intra-EU supply needs your VAT ID and the client's VAT ID — add the client's VAT ID to the client, "
                "and yours in Settings",
    "BR-IC-11": "an intra-EU supply needs the delivery date or service period — set the service date",
    "BR-IC-12": "an intra-EU supply needs the country the goods went to — choose the client's country",
    "BR-E-10": "an exempt invoice needs the reason it is exempt — write the exemption reason",
    "BR-AE-10": "reverse charge needs its reason text — write the exemption reason",
    "BR-IC-10": "an intra-EU supply needs its exemption reason — write the exemption reason",
    "BR-G-10": "an export needs its exemption reason — write the exemption reason",
    "BR-O-10": "\u201cnot subject to VAT\u201d needs its reason — write the exemption reason",
    "BR-DE-1": "the payment instructions are missing — add your IBAN in Settings",
    "BR-DE-2": "the seller's contact is missing — add a phone or email in Settings",
    "BR-DE-3": "your city is missing — add it in Settings",
    "BR-DE-4": "your postcode is missing — add it in Settings",
    "BR-DE-5": "the seller's contact name is missing — add a phone and email in Settings",
    "BR-DE-6": "XRechnung needs your phone number — add it in Settings",
    "BR-DE-7": "XRechnung needs your email address — add it in Settings",
    "BR-DE-8": "the client's city is missing — add it to the client",
    "BR-DE-9": "the client's postcode is missing — add it to the client",
    "BR-DE-10": "the delivery address has no city — add the client's city",
    "BR-DE-11": "the delivery address has no postcode — add the client's postcode",
    "BR-DE-14": "the e-invoice's VAT breakdown lacks a rate — a fault in the program, not in your invoice: please "
                "report it",
    "BR-DE-15": "XRechnung needs the buyer reference (for German public buyers the Leitweg-ID) — add it to the client",
    "BR-DE-16": SELLER_TAX_ID,
}
DECIMALS = ("an amount has more than two decimals, which EN 16931 e-invoices do not allow — in a currency with three "
            "decimals, use prices and quantities whose amounts end in 0")
_ID_PREFIX = re.compile(r"^\s*\[[^\]]*\]\s*-?\s*")


def explain(rule_id: str, validator_text: str) -> str:
    """The plain-words explanation of a failed rule, or the validator's own text when none is written."""
    if rule_id in EXPLANATIONS:
        return EXPLANATIONS[rule_id]
    if rule_id.startswith("BR-DEC-"):
        return DECIMALS
    return _ID_PREFIX.sub("", " ".join(validator_text.split())) or "the e-invoice breaks this rule"


def summary(violations: Sequence[RuleViolation]) -> str:
    """One line for the invoice's failure reason: "BR-DE-2: the seller's contact is missing — …; BR-…: …"."""
    return "; ".join(f"{violation.rule_id}: {violation.explanation}" for violation in violations)
