"""The list page's picture: invoiced, paid and overdue per month for the last twelve months, one chart per currency.

ECharts draws SVG, so its text takes the theme's colours (ui/theme.py) and is read by axe like any text; its
`aria` option gives each chart a spoken summary of its series, and the bars carry patterns as well as colours.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from services.invoices.money import currency_digits
from services.invoices.monthly import MonthlyAmounts
from ui.theme import COLOURS, heading

SERIES = (("Invoiced", "invoiced", COLOURS["primary"]), ("Paid", "paid", COLOURS["positive"]),
          ("Overdue", "overdue", COLOURS["negative"]))


class BookChart:
    def __init__(self, *, load: Callable[[], Awaitable[list[MonthlyAmounts]]]) -> None:
        self._load = load
        self._charts: dict[str, ui.echart] = {}

    def build(self) -> None:
        self.container = ui.column().classes("w-full gap-1")

    async def refresh(self) -> None:
        shown = [amounts for amounts in await self._load()
                 if any(amounts.invoiced) or any(amounts.paid) or any(amounts.overdue)]
        if [amounts.currency for amounts in shown] == list(self._charts):
            for amounts in shown:  # the same currencies: new numbers into the charts there are
                self._charts[amounts.currency].options.update(_options(amounts))
                self._charts[amounts.currency].update()
            return
        self.container.clear()
        self._charts.clear()
        with self.container:
            if shown:
                heading("Invoiced, paid and overdue per month", level=3, classes="text-subtitle1")
            for amounts in shown:
                self._charts[amounts.currency] = ui.echart(_options(amounts), renderer="svg") \
                    .classes("w-full h-64 themed-chart").props(f"data-chart-currency={amounts.currency}")


def _options(amounts: MonthlyAmounts) -> dict[str, Any]:
    scale = 10 ** currency_digits(amounts.currency)
    return {
        "aria": {"enabled": True, "decal": {"show": True}},
        "title": {"text": amounts.currency, "left": 0, "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"left": 8, "right": 8, "top": 36, "bottom": 36, "containLabel": True},
        "xAxis": {"type": "category", "data": [month.strftime("%b %y") for month in amounts.months]},
        "yAxis": {"type": "value"},
        "series": [{"name": name, "type": "bar", "itemStyle": {"color": colour},
                    "data": [minor / scale for minor in getattr(amounts, field)]}  # drawn, never summed
                   for name, field, colour in SERIES],
    }
