"""xhtml2pdf lays out the invoice template in one pass, with the line table spliced in and the footer stamped.

Two departures from `pisa.CreatePDF`, both for speed on long invoices (measured in bench/):
- the template holds a slot paragraph where the line table goes; `line_table` builds that table from the
  data, and it replaces the slot in the story, so the HTML parser never sees the lines;
- `<pdf:pagecount>` would make xhtml2pdf lay the whole document out twice (ReportLab's multiBuild). Instead
  the canvas holds every finished page back until the document ends, then stamps "Invoice N · Page X of Y"
  (in the invoice's language) on each, drawn as plain strings, never parsed: one layout pass.
Everything runs under the same resource policy and render budget as `pisa.CreatePDF` would apply.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.fonts import tt2ps
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from services.pdf.glyphs import font_runs

if TYPE_CHECKING:
    from xhtml2pdf.config.resources import ResourceAccessPolicy

FOOTER_SIZE = 7.5
FOOTER_COLOR = colors.HexColor("#6b6b6b")
FOOTER_BASELINE = 13 * mm  # inside the 20 mm bottom margin of the template's @page
FOOTER_RIGHT_MARGIN = 16 * mm


class LayoutProblem(Exception):
    """The template does not have what the layout needs (a slot, its fonts): a bug, not bad user data."""


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    cjk: str  # draws the runs of Chinese, Japanese and Korean that DejaVu cannot (see services.pdf.glyphs)


@dataclass(frozen=True)
class PageJob:
    html: str
    slot: str  # the text of the paragraph the line table replaces
    line_table: Callable[[Fonts], Flowable]
    footer_label: str  # "Invoice N": the footer adds " · " and page_label
    page_label: str  # "Page {page} of {pages}" in the invoice's language
    path: str  # the template file: relative resources resolve inside its folder
    link_callback: Callable[[str, str | None], str]
    policy: ResourceAccessPolicy
    font_family: str
    cjk_font_family: str


def layout_pdf(job: PageJob) -> bytes:
    """The PDF of the template with the line table in its slot and a footer on every page."""
    from xhtml2pdf.config.resources import render_budget, use_policy
    from xhtml2pdf.files import cleanFiles
    from xhtml2pdf.util import reset_caches

    try:
        with use_policy(job.policy), render_budget(job.policy):
            return _layout(job)
    finally:  # as pisaDocument does: temporary files and xhtml2pdf's per-render caches go
        cleanFiles()
        reset_caches()


def _layout(job: PageJob) -> bytes:
    from xhtml2pdf.document import pisaStory
    from xhtml2pdf.xhtml2pdf_reportlab import PmlBaseDoc

    context = pisaStory(job.html, path=job.path, link_callback=job.link_callback, encoding="utf-8",
                        resource_policy=job.policy)
    if context.err:
        raise LayoutProblem(f"the layout engine reported {context.err} error(s)")
    fonts = _fonts(job.font_family, job.cjk_font_family)
    story = _splice(context.story, job.slot, job.line_table(fonts))
    out = io.BytesIO()
    doc = PmlBaseDoc(out, pagesize=context.pageSize, title=str(context.meta["title"]).strip(), showBoundary=0,
                     allowSplitting=1, lang=context.lang_tag or None)
    doc.addPageTemplates(list(context.templateList.values()))
    footer = _footer(job.footer_label, job.page_label, fonts, context.pageSize[0])
    doc.build(story, canvasmaker=_footer_canvas(footer))
    return out.getvalue()


def _splice(story: list[Flowable], slot: str, replacement: Flowable) -> list[Flowable]:
    places = [i for i, flowable in enumerate(story) if _plain_text(flowable) == slot]
    if len(places) != 1:
        raise LayoutProblem(f"the template has {len(places)} line table slots, not 1")
    (place,) = places
    return [*story[:place], replacement, *story[place + 1:]]


def _plain_text(flowable: Flowable) -> str | None:
    text = getattr(flowable, "getPlainText", None)
    return str(text()).strip() if callable(text) else None


def _fonts(family: str, cjk_family: str) -> Fonts:
    """The ReportLab names of the faces the template's @font-face rules registered."""
    from reportlab.pdfbase.pdfmetrics import getRegisteredFontNames

    fonts = Fonts(regular=tt2ps(family, 0, 0), bold=tt2ps(family, 1, 0), cjk=tt2ps(cjk_family, 0, 0))
    if not {fonts.regular, fonts.bold, fonts.cjk} <= set(getRegisteredFontNames()):
        raise LayoutProblem(f"the template's {family} and {cjk_family} fonts were not loaded")
    return fonts


def _footer(label: str, page_label: str, fonts: Fonts, page_width: float) -> Callable[[Canvas, int], None]:
    right = page_width - FOOTER_RIGHT_MARGIN

    def draw(canvas: Canvas, page_count: int) -> None:
        text = f"{label} · {page_label.format(page=canvas.getPageNumber(), pages=page_count)}"
        runs = [(run, fonts.cjk if cjk else fonts.regular) for run, cjk in font_runs(text)]
        x = right - sum(stringWidth(run, font, FOOTER_SIZE) for run, font in runs)
        line = canvas.beginText(x, FOOTER_BASELINE)
        line.setFillColor(FOOTER_COLOR)
        for run, font in runs:
            line.setFont(font, FOOTER_SIZE)
            line.textOut(run)
        canvas.drawText(line)

    return draw


def _footer_canvas(footer: Callable[[Canvas, int], None]) -> type[Canvas]:
    class FooterCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
        """Holds each finished page back; on save, when the count is known, stamps the footer and writes them."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for page in self._held:
                self.__dict__.update(page)
                footer(self, len(self._held))
                super().showPage()
            super().save()

    return FooterCanvas
