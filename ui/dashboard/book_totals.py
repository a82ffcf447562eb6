"""Above the list: what is outstanding and what is overdue, per currency, as the server sums them."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.invoices.listing import CurrencyTotals
from services.invoices.money import format_money

LoadTotals = Callable[[], Awaitable[list[CurrencyTotals]]]


class TotalsLine:
    def __init__(self, load: LoadTotals) -> None:
        self._load = load
        self.label: ui.label | None = None

    def build(self) -> None:
        self.label = ui.label().classes("text-body2 tabular-nums")

    async def refresh(self) -> None:
        if self.label is None:
            return
        totals = await self._load()
        if not totals:
            self.label.text = "Nothing outstanding."
            return
        outstanding = " · ".join(format_money(total.outstanding_minor, total.currency) for total in totals)
        overdue = " · ".join(format_money(total.overdue_minor, total.currency) for total in totals
                             if total.overdue_minor)
        self.label.text = f"Outstanding {outstanding}" + (f" — overdue {overdue}" if overdue else "")
