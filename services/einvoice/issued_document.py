"""The render worker's task: one issued invoice in, its Factur-X hybrid out, checked before anything is stored.

One XML, one set of amounts: the CII XML is built from the same RenderRequest the PDF prints, then checked
against the CII XSD and the EN 16931 schematron; the PDF is made PDF/A-3b with the XML embedded last, and the
result is checked for PDF/A-3b, then its first page is drawn as a thumbnail (a failure there costs only the
thumbnail). Any other failure is an EInvoiceRejected naming the rules, so the invoice ends
Failed with a reason the user can act on and never Ready. A document issued before e-invoices (its PDF re-made
after damage, or a credit note for it) is made as it was issued: a plain PDF, since what it says was never
checked against the e-invoice rules and, being issued, can no longer change.
"""

from __future__ import annotations

from services.einvoice.contract import RuleViolation
from services.invoices.model import RenderedDocument, RenderRequest
from services.pdf.render import RenderError

_SHOWN_VIOLATIONS = 4


class EInvoiceRejected(RenderError):
    """The e-invoice broke a rule: the message names each rule ID and says what to change."""


def render_issued_document(request: RenderRequest) -> RenderedDocument:
    from services.pdf.thumbnail import thumbnail_or_none

    pdf = checked_pdf(request)
    return RenderedDocument(pdf=pdf, thumbnail_png=thumbnail_or_none(pdf, number=request.number))


def checked_pdf(request: RenderRequest) -> bytes:
    """The document's PDF: a checked hybrid e-invoice, or the plain PDF of a document issued before them."""
    from services.einvoice.cii import build_cii
    from services.einvoice.hybrid import make_hybrid
    from services.einvoice.pdfa_check import pdfa_problems
    from services.einvoice.rules import validate_cii
    from services.pdf.document import render_request

    if not request.content.e_invoice:
        return render_request(request)
    xml = build_cii(request)
    violations = validate_cii(xml, profile="en16931")
    if violations:
        raise EInvoiceRejected(rejection(violations))
    content = request.content
    hybrid = make_hybrid(render_request(request), xml, title=f"{_title(request)} {request.number}",
                         author=content.seller.name, language=content.language)
    problems = pdfa_problems(hybrid)
    if problems:
        raise EInvoiceRejected("The PDF did not pass the PDF/A-3b check (" + "; ".join(problems[:_SHOWN_VIOLATIONS])
                               + "). Press Retry; if it fails again, contact support.")
    return hybrid


def warm_up() -> None:
    """Worker initializer: imports, fonts, the schematron compiled once, one whole e-invoice made and drawn."""
    from services.einvoice import rules
    from services.pdf.document import WARM_UP

    rules.warm_up()
    render_issued_document(WARM_UP)


def rejection(violations: list[RuleViolation]) -> str:
    """What the invoice's Failed state says: the first few rules broken, each with what to do."""
    from services.einvoice.explanations import summary

    more = len(violations) - _SHOWN_VIOLATIONS
    extra = f" (and {more} more)" if more > 0 else ""
    return ("The e-invoice did not pass the EN 16931 rules, so no PDF was stored: "
            f"{summary(violations[:_SHOWN_VIOLATIONS])}{extra}.")


def _title(request: RenderRequest) -> str:
    return "Credit note" if request.kind == "credit_note" else "Invoice"
