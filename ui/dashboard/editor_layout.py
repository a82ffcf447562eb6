"""The editor's line items and action bar at three widths.

From 1024 px a line item is one row. Below, its description takes a row of its own and the figures wrap under it.
Up to 600 px (a phone) each line is a card: the description full width, then the figures in a grid of labelled
cells, and the total with Generate PDF stays in a bar at the bottom of the screen while the editor is in view.
A field that gets the focus is scrolled clear of the bar. A message under a field takes room of its own rather
than running over the next line.
Rows off the screen are not laid out (content-visibility), at about their height, so a long invoice stays quick.
"""

from nicegui import ui

PHONE_MAX_PX = 600
CSS = f"""
.line-chunk, .own-redraw {{ display: contents; }}
.line-item {{ display: flex; flex-wrap: wrap; align-items: flex-start; gap: 8px; width: 100%;
  content-visibility: auto; contain-intrinsic-size: auto 7rem; }}
.line-item > .line-description {{ flex: 1 1 100%; }}
.line-item > .line-quantity, .line-item > .line-vat {{ width: 6rem; }}
.line-item > .line-unit, .line-item > .line-price {{ width: 8rem; }}
.line-item > .line-discount {{ width: 7rem; }}
.line-item > .line-amount {{ width: 8rem; align-items: flex-end; text-align: right; }}
.line-item .q-field--with-bottom {{ padding-bottom: 0; }}
.line-item .q-field__bottom--animated {{ position: static; transform: none; }}
.line-amount-value {{ font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }}
.editor-bar {{ display: flex; align-items: center; justify-content: flex-end; gap: 12px; width: 100%; }}
.editor-bar .q-btn {{ flex: none; }}
.editor-bar .bar-total {{ display: none; }}
@media (min-width: 1024px) {{
  .line-item {{ flex-wrap: nowrap; contain-intrinsic-size: auto 3.5rem; }}
  .line-item > .line-description {{ flex: 1 1 0; min-width: 10rem; }}
}}
@media (max-width: {PHONE_MAX_PX}px) {{
  html {{ scroll-padding-bottom: 5rem; }}
  .line-item {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(5.5rem, 1fr));
    padding: 8px; border: 1px solid rgba(127, 127, 127, 0.45); border-radius: 8px;
    contain-intrinsic-size: auto 15rem; }}
  .line-item > * {{ width: auto !important; min-width: 0; }}
  .line-item > .line-description {{ grid-column: 1 / -1; }}
  .line-item > .line-amount {{ align-items: flex-start; text-align: left; }}
  .line-item > .line-remove {{ grid-column-end: -1; justify-self: end; align-self: center; }}
  .editor-bar {{ position: sticky; bottom: 0; z-index: 2; justify-content: space-between; padding: 8px 0;
    box-shadow: 0 -8px 8px -8px rgba(0, 0, 0, 0.35); }}
  .editor-bar .bar-total {{ display: block; font-weight: 500; font-variant-numeric: tabular-nums; min-width: 0;
    overflow-wrap: break-word; }}
}}
"""


def use_editor_layout() -> None:
    """Once per page that shows the editor."""
    ui.add_css(CSS)
