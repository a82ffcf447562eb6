"""Email address normalisation and a pragmatic syntax check (no network look-ups)."""

import re

MAX_EMAIL_LENGTH = 254
_LOCAL_PART = r"[^@\s<>\"'(),;:\\\[\]]{1,64}"
_DOMAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL_PATTERN = re.compile(rf"^{_LOCAL_PART}@{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL})+$")


def normalize_email(raw: str) -> str:
    return raw.strip().lower()


def email_problem(email: str) -> str | None:
    """Why an (already normalised) email is unacceptable, or None."""
    if not email:
        return "Enter your email address."
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL_PATTERN.match(email):
        return "Enter a valid email address, like name@example.com."
    return None
