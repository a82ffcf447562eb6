"""The typed invoice <-> its MongoDB documents: the only place that knows their field names.

An invoice is stored as two documents under one id: the header in `invoices` (number, state, parties, dates,
totals: everything lists, claims and recovery scans read) and the bulky details in `invoice_details` (lines
and notes), so that the rows read most often stay small.
"""

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
)
from services.records.model import PeriodRow
from storage.documents import Document
from storage.invoice_seller import seller_content, seller_header

SUMMARY_FIELDS = {field: 1 for field in ("number", "status", "client", "currency", "total_minor", "failure_reason",
                                          "kind", "issue_date", "due_date", "paid_on", "cancelled_by", "credit_for")}


def header_document(content: InvoiceContent) -> Document:
    """The header fields of an invoice's content (state and identity are added by storage.invoices)."""
    return {
        "client": {"name": content.client.name, "email": content.client.email},
        **seller_header(content),
        "issue_date": content.issue_date.isoformat(),
        "due_date": content.due_date.isoformat(),
        "currency": content.currency,
        "tax_rate_thousandths": content.tax_rate_thousandths,
        "subtotal_minor": content.totals.subtotal_minor,
        "tax_minor": content.totals.tax_minor,
        "total_minor": content.totals.total_minor,
        "line_count": len(content.lines),  # the render cost the job queue charges a retry with
    }


def details_document(content: InvoiceContent) -> Document:
    return {
        "lines": [
            {"description": line.description, "quantity_thousandths": line.quantity_thousandths,
             "unit_price_minor": line.unit_price_minor, "amount_minor": line.amount_minor}
            for line in content.lines
        ],
        "notes": content.notes,
    }


def content_from_documents(header: Document, details: Document) -> InvoiceContent:
    client = header["client"]
    return InvoiceContent(
        **seller_content(header),
        client=Party(name=client["name"], email=client.get("email", "")),
        issue_date=date.fromisoformat(header["issue_date"]),
        due_date=date.fromisoformat(header["due_date"]),
        currency=header["currency"],
        tax_rate_thousandths=int(header["tax_rate_thousandths"]),
        lines=tuple(
            InvoiceLine(description=line["description"], quantity_thousandths=int(line["quantity_thousandths"]),
                        unit_price_minor=int(line["unit_price_minor"]), amount_minor=int(line["amount_minor"]))
            for line in details["lines"]
        ),
        totals=Totals(subtotal_minor=int(header["subtotal_minor"]), tax_minor=int(header["tax_minor"]),
                      total_minor=int(header["total_minor"])),
        notes=details.get("notes", ""),
    )


def record_from_document(document: Document) -> InvoiceRecord:
    pdf = document.get("pdf")
    return InvoiceRecord(
        id=str(document["_id"]), owner_id=document["owner_id"], number=document["number"],
        status=document["status"], failure_reason=document.get("failure_reason", ""),
        attempts=int(document.get("attempts", 0)), last_error=document.get("last_error", ""),
        created_at=document["created_at"],
        pdf=StoredPdf(file_id=pdf["file_id"], size=pdf["size"], sha256=pdf["sha256"]) if pdf else None,
        kind=document.get("kind", "invoice"), paid_on=optional_date(document.get("paid_on")),
        cancelled_by=document.get("cancelled_by", ""), credit_for=document.get("credit_for", ""),
    )


def optional_date(value: Any) -> date | None:
    """Dates are kept as ISO strings ("" or None for none): they sort correctly and survive every operator."""
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def pdf_document(pdf: StoredPdf) -> Document:
    return {"file_id": pdf.file_id, "size": pdf.size, "sha256": pdf.sha256}


def summary_from_document(document: Document) -> InvoiceSummary:
    return InvoiceSummary(
        id=str(document["_id"]), number=document["number"], status=document["status"],
        client_name=document["client"]["name"], currency=document["currency"],
        total_minor=int(document["total_minor"]), failure_reason=document.get("failure_reason", ""),
        kind=document.get("kind", "invoice"), client_email=document["client"].get("email", ""),
        issue_date=optional_date(document.get("issue_date")), due_date=optional_date(document.get("due_date")),
        paid_on=optional_date(document.get("paid_on")), cancelled_by=document.get("cancelled_by", ""),
        credit_for=document.get("credit_for", ""),
    )


PERIOD_FIELDS = {**SUMMARY_FIELDS, "series": 1, "seq": 1, "tax_rate_thousandths": 1, "subtotal_minor": 1,
                 "tax_minor": 1, "pdf": 1}


def period_row_from_document(document: Document) -> PeriodRow:
    """One rate per invoice today; `net_by_rate` already has room for several."""
    pdf = document.get("pdf")
    return PeriodRow(
        summary=summary_from_document(document), series=document["series"], seq=int(document["seq"]),
        net_by_rate=((int(document["tax_rate_thousandths"]), int(document["subtotal_minor"]),
                      int(document["tax_minor"])),),
        client_vat_id=document["client"].get("vat_id", ""),  # printed once the client book records it
        pdf=StoredPdf(file_id=pdf["file_id"], size=pdf["size"], sha256=pdf["sha256"]) if pdf else None,
    )
