"""An issued invoice or credit note, read-only: it is locked, so there is nothing to edit, only to act on."""

from collections.abc import Awaitable, Callable
from datetime import date

from nicegui import ui

from services.clients.model import countries
from services.invoices.book import IssuedInvoice
from services.invoices.model import InvoiceRecord, InvoiceSummary, Party
from services.invoices.money import format_money, format_quantity, format_tax_rate
from services.invoices.units import UNITS
from services.invoices.vat import TREATMENTS, treatment_key
from ui.dashboard.book_rows import RowActions, invoice_row
from ui.theme import heading

THUMBNAIL_SHOWN_WIDTH = 150  # CSS px: the 300 px PNG stays sharp on a high-density screen
LoadIssued = Callable[[], Awaitable[IssuedInvoice | None]]
LoadSummary = Callable[[], Awaitable[InvoiceSummary | None]]


class IssuedView:
    def __init__(self, *, load: LoadIssued, summary: LoadSummary, actions: RowActions,
                 today: Callable[[], date], shown: Callable[[InvoiceSummary], None]) -> None:
        self._load, self._summary, self._actions, self._today = load, summary, actions, today
        self._shown = shown
        self.container = ui.column().classes("w-full gap-4")

    async def refresh(self) -> None:
        issued, summary = await self._load(), await self._summary()
        self.container.clear()
        with self.container:
            if issued is None or summary is None:
                heading("There is no such invoice.", classes="text-h6")
                return
            self._shown(summary)
            with ui.card().classes("w-full"):
                invoice_row(summary, self._actions, self._today())
            _document(issued)


def _document(issued: IssuedInvoice) -> None:
    record, content = issued.record, issued.content

    def money(minor: int) -> str:
        return format_money(minor, content.currency)

    title = "Credit note" if record.kind == "credit_note" else "Invoice"
    treatment = TREATMENTS.get(treatment_key(content.vat_category, content.exemption_reason))
    service = content.service_date.isoformat() if content.service_date else ""
    if service and content.service_end:
        service = f"{service} to {content.service_end.isoformat()}"
    with ui.card().classes("w-full gap-2"):
        heading(f"{title} {record.number}", classes="text-h6")
        ui.label("Issued invoices are locked: duplicate one to change it, or cancel it with a credit note.") \
            .classes("text-sm text-grey-7")
        _xrechnung_link(record)
        with ui.row().classes("w-full gap-x-8 gap-y-3 wrap"):
            _block("From", _party_lines(content.seller))
            _block("Bill to", [*_party_lines(content.client), content.client.email,
                               f"Buyer reference {content.buyer_reference}" if content.buyer_reference else ""])
            _block("Dates", [f"Issued {content.issue_date.isoformat()}", f"Due {content.due_date.isoformat()}",
                             f"Service {service}" if service else ""])
            _block("VAT treatment", [treatment.label if treatment else content.vat_category, content.exemption_reason])
            _thumbnail(record)
        columns = [{"name": key, "label": label, "field": key, "align": align} for key, label, align in
                   [("description", "Description", "left"), ("quantity", "Quantity", "right"),
                    ("unit", "Unit", "left"), ("unit_price", "Unit price", "right"),
                    ("discount", "Discount %", "right"), ("vat_rate", "VAT %", "right"),
                    ("amount", "Amount", "right")]]
        rows = [{"description": line.description, "quantity": format_quantity(line.quantity_thousandths),
                 "unit": UNITS.get(line.unit, line.unit), "unit_price": money(line.unit_price_minor),
                 "discount": format_tax_rate(line.discount_thousandths) if line.discount_thousandths else "",
                 "vat_rate": format_tax_rate(line.vat_rate_thousandths), "amount": money(line.amount_minor)}
                for line in content.lines]
        ui.table(columns=columns, rows=rows).classes("w-full wrapping-table").props("flat dense hide-bottom")
        totals = content.totals
        with ui.column().classes("self-end items-end gap-0 text-right tabular-nums"):
            for row in totals.vat_breakdown:
                ui.label(f"VAT {format_tax_rate(row.rate_thousandths)} on {money(row.taxable_minor)}: "
                         f"{money(row.tax_minor)}").classes("text-sm text-grey-8")
            ui.label(f"Net {money(totals.subtotal_minor)} · VAT {money(totals.tax_minor)} · "
                     f"Total {money(totals.total_minor)}")
        if content.notes:
            ui.label(content.notes).classes("whitespace-pre-line")


def _xrechnung_link(record: InvoiceRecord) -> None:
    """The e-invoice for German public buyers, made from the stored invoice whenever it is asked for."""
    with ui.row().classes("items-center gap-2"):
        ui.icon("code").classes("text-grey-7")
        link = ui.link("Download XRechnung", f"/invoices/{record.id}/xrechnung.xml").classes("text-primary")
        link.props["aria-label"] = f"Download XRechnung {record.number}"
        ui.label("XML for German public buyers: needs the client's buyer reference (Leitweg-ID)") \
            .classes("text-sm text-grey-7")


def _thumbnail(record: InvoiceRecord) -> None:
    """The PDF's first page, once it is Ready (the page is rebuilt when it turns Ready); a link to the PDF."""
    if record.status != "ready" or record.pdf is None or not record.pdf.thumbnail:
        return
    link = ui.link(target=f"/invoices/{record.id}/pdf", new_tab=True).classes("ml-auto").mark("thumbnail")
    link.props["aria-label"] = f"Open the PDF of {record.number} (new tab)"
    with link:
        image = ui.element("img").classes("rounded-borders shadow-2 bg-white")
        image.props.update(src=f"/invoices/{record.id}/thumbnail.png", alt=f"First page of {record.number}",
                           width=THUMBNAIL_SHOWN_WIDTH, loading="lazy")


def _party_lines(party: Party) -> list[str]:
    """Name, then the structured address (or the free-text one stored before), then the VAT ID."""
    town = " ".join(part for part in (party.postcode, party.city) if part)
    address = [party.street, town, countries().get(party.country, "")] if party.street else party.address.splitlines()
    return [party.name, *address, f"VAT ID {party.vat_id}" if party.vat_id else ""]


def _block(title: str, lines: list[str]) -> None:
    with ui.column().classes("gap-0"):
        ui.label(title).classes("text-xs text-grey-7 uppercase")
        for line in filter(None, lines):
            ui.label(line)
