"""What the editor says under its lines and in its totals: plain sentences from the services' findings."""

from services.invoices.pasted_lines import Paste
from services.invoices.preview import PreviewTotals
from services.invoices.validation import MAX_LINES


def totals_line(preview: PreviewTotals) -> str:
    """The running totals; a value they cannot use is named first, so a line left out is never a silent zero."""
    sums = f"Net {preview.subtotal} · VAT {preview.tax} · Total {preview.total}"
    if not preview.to_check:
        return sums
    first, more = preview.to_check[0], len(preview.to_check) - 1
    others = f" (and {more} more)" if more else ""
    return f"Check this field: line {first.line}, {first.label}{others}. Without it: {sums}"


def bar_line(preview: PreviewTotals) -> str:
    if preview.to_check:
        return f"Check line {preview.to_check[0].line}, {preview.to_check[0].label}"
    return f"Total {preview.total}"


def pasted_note(paste: Paste, filled: int) -> str:
    """What a paste left out, if anything: columns not read and rows beyond the line limit."""
    notes = []
    if paste.unused_columns:
        columns = ", ".join(str(column) for column in paste.unused_columns)
        notes.append(f"Pasted column {columns} was not used: only a unit or a VAT rate with % is read after "
                     f"the price.")
    if left_out := paste.left_out_rows + len(paste.rows) - filled:
        notes.append(f"{left_out} pasted rows did not fit: an invoice can have at most {MAX_LINES} line items.")
    return " ".join(notes)
