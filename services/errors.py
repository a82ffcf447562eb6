"""The one vocabulary of refusals a user may read, as they are, beside a field or in a notice.

Everything else that goes wrong is an internal failure: it is logged and never shown to a user as text.
"""

from dataclasses import dataclass, field


class Refusal(Exception):
    """The request was refused for a reason its message explains in plain words; nothing was changed."""


@dataclass
class Problems:
    """Messages keyed by field: 'client_name', 'lines.3.quantity', 'lines' for the list as a whole."""

    by_field: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, message: str | None) -> None:
        if message and key not in self.by_field:
            self.by_field[key] = message

    def __bool__(self) -> bool:
        return bool(self.by_field)


class InvalidInput(Refusal):
    """Some fields are wrong; each message belongs beside its field."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in problems.by_field.items()))
        self.problems = problems


class AccountError(Refusal):
    """Sign-up or log-in refused: a wrong password, a taken email, too many attempts."""


class AccountInputRefused(InvalidInput, AccountError):
    """Sign-up or log-in fields refused (an empty field, a bad email, a weak password): each beside its field."""


class AlreadyRegistered(AccountError):
    """Sign-up with an email that has an account: the page offers to log in instead."""


class RateLimited(Refusal):
    def __init__(self, limit: int, wait_s: int) -> None:
        super().__init__(f"You can generate {limit} PDFs per minute. Try again in {wait_s} seconds.")
        self.limit = limit
        self.wait_s = wait_s


class ProfileIncomplete(Refusal):
    """Issuing refused until the seller profile has what the invoice must show: who issues it (name and full
    address), and the tax identifier its e-invoice needs. `field`: the editor field the refusal is shown beside
    too ("" for none), because the invoice itself decides what is needed (its VAT treatment)."""

    def __init__(self, missing: list[str], *, why: str = "an invoice must name who issues it",
                 field: str = "") -> None:
        listed = ", ".join(missing[:-1]) + f" and {missing[-1]}" if len(missing) > 1 else "".join(missing)
        super().__init__(f"Before you issue an invoice, add your {listed} in Settings: {why}. "
                         "Your invoice is kept as a draft.")
        self.missing = missing
        self.field = field


class ShuttingDown(Refusal):
    def __init__(self) -> None:
        super().__init__("The service is restarting. Try again in a few seconds.")


class NotRetryable(Refusal):
    def __init__(self) -> None:
        super().__init__("This invoice is not in a failed state any more; the list shows its current status.")


DAMAGED = "The stored PDF was damaged, so it was withdrawn. Press Retry on the dashboard to make it again."


class DamagedPdf(Refusal):
    def __init__(self) -> None:
        super().__init__(DAMAGED)
