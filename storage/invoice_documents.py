"""The typed invoice <-> its MongoDB documents: the only place that knows their field names.

An invoice is stored as two documents under one id: the header in `invoices` (number, state, parties, dates,
totals: everything lists, claims and recovery scans read) and the bulky details in `invoice_details` (lines
and notes), so that the rows read most often stay small.
"""

from dataclasses import fields
from datetime import date
from typing import Any

from services.invoices.model import (
    InvoiceContent,
    InvoiceLine,
    InvoiceRecord,
    InvoiceSummary,
    Party,
    StoredPdf,
    Totals,
    VatSubtotal,
)
from services.invoices.units import DEFAULT_UNIT
from services.invoices.vat import one_rate_breakdown
from services.records.model import PeriodRow
from storage.documents import Document
from storage.invoice_seller import seller_content, seller_header

SUMMARY_FIELDS = {field: 1 for field in ("number", "status", "client", "currency", "total_minor", "failure_reason",
                                          "kind", "issue_date", "due_date", "paid_on", "cancelled_by", "credit_for",
                                          "created_at")}


def header_document(content: InvoiceContent) -> Document:
    """The header fields of an invoice's content (state and identity are added by storage.invoices)."""
    totals = content.totals
    return {
        "client": {field.name: getattr(content.client, field.name) for field in fields(Party)},
        **seller_header(content),
        "issue_date": content.issue_date.isoformat(),
        "due_date": content.due_date.isoformat(),
        "currency": content.currency,
        "tax_rate_thousandths": content.tax_rate_thousandths,
        "subtotal_minor": totals.subtotal_minor,
        "tax_minor": totals.tax_minor,
        "total_minor": totals.total_minor,
        "vat": [{"category": row.category, "rate": row.rate_thousandths, "taxable": row.taxable_minor,
                 "tax": row.tax_minor} for row in totals.vat_breakdown],
        "vat_rates": sorted({row.rate_thousandths for row in totals.vat_breakdown}),  # the period export's columns
        "paid_minor": totals.paid_minor,
        "line_count": len(content.lines),  # the render cost the job queue charges a retry with
    }


def details_document(content: InvoiceContent) -> Document:
    return {
        "lines": [
            {"description": line.description, "quantity_thousandths": line.quantity_thousandths,
             "unit_price_minor": line.unit_price_minor, "amount_minor": line.amount_minor, "unit": line.unit,
             "vat_rate_thousandths": line.vat_rate_thousandths, "discount_thousandths": line.discount_thousandths}
            for line in content.lines
        ],
        "notes": content.notes,
        "service_date": content.service_date.isoformat() if content.service_date else "",
        "service_end": content.service_end.isoformat() if content.service_end else "",
        "vat_category": content.vat_category,
        "exemption_reason": content.exemption_reason,
        "language": content.language,
        "buyer_reference": content.buyer_reference,
        "e_invoice": content.e_invoice,
    }


def content_from_documents(header: Document, details: Document) -> InvoiceContent:
    """Documents stored before #19 read with the defaults: one VAT rate, no service date, English."""
    rate = int(header["tax_rate_thousandths"])
    client = header["client"]
    return InvoiceContent(
        **seller_content(header),
        client=Party(**{field.name: client.get(field.name, "") for field in fields(Party)}),
        issue_date=date.fromisoformat(header["issue_date"]),
        due_date=date.fromisoformat(header["due_date"]),
        currency=header["currency"],
        tax_rate_thousandths=rate,
        lines=tuple(
            InvoiceLine(description=line["description"], quantity_thousandths=int(line["quantity_thousandths"]),
                        unit_price_minor=int(line["unit_price_minor"]), amount_minor=int(line["amount_minor"]),
                        unit=line.get("unit", DEFAULT_UNIT),
                        vat_rate_thousandths=int(line.get("vat_rate_thousandths", rate)),
                        discount_thousandths=int(line.get("discount_thousandths", 0)))
            for line in details["lines"]
        ),
        totals=Totals(subtotal_minor=int(header["subtotal_minor"]), tax_minor=int(header["tax_minor"]),
                      total_minor=int(header["total_minor"]), vat_breakdown=_breakdown(header),
                      paid_minor=int(header.get("paid_minor", 0))),
        notes=details.get("notes", ""),
        service_date=optional_date(details.get("service_date")),
        service_end=optional_date(details.get("service_end")),
        vat_category=details.get("vat_category", "S"),
        exemption_reason=details.get("exemption_reason", ""),
        language=details.get("language", "en"),
        buyer_reference=details.get("buyer_reference", ""),
        e_invoice=bool(details.get("e_invoice", False)),  # issued before e-invoices: re-made as it was issued
    )


def _breakdown(header: Document) -> tuple[VatSubtotal, ...]:
    """The stored VAT breakdown; an invoice stored before it had one rate, its subtotal and its tax."""
    if "vat" in header:
        return tuple(VatSubtotal(category=row["category"], rate_thousandths=int(row["rate"]),
                                 taxable_minor=int(row["taxable"]), tax_minor=int(row["tax"])) for row in header["vat"])
    return one_rate_breakdown("S", int(header["tax_rate_thousandths"]), taxable_minor=int(header["subtotal_minor"]),
                              tax_minor=int(header["tax_minor"]))


def record_from_document(document: Document) -> InvoiceRecord:
    pdf = document.get("pdf")
    return InvoiceRecord(
        id=str(document["_id"]), owner_id=document["owner_id"], number=document["number"],
        status=document["status"], failure_reason=document.get("failure_reason", ""),
        attempts=int(document.get("attempts", 0)), last_error=document.get("last_error", ""),
        created_at=document["created_at"],
        pdf=stored_pdf(pdf),
        kind=document.get("kind", "invoice"), paid_on=optional_date(document.get("paid_on")),
        cancelled_by=document.get("cancelled_by", ""), credit_for=document.get("credit_for", ""),
    )


def optional_date(value: Any) -> date | None:
    """Dates are kept as ISO strings ("" or None for none): they sort correctly and survive every operator."""
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def pdf_document(pdf: StoredPdf) -> Document:
    return {"file_id": pdf.file_id, "size": pdf.size, "sha256": pdf.sha256, "thumbnail": pdf.thumbnail}


def stored_pdf(pdf: Document | None) -> StoredPdf | None:
    """A PDF stored before thumbnails were made has none."""
    if not pdf:
        return None
    return StoredPdf(file_id=pdf["file_id"], size=pdf["size"], sha256=pdf["sha256"],
                     thumbnail=bool(pdf.get("thumbnail", False)))


def summary_from_document(document: Document) -> InvoiceSummary:
    return InvoiceSummary(
        id=str(document["_id"]), number=document["number"], status=document["status"],
        client_name=document["client"]["name"], currency=document["currency"],
        total_minor=int(document["total_minor"]), failure_reason=document.get("failure_reason", ""),
        kind=document.get("kind", "invoice"), client_email=document["client"].get("email", ""),
        issue_date=optional_date(document.get("issue_date")), due_date=optional_date(document.get("due_date")),
        paid_on=optional_date(document.get("paid_on")), cancelled_by=document.get("cancelled_by", ""),
        credit_for=document.get("credit_for", ""), created_at=document.get("created_at"),
    )


PERIOD_FIELDS = {**SUMMARY_FIELDS, "series": 1, "seq": 1, "tax_rate_thousandths": 1, "subtotal_minor": 1,
                 "tax_minor": 1, "vat": 1, "pdf": 1}
OLD_RATE = "tax_rate_thousandths"  # the one rate of invoices stored without one
VAT_RATES = "vat_rates"  # distinct over it gives every rate of the breakdowns
WITHOUT_BREAKDOWN: Document = {"vat": {"$exists": False}}


def period_row_from_document(document: Document) -> PeriodRow:
    """Net and VAT per rate from the VAT breakdown (zero-rated and other 0 % groups share the 0 % column)."""
    pdf = document.get("pdf")
    by_rate: dict[int, tuple[int, int]] = {}
    for row in _breakdown(document):
        net, vat = by_rate.get(row.rate_thousandths, (0, 0))
        by_rate[row.rate_thousandths] = (net + row.taxable_minor, vat + row.tax_minor)
    return PeriodRow(
        summary=summary_from_document(document), series=document["series"], seq=int(document["seq"]),
        net_by_rate=tuple((rate, net, vat) for rate, (net, vat) in by_rate.items()),
        client_vat_id=document["client"].get("vat_id", ""),
        pdf=stored_pdf(pdf),
    )
