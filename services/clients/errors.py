"""Why a change to the client book was refused, in words a user may read; nothing was changed."""

from services.errors import Refusal


class ClientNotFound(Refusal):
    """Missing, deleted, malformed or another user's: all look the same."""

    def __init__(self) -> None:
        super().__init__("This client does not exist (it may have been deleted in another tab).")


class ClientChanged(Refusal):
    def __init__(self) -> None:
        super().__init__("This client was changed in another tab. Your edits were not saved; "
                         "reload the client to see the latest version.")


class ClientHasInvoices(Refusal):
    def __init__(self) -> None:
        super().__init__("This client has invoices: archive it instead. Archived clients stay on their invoices "
                         "but are no longer offered for new ones.")


class TooManyClients(Refusal):
    def __init__(self, limit: int) -> None:
        super().__init__(f"You can keep at most {limit:,} clients. Delete clients you no longer need, then try again.")


class TooManyClientSaves(Refusal):
    def __init__(self, limit: int, wait_s: int) -> None:
        super().__init__(f"You can save clients {limit} times per minute. Try again in {wait_s} seconds.")
        self.wait_s = wait_s
