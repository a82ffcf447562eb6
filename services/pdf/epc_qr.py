"""The payload of an EPC QR code ("GiroCode", EPC069-12 version 002): a SEPA credit transfer a banking app scans.

Twelve lines: service tag BCD, version 002, character set 1 (UTF-8), identification SCT, BIC (may be empty in
version 002), beneficiary name (at most 70 characters), IBAN, amount `EUR12.34` (0.01 to 999999999.99),
purpose (empty), structured reference (empty), unstructured remittance text (at most 140 characters), and no
beneficiary-to-originator information; the trailing empty line is left out. At most 331 bytes in all.
No code rather than a wrong one: an IBAN failing its check digits gives None; a malformed BIC is left out, as
version 002 allows within the EEA.
"""

from __future__ import annotations

import re

MAX_NAME = 70
MAX_REMITTANCE = 140
MAX_PAYLOAD_BYTES = 331
MIN_AMOUNT_CENTS, MAX_AMOUNT_CENTS = 1, 99_999_999_999  # EUR 0.01 to EUR 999,999,999.99
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")


def epc_payload(*, name: str, iban: str, bic: str, amount_cents: int, currency: str, reference: str) -> str | None:
    """The payload, or None when no EPC code can be made: not EUR, no IBAN or name, or an amount out of range."""
    iban, bic = _compact(iban), _compact(bic)
    name, reference = _one_line(name)[:MAX_NAME], _one_line(reference)[:MAX_REMITTANCE]
    if currency != "EUR" or not name or not _valid_iban(iban):
        return None
    bic = bic if _BIC.fullmatch(bic) else ""
    if not MIN_AMOUNT_CENTS <= amount_cents <= MAX_AMOUNT_CENTS:
        return None
    fields = ["BCD", "002", "1", "SCT", bic, name, iban, _amount(amount_cents), "", "", reference]
    payload = "\n".join(fields).rstrip("\n")
    return payload if len(payload.encode()) <= MAX_PAYLOAD_BYTES else None


def _valid_iban(iban: str) -> bool:
    """ISO 13616: the country code, check digits and account, mod 97 of the rearranged digits is 1."""
    if not _IBAN.fullmatch(iban) or len(iban) > 34:
        return False
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def _amount(cents: int) -> str:
    return f"EUR{cents // 100}.{cents % 100:02d}"


def _compact(code: str) -> str:
    return "".join(code.split()).upper()


def _one_line(text: str) -> str:
    """Line breaks separate the payload's fields, so none may be inside one."""
    return " ".join(text.split())
