"""The list page's picture: invoiced, paid and overdue per month for the last twelve months, one chart per currency.

ECharts draws SVG, so its text takes the theme's colours (ui/theme.py) and is read by axe like any text; its
`aria` option gives each chart a spoken summary of its series, and the bars carry patterns as well as colours.
"""

from collections.abc import Awaitable, Callable
from itertools import zip_longest
from typing import Any

from nicegui import background_tasks, ui
from pymongo.errors import PyMongoError

from services.invoices.money import currency_digits
from services.invoices.monthly import MonthlyAmounts
from ui.theme import COLOURS, heading

SERIES = (("Invoiced", "invoiced", COLOURS["primary"]), ("Paid", "paid", COLOURS["positive"]),
          ("Overdue", "overdue", COLOURS["negative"]))


class BookChart:
    def __init__(self, *, load: Callable[[], Awaitable[list[MonthlyAmounts]]]) -> None:
        self._load = load
        self._charts: list[ui.echart] = []
        self._running = self._stale = False

    def build(self) -> None:
        """One chart is made with the page (hidden while there is nothing to show): making the first chart costs
        half a second, which a live update, and the generation waiting for it, should not pay."""
        with ui.column().classes("w-full gap-1") as self.container:
            heading("Invoiced, paid and overdue per month", level=3, classes="text-subtitle1")
            self._add_chart()
        self.container.set_visibility(False)

    def refresh_soon(self) -> None:
        """Redrawn beside the live update that asked for it, not inside it (a generation waits for its live
        updates); a burst of asks coalesces into one more redraw."""
        self._stale = True
        if not self._running:
            self._running = True
            background_tasks.create(self._refresh_while_stale(), name="book chart")

    async def refresh(self) -> None:
        shown = [amounts for amounts in await self._load()
                 if any(amounts.invoiced) or any(amounts.paid) or any(amounts.overdue)]
        self.container.set_visibility(bool(shown))
        while len(self._charts) < len(shown):
            self._add_chart()
        for chart, amounts in zip_longest(self._charts, shown):
            chart.set_visibility(amounts is not None)
            if amounts is not None:
                chart.props["data-chart-currency"] = amounts.currency
                chart.options.clear()
                chart.options.update(_options(amounts))
                chart.update()

    def _add_chart(self) -> None:
        with self.container:
            self._charts.append(ui.echart({}, renderer="svg").classes("w-full h-64 themed-chart"))

    async def _refresh_while_stale(self) -> None:
        try:
            while self._stale:
                self._stale = False
                await self.refresh()
        except PyMongoError:
            pass  # the list says the database is unreachable; the next update redraws the chart
        finally:
            self._running = False


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
