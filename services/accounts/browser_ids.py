"""The browser-binding id: issued by the server, signed, so a planted or made-up value is worth nothing."""

import secrets

from itsdangerous import BadSignature, Signer


class BrowserIds:
    def __init__(self, secret_key: str) -> None:
        self._signer = Signer(secret_key, salt="browser-id")

    def issue(self) -> str:
        return self._signer.sign(secrets.token_urlsafe(24)).decode()

    def is_genuine(self, value: str | None) -> bool:
        if not value or len(value) > 200:
            return False
        try:
            self._signer.unsign(value)
        except BadSignature:
            return False
        return True
