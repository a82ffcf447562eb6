"""Which font resources the pages select (Tf), and which of them are current when text is shown.

The font is part of the graphics state: q saves it, Q restores it, BT and ET leave it alone, so ReportLab's
"BT /F1 12 Tf 14.4 TL ET" at the top of each page makes /F1 current for any text shown later without a Tf.
pikepdf's content parser reads the operators in order (~1.2 ms per page of invoice lines; a scan of the bytes
with regular expressions was measured at about half that, but would need its own guards against what it
could misread, so the exact parser stays).
"""

from __future__ import annotations

from collections.abc import Iterable

import pikepdf

_OPERATORS = "q Q Tf Tj TJ ' \""
_SELECT_FONT, _SAVE, _RESTORE = pikepdf.Operator("Tf"), pikepdf.Operator("q"), pikepdf.Operator("Q")


def font_use(pages: Iterable[pikepdf.Page]) -> tuple[set[str], set[str]]:
    """(names selected by Tf, names current when Tj, TJ, ' or " runs) over all the pages."""
    selected: set[str] = set()
    drawing: set[str] = set()
    for page in pages:
        if pikepdf.Name.Contents not in page.obj:
            continue
        current: str | None = None
        saved: list[str | None] = []
        for instruction in pikepdf.parse_content_stream(page, _OPERATORS):
            operator = instruction.operator
            if operator == _SELECT_FONT:
                current = str(instruction.operands[0])
                selected.add(current)
            elif operator == _SAVE:
                saved.append(current)
            elif operator == _RESTORE:
                current = saved.pop() if saved else None
            elif current is not None:  # even an empty string counts, to be safe
                drawing.add(current)
    return selected, drawing
