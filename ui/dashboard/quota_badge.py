"""'2 of 5 PDFs left this minute · resets in 42 s': shown only near the limit, counting down while it matters.

At zero the buttons it gates (Generate PDF) are disabled until the window frees a generation: one line that counts
down instead of a refusal per click. A screen reader hears the change of state once, not every second.
"""

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.invoices.rate_limit import Quota
from ui.repeat import Repeat

SHOWN_AT = 2  # left this minute; with more, the quota does not matter yet
EXHAUSTED = "Limit reached: Generate PDF is available again in {seconds} s."
AVAILABLE_AGAIN = "You can generate PDFs again."


class QuotaBadge:
    def __init__(self, *, load: Callable[[], Awaitable[Quota]]) -> None:
        self._load = load
        self._gates: list[ui.button] = []
        self._exhausted: bool | None = None
        self.label = ui.label().classes("text-sm text-grey-8 self-end")
        self.label.set_visibility(False)
        self._announcer = ui.label().classes("sr-only").props("role=status aria-live=polite")
        self._timer = Repeat(1.0, self.refresh, owner=self.label)

    def gate(self, button: ui.button) -> None:
        """Disables `button` while no generation is left (the server refuses them anyway)."""
        self._gates.append(button)

    async def refresh(self) -> None:
        quota = await self._load()
        text = f"{quota.remaining} of {quota.limit} PDFs left this minute"
        if quota.resets_in_s:
            text += f" · resets in {quota.resets_in_s} s"
        self.label.text = text
        self.label.props["data-quota-remaining"] = str(quota.remaining)
        self.label.set_visibility(quota.remaining <= SHOWN_AT)
        exhausted = quota.remaining == 0
        for button in self._gates:
            button.set_enabled(not exhausted)
        if exhausted != self._exhausted:
            if exhausted:
                self._announcer.text = EXHAUSTED.format(seconds=quota.resets_in_s)
            elif self._exhausted:
                self._announcer.text = AVAILABLE_AGAIN
            self._exhausted = exhausted
        if quota.resets_in_s > 0 and quota.remaining <= SHOWN_AT:
            self._timer.activate()
        else:
            self._timer.deactivate()
