"""'3 of 5 left · resets in 42 s', counting down while some generations are still in the window."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.invoices.rate_limit import Quota


class QuotaBadge:
    def __init__(self, *, load: Callable[[], Awaitable[Quota]]) -> None:
        self._load = load
        self.label = ui.label().classes("text-sm text-grey-8 self-end")
        self._timer = ui.timer(1.0, self.refresh, active=False)

    async def refresh(self) -> None:
        quota = await self._load()
        text = f"{quota.remaining} of {quota.limit} PDFs left this minute"
        if quota.resets_in_s:
            text += f" · resets in {quota.resets_in_s} s"
        self.label.text = text
        self._timer.active = quota.resets_in_s > 0
