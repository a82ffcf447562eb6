"""What an issued invoice says comes back from the database exactly; documents and drafts stored before
invoices had VAT per line, a breakdown and addresses still read, with the defaults."""

from dataclasses import replace
from datetime import UTC, date, datetime

from bson import ObjectId

from services.invoices.draft_book import draft_of
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.model import BankAccount, InvoiceLine, Party, VatSubtotal
from services.invoices.validation import validate_invoice
from storage import drafts, invoice_queries, invoices
from storage.database import Database
from storage.migrations import migrate

OWNER = "owner-1"
SELLER = Party(name="Müller Design GmbH", street="Hauptstr. 1", postcode="10115", city="Berlin", country="DE",
               vat_id="DE136695976", tax_number="27/123/45678", email="hallo@mueller.example", phone="+49 30 1234")
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def german_invoice() -> InvoiceDraft:
    return InvoiceDraft(
        client_name="Schmidt KG", client_email="buchhaltung@schmidt.example", client_street="Marktplatz 5",
        client_postcode="80331", client_city="München", client_country="DE", client_vat_id="DE 136 695 976",
        client_buyer_reference="04011000-1234512345-06", client_language="de", issue_date="2026-11-20",
        due_date="2026-12-04", service_date="2026-11-01",
        service_end="2026-11-15", currency="EUR",
        lines=(LineDraft("Beratung", "12,5", "95", unit="HUR", vat_rate="19", discount="10"),
               LineDraft("Fachbuch", "2", "39,90", unit="C62", vat_rate="7")))


async def test_an_issued_invoice_reads_back_with_everything_it_says(db: Database) -> None:
    bank = BankAccount(iban="DE89370400440532013000", bic="COBADEFFXXX", bank_name="Commerzbank")
    content = replace(validate_invoice(german_invoice(), seller=SELLER), seller_bank=bank, payment_terms_days=14,
                      footer="Geschäftsführer: A. Müller", logo_id="logo-1")
    stored = await invoices.insert_with_next_number(db, owner_id=OWNER, content=content)
    assert await invoices.find_content(db, owner_id=OWNER, invoice_id=stored.id) == content
    assert content.e_invoice
    assert content.client.vat_id == "DE136695976" and content.language == "de"
    assert content.buyer_reference == "04011000-1234512345-06"
    assert draft_of(content).client_buyer_reference == "04011000-1234512345-06"  # a duplicate keeps it
    rows = [row async for row in invoice_queries.issued_in_period(db, owner_id=OWNER, first_day=NOVEMBER[0],
                                                                  last_day=NOVEMBER[1])]
    assert [(row.net_by_rate, row.client_vat_id) for row in rows] == [
        (((19000, 106875, 20306), (7000, 7980, 559)), "DE136695976")]
    assert await invoice_queries.tax_rates_in_period(db, owner_id=OWNER, first_day=NOVEMBER[0],
                                                     last_day=NOVEMBER[1]) == [7000, 19000]


async def test_an_invoice_stored_before_vat_per_line_reads_with_one_rate_and_the_defaults(db: Database) -> None:
    invoice_id = ObjectId()
    await db.invoice_details.insert_one({"_id": invoice_id, "owner_id": OWNER, "notes": "Thanks", "lines": [
        {"description": "Workshop", "quantity_thousandths": 2000, "unit_price_minor": 45000, "amount_minor": 90000}]})
    await db.invoices.insert_one({
        "_id": invoice_id, "owner_id": OWNER, "series": "INV", "seq": 1, "number": "INV-0001", "kind": "invoice",
        "status": "ready", "client": {"name": "Globex", "email": "ap@globex.example"},
        "seller": {"name": "Alice", "address": "1 Main St\nSpringfield"}, "issue_date": "2026-11-10",
        "due_date": "2026-12-10", "currency": "EUR", "tax_rate_thousandths": 20000, "subtotal_minor": 90000,
        "tax_minor": 18000, "total_minor": 108000, "line_count": 1, "paid_on": "", "cancelled_by": "",
        "credit_for": "", "created_at": datetime(2026, 11, 10, tzinfo=UTC)})
    await migrate(db)  # as the app does at start: the day keys its period queries use
    content = await invoices.find_content(db, owner_id=OWNER, invoice_id=str(invoice_id))
    assert content is not None
    assert content.seller == Party(name="Alice", address="1 Main St\nSpringfield")
    assert content.client == Party(name="Globex", email="ap@globex.example")
    assert content.lines == (InvoiceLine("Workshop", 2000, 45000, 90000, unit="C62", vat_rate_thousandths=20000),)
    assert content.totals.vat_breakdown == (VatSubtotal("S", 20000, 90000, 18000),)
    assert (content.vat_category, content.language, content.service_date, content.seller_bank) == \
        ("S", "en", None, BankAccount())
    assert content.buyer_reference == ""
    assert not content.e_invoice  # issued as a plain PDF: re-made as one
    rows = [row async for row in invoice_queries.issued_in_period(db, owner_id=OWNER, first_day=NOVEMBER[0],
                                                                  last_day=NOVEMBER[1])]
    assert [row.net_by_rate for row in rows] == [((20000, 90000, 18000),)]
    new = await invoices.insert_with_next_number(db, owner_id=OWNER, content=validate_invoice(german_invoice(),
                                                                                              seller=SELLER))
    assert new.number == "INV-0002"
    assert await invoice_queries.tax_rates_in_period(db, owner_id=OWNER, first_day=NOVEMBER[0],
                                                     last_day=NOVEMBER[1]) == [7000, 19000, 20000]


async def test_a_draft_keeps_every_new_field_as_typed(db: Database) -> None:
    typed = replace(german_invoice(), vat_treatment="small_business", exemption_reason="",
                    lines=(LineDraft("Beratung", "1,5", "abc", unit="DAY", vat_rate="", discount="5"),))
    saved = await drafts.insert_draft(db, owner_id=OWNER, draft=typed)
    found = await drafts.find_draft(db, owner_id=OWNER, draft_id=saved.id)
    assert found is not None and found.draft == typed


async def test_a_draft_saved_before_vat_per_line_loads_with_its_rate_on_every_line(db: Database) -> None:
    draft_id = ObjectId()
    await db.drafts.insert_one({
        "_id": draft_id, "owner_id": OWNER, "version": 3, "updated_ms": 1_790_000_000_000, "client_name": "Globex",
        "client_email": "", "client_id": "", "issue_date": "2026-11-24", "due_date": "2026-12-24",
        "currency": "EUR", "tax_rate": "19", "notes": "", "lines": [["Work", "2", "10"], ["More", "1", "5"]],
        "search": "globex"})
    found = await drafts.find_draft(db, owner_id=OWNER, draft_id=str(draft_id))
    assert found is not None
    assert found.draft.lines == (LineDraft("Work", "2", "10", unit="C62", vat_rate="19"),
                                 LineDraft("More", "1", "5", unit="C62", vat_rate="19"))
    assert (found.draft.vat_treatment, found.draft.client_street, found.draft.service_date) == ("S", "", "")
    assert found.draft.client_buyer_reference == ""
