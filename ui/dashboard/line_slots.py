"""Where the editor puts each new line row, so that adding the 150th line costs what adding the 1st does.

NiceGUI draws a container's children in the render of the nearest Vue component above it, and every Quasar field
below re-renders with it. One column holding every row therefore redraws all rows on each "Add line item" (0.2 s
per click at 150 lines). Here rows go into chunks of CHUNK rows, each a plain container under a component of its
own, so a new row redraws only its chunk. The chunks sit in groups made in advance (a few empty elements per
page), and a group's chunks are made together when its first row arrives, so no add ever redraws every row.
Both levels are `display: contents`: to the layout, the rows are children of the column.
"""

from math import ceil

from nicegui import ui

from services.invoices.validation import MAX_LINES

CHUNK = 8
CHUNKS_PER_GROUP = 16
GROUPS = ceil(MAX_LINES / (CHUNK * CHUNKS_PER_GROUP))


class LineSlots:
    def __init__(self) -> None:
        with ui.column().classes("w-full gap-2") as self.box:
            self._groups = [_boundary() for _ in range(GROUPS)]
        self._chunks: list[ui.element] = []
        self._last = 0  # the chunk holding the last row; the chunks after it are empty

    def next_place(self) -> ui.element:
        """The container for a row after all others: the last row's chunk, or the next one when that is full."""
        if len(self._chunk(self._last).default_slot.children) >= CHUNK and \
                self._last + 1 < GROUPS * CHUNKS_PER_GROUP:
            self._last += 1
        return self._chunk(self._last)

    def remove(self, row: ui.element) -> None:
        row.delete()
        while self._last > 0 and not self._chunk(self._last).default_slot.children:
            self._last -= 1

    def _chunk(self, index: int) -> ui.element:
        while len(self._chunks) <= index:
            with self._groups[len(self._chunks) // CHUNKS_PER_GROUP]:
                self._chunks += [_boundary() for _ in range(CHUNKS_PER_GROUP)]
        return self._chunks[index]


def _boundary() -> ui.element:
    """A plain container inside a Vue component: a change of its children redraws only what is inside."""
    with ui.element("q-card-section").classes("line-chunk").props("tag=div"):
        return ui.element("div").classes("line-chunk")
