"""The invoice book on `/`: totals per currency, search, status, sort, pages, and the rows.

The filter lives in the URL (replaced in place, so nothing typed in the editor above is lost). A live update
re-renders the one row that changed, and the totals. A new invoice on the first page of the unfiltered, newest-first
book (the page most tabs show) is put on top, and the last row moves to the next page; any other row this page does
not show yet reloads the page.
"""

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from nicegui import ui
from pymongo.errors import PyMongoError

from services.invoices.book import BookPage
from services.invoices.listing import PAGE_SIZE, ListFilter, StatusFilter
from services.invoices.model import InvoiceSummary
from ui.dashboard.book_chart import BookChart
from ui.dashboard.book_rows import RowActions, draft_row, invoice_row
from ui.dashboard.book_totals import TotalsLine
from ui.dashboard.period_export import period_export_button
from ui.shared_select import SharedOptionsSelect
from ui.theme import heading

RETRY_AFTER_OUTAGE_S = 3.0
QUEUE_REFRESH_S = 3.0
STATUS_CHOICES: dict[StatusFilter, str] = {"all": "All", "draft": "Draft", "open": "Open", "overdue": "Overdue",
                                           "paid": "Paid", "cancelled": "Cancelled", "credit": "Credit notes"}
SORT_CHOICES = {"number": "Newest first", "date": "Issue date", "due": "Due date", "total": "Total"}
LoadPage = Callable[[ListFilter], Awaitable[BookPage]]
LoadRow = Callable[[str], Awaitable[InvoiceSummary | None]]


class BookView:
    def __init__(self, *, wanted: ListFilter, load_page: LoadPage, load_row: LoadRow, totals: TotalsLine,
                 actions: RowActions, shown: Callable[[InvoiceSummary], None] = lambda _: None,
                 chart: BookChart | None = None) -> None:
        self.wanted = wanted
        self._shown = shown
        self._load_page, self._load_row, self._actions, self._totals = load_page, load_row, actions, totals
        self._chart = chart
        self._rows: dict[str, tuple[ui.element, InvoiceSummary]] = {}
        self._loading = self._stale = False
        self._shows = 0  # pages shown so far: a queue refresh started for one page stops at the next
        self._queue_timer = False  # a queue refresh is scheduled
        with ui.card().classes("w-full"):
            with ui.row().classes("w-full items-center justify-between"):
                heading("Your invoices", level=2, classes="text-h6")
                with ui.row().classes("items-center gap-4"):
                    self.export = ui.link("Export CSV", self._export_url()).classes("text-primary")
                    period_export_button()
            totals.build()
            if chart is not None:
                chart.build()
            with ui.row().classes("w-full items-end gap-2"):
                self.search = ui.input("Search", value=wanted.search, placeholder="Number, client or email") \
                    .props("outlined dense clearable stack-label type=search").classes("grow min-w-48")
                self.search.on("keydown.enter", self._apply)
                self.search.on("clear", self._apply)
                ui.button("Search", on_click=self._apply).props("outline dense")
                self.status = SharedOptionsSelect(STATUS_CHOICES, label="Status", value=wanted.status,
                                        on_change=self._apply).props("outlined dense").classes("w-40")
                self.sort = SharedOptionsSelect(SORT_CHOICES, label="Sort", value=wanted.sort, on_change=self._apply) \
                    .props("outlined dense").classes("w-40")
            self.container = ui.column().classes("w-full gap-0")
            with self.container:
                ui.label("Loading…").classes("text-grey-7")
            with ui.row().classes("w-full justify-between"):
                self.previous = ui.button("Previous page", on_click=lambda: self._turn(-1)).props("flat dense")
                self.page_label = ui.label().classes("text-sm text-grey-7 self-center")
                self.next = ui.button("Next page", on_click=lambda: self._turn(1)).props("flat dense")

    async def reload(self) -> None:
        """Coalesces bursts: while one read is under way, further calls ask for exactly one more."""
        if self._loading:
            self._stale = True
            return
        self._loading = True
        try:
            self._stale = True
            while self._stale:
                self._stale = False
                page = await self._load_page(self.wanted)
                if self.container.is_deleted:
                    return  # the tab closed meanwhile
                self._show(page)
                await self._refresh_sums()
        except PyMongoError:
            self._show_unavailable()
            ui.timer(RETRY_AFTER_OUTAGE_S, self.reload, once=True)
        finally:
            self._loading = False

    async def changed(self, record_id: str) -> None:
        """One invoice or draft changed: re-render its row if this page shows it, put it on top if it is new on
        the newest-first first page, else re-read the page."""
        if await self._rerendered(record_id) or await self._added_on_top(record_id):
            await self._refresh_sums()
        else:
            await self.reload()

    async def _rerendered(self, record_id: str) -> bool:
        """Re-renders the row, if this page shows it; False when the page must be read again instead."""
        if record_id not in self._rows or self._loading:
            return False
        summary = await self._read_row(record_id)
        if self.container.is_deleted:
            return True  # the tab closed meanwhile: nothing is left to show it in
        shown = self._rows.get(record_id)  # a reload may have replaced the rows meanwhile
        if summary is None or shown is None:
            return False
        old_row, old_summary = shown
        if summary == old_summary:
            return True
        self._rows[record_id] = (self._drawn_before(old_row, summary), summary)
        old_row.delete()
        return True

    async def _added_on_top(self, record_id: str) -> bool:
        """Puts a new invoice on top of the newest-first first page, without the page being read again; False
        when the page must be read again instead (another filter or sort, a draft, a row that is not newer)."""
        if self.wanted != ListFilter() or record_id in self._rows or not self._rows or self._loading:
            return False
        summary = await self._read_row(record_id)
        if self.container.is_deleted:
            return True  # the tab closed meanwhile
        if summary is None or record_id in self._rows or self._loading or not self._rows:
            return False
        top_row, top = next(iter(self._rows.values()))
        if summary.created_at is None or top.created_at is None or \
                (summary.created_at, summary.id) <= (top.created_at, top.id):
            return False
        self._rows = {record_id: (self._drawn_before(top_row, summary), summary), **self._rows}
        if len(self._rows) > PAGE_SIZE:
            last_row, _ = self._rows.pop(next(reversed(self._rows)))
            last_row.delete()
            self.next.set_visibility(True)
            self.page_label.text = f"Page {self.wanted.page}"
        self._follow_queue()
        return True

    async def _read_row(self, record_id: str) -> InvoiceSummary | None:
        """None when the invoice is gone, or the database unreachable: the page is read again then."""
        try:
            return await self._load_row(record_id)
        except PyMongoError:
            return None

    def _drawn_before(self, anchor: ui.element, summary: InvoiceSummary) -> ui.element:
        """The invoice's row, drawn in the place of `anchor`, which moves down by one."""
        self._shown(summary)
        with self.container:
            row = invoice_row(summary, self._actions, date.today())
        row.move(self.container, target_index=self.container.default_slot.children.index(anchor))
        return row

    def _follow_queue(self) -> None:
        """A queued PDF's place changes with other users' jobs, which send this tab no event: the queued rows
        alone are read again, every few seconds while any is queued (not the page, its totals and chart)."""
        if not self._queue_timer and any(summary.queue_position is not None for _, summary in self._rows.values()):
            self._queue_timer = True
            with self.container:
                ui.timer(QUEUE_REFRESH_S, self._refresh_queued, once=True)  # cleared with the rows by a reload

    async def _refresh_queued(self) -> None:
        self._queue_timer = False
        shows = self._shows
        for record_id in [record_id for record_id, (_, summary) in self._rows.items()
                          if summary.queue_position is not None]:
            if shows != self._shows:
                return  # a reload showed the rows again, and follows the queue itself
            if not await self._rerendered(record_id):
                await self.reload()
                return
        if shows == self._shows:
            self._follow_queue()

    async def _refresh_sums(self) -> None:
        if self.container.is_deleted:
            return
        await self._totals.refresh()
        if self._chart is not None:
            self._chart.refresh_soon()

    def _show(self, page: BookPage) -> None:
        self.container.clear()
        self._queue_timer = False  # cleared with the rows
        self._rows.clear()
        self._shows += 1
        today = date.today()
        with self.container:
            if not page.drafts and not page.invoices:
                ui.label(self._empty_text()).classes("text-grey-7 py-2")
            for draft in page.drafts:
                draft_row(draft, self._actions)
            for invoice in page.invoices:
                self._shown(invoice)
                self._rows[invoice.id] = (invoice_row(invoice, self._actions, today), invoice)
        self._follow_queue()
        self.previous.set_visibility(self.wanted.page > 1)
        self.next.set_visibility(page.has_next)
        self.page_label.text = f"Page {self.wanted.page}" if self.wanted.page > 1 or page.has_next else ""

    def _empty_text(self) -> str:
        if self.wanted == ListFilter():
            return "No invoices yet. Fill in the form and press Generate PDF."
        return "No invoice matches this search and status."

    def _show_unavailable(self) -> None:
        self.container.clear()
        self._queue_timer = False
        with self.container:
            ui.label("Your invoices can't be shown right now: the database is unreachable. Retrying by itself…") \
                .classes("text-warning")

    async def _apply(self) -> None:
        self.wanted = ListFilter.from_query(search=self.search.value or "", status=str(self.status.value),
                                            sort=str(self.sort.value))
        await self._filtered()

    async def _turn(self, step: int) -> None:
        self.wanted = replace(self.wanted, page=max(1, self.wanted.page + step))
        await self._filtered()

    async def _filtered(self) -> None:
        ui.navigate.history.replace(self._url("/"))
        self.export.props(f'href="{self._export_url()}"')
        await self.reload()

    def _url(self, path: str, *, with_page: bool = True) -> str:
        query = {"q": self.wanted.search, "status": self.wanted.status, "sort": self.wanted.sort,
                 "page": str(self.wanted.page) if with_page else "1"}
        defaults = {"q": "", "status": "all", "sort": "number", "page": "1"}
        kept = {key: value for key, value in query.items() if value != defaults[key]}
        return f"{path}?{urlencode(kept)}" if kept else path

    def _export_url(self) -> str:
        """The export takes every page of the current filter."""
        return self._url("/invoices.csv", with_page=False)
