"""Where the editor puts each new line row, so that adding the 150th line costs what adding the 1st does.

NiceGUI draws a container's children in the render of the nearest Vue component above it, and every Quasar field
below re-renders with it. One column holding every row therefore redraws all rows on each "Add line item" (0.2 s
per click at 150 lines). Here rows go into chunks of CHUNK rows, each a plain container under a component of its
own, so a new row redraws only its chunk. The chunks are the leaves of a tree three levels deep, FANOUT children
per node: a node's children are made together when its first row arrives, so no add ever redraws a container
that already holds rows, and an empty editor holds 3 × FANOUT containers (every open tab keeps them) instead of
one for every chunk an invoice may need.
Every level is `display: contents`: to the layout, the rows are children of the column.
"""

from math import ceil

from nicegui import ui

from services.invoices.validation import MAX_LINES

CHUNK = 8
LEVELS = 3
FANOUT = ceil((MAX_LINES / CHUNK) ** (1 / LEVELS))
CHUNKS = FANOUT ** LEVELS
Node = tuple[int, ...]


class LineSlots:
    def __init__(self) -> None:
        with ui.column().classes("w-full gap-2") as self.box:
            top = [_boundary() for _ in range(FANOUT)]
        self._children: dict[Node, list[ui.element]] = {(): top}
        self._last = 0  # the chunk holding the last row; the chunks after it are empty

    def next_place(self) -> ui.element:
        """The container for a row after all others: the last row's chunk, or the next one when that is full."""
        if len(self._chunk(self._last).default_slot.children) >= CHUNK and self._last + 1 < CHUNKS:
            self._last += 1
        return self._chunk(self._last)

    def remove(self, row: ui.element) -> None:
        row.delete()
        while self._last > 0 and not self._chunk(self._last).default_slot.children:
            self._last -= 1

    def _chunk(self, index: int) -> ui.element:
        """The leaf `index`, its ancestors' children made on the way down when they are not yet."""
        node: Node = ()
        element: ui.element = self.box
        for digit in _digits(index):
            if node not in self._children:
                with element:
                    self._children[node] = [_boundary() for _ in range(FANOUT)]
            element = self._children[node][digit]
            node = (*node, digit)
        return element


def _digits(index: int) -> list[int]:
    """The path from the root to leaf `index`: its digits in base FANOUT, most significant first."""
    return [index // FANOUT ** level % FANOUT for level in reversed(range(LEVELS))]


def _boundary() -> ui.element:
    """A plain container inside a Vue component: a change of its children redraws only what is inside."""
    with ui.element("q-card-section").classes("line-chunk").props("tag=div"):
        return ui.element("div").classes("line-chunk")
