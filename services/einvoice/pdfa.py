"""xhtml2pdf's PDF made PDF/A-3b in memory, before anything is embedded.

ReportLab's output fails PDF/A-3b as it comes: each page carries a /Trans entry PDF/A does not know, each page
selects a non-embedded Helvetica (/F1) before drawing anything, and there is no OutputIntent and no XMP.
Setting ReportLab's canvas_basefontname instead of fixing /F1 here turned all text bold, so the font is fixed
in the finished file. pikepdf's own `prepare` adds the sRGB OutputIntent (the ICC profile pikepdf ships) and
writes the XMP from the document information, so the two always agree.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf
import pikepdf.pdfa
from pikepdf import Dictionary, Name, Pdf

from services.einvoice.font_use import font_use

FLAVOUR = "3b"
_STAND_IN_FONT = "DejaVuSans"  # the template's regular face: every page draws its footer with it


def make_pdfa(document: Pdf, *, title: str, author: str, language: str, subject: str = "") -> None:
    """Turn a rendered invoice into PDF/A-3b in place: page content and fonts stay as they were drawn."""
    for page in document.pages:
        if Name.Trans in page.obj:
            del page.obj[Name.Trans]  # a page transition for slide shows, unknown to PDF/A
    _replace_idle_fonts(document)
    _describe(document, title=title, author=author, language=language, subject=subject)
    pikepdf.pdfa.prepare(document, FLAVOUR, output_intent="sRGB")


def _replace_idle_fonts(document: Pdf) -> None:
    """A font that is not embedded but draws no glyph (ReportLab's /F1 Helvetica) becomes the embedded regular
    face where a page selects it, and disappears where none does. One that draws text is left alone, for the
    PDF/A check to report: swapping it would change what the page shows."""
    pages = [(page, fonts) for page in document.pages if (fonts := _page_fonts(page)) is not None]
    if not any(not _embedded(font) for _, fonts in pages for _, font in fonts.items()):
        return
    selected, drawing = font_use(page for page, _ in pages)
    for _, fonts in pages:
        stand_in = _stand_in(fonts)
        for name in [name for name, font in fonts.items() if not _embedded(font) and name not in drawing]:
            if name not in selected:
                del fonts[name]
            elif stand_in is not None:
                fonts[name] = stand_in


def _page_fonts(page: pikepdf.Page) -> Dictionary | None:
    resources = page.obj.get(Name.Resources)
    fonts = resources.get(Name.Font) if isinstance(resources, Dictionary) else None
    return fonts if isinstance(fonts, Dictionary) else None


def _stand_in(fonts: Dictionary) -> Dictionary | None:
    embedded = [font for _, font in fonts.items() if isinstance(font, Dictionary) and _embedded(font)]
    preferred = [font for font in embedded if _base_name(font) == _STAND_IN_FONT]
    return next(iter(preferred + embedded), None)


def _embedded(font: object) -> bool:
    if not isinstance(font, Dictionary):
        return False
    descriptors = [font.get(Name.FontDescriptor)]
    descriptors += [descendant.get(Name.FontDescriptor) for descendant in _descendants(font)]
    return any(isinstance(descriptor, Dictionary) and
               any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
               for descriptor in descriptors)


def _descendants(font: Dictionary) -> Iterator[Dictionary]:
    descendants = font.get(Name.DescendantFonts)
    if isinstance(descendants, pikepdf.Array):
        yield from (descendant for descendant in descendants if isinstance(descendant, Dictionary))


def _base_name(font: Dictionary) -> str:
    """The font's PostScript name without the subset tag (AAAAAA+DejaVuSans -> DejaVuSans)."""
    return str(font.get(Name.BaseFont, "")).lstrip("/").split("+")[-1]


def _describe(document: Pdf, *, title: str, author: str, language: str, subject: str) -> None:
    """The document information `prepare` copies into the XMP (dc:title, dc:creator, dc:description)."""
    info = document.docinfo
    for key in ("/Subject", "/Creator", "/Keywords"):  # ReportLab writes "(unspecified)" and ""
        if key in info:
            del info[key]
    info[Name.Title] = pikepdf.String(title)
    info[Name.Author] = pikepdf.String(author)
    if subject:
        info[Name.Subject] = pikepdf.String(subject)
    document.Root[Name.Lang] = pikepdf.String(language)
