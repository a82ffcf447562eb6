"""Export period: one ZIP of a period's invoices and credit notes (stored PDFs, a CSV, a README), owner-only."""

import asyncio
import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date, timedelta

from nicegui.testing import User

from services.invoices.drafts import InvoiceDraft, LineDraft
from services.records.period import Period
from tests.app.test_invoice_book import owner_of
from tests.support.app import app_services, renders_held, sign_up

TODAY = date.today()


def issued_on(client: str, days_ago: int, tax_rate: str) -> InvoiceDraft:
    day = TODAY - timedelta(days=days_ago)
    return InvoiceDraft(client_name=client, issue_date=day.isoformat(), due_date=(day + timedelta(14)).isoformat(),
                        currency="EUR", lines=(LineDraft("Design workshop", "2", "450.00", vat_rate=tax_rate),))


async def issue(owner: str, *drafts: InvoiceDraft) -> None:
    for draft in drafts:
        await app_services().invoices.generate(owner_id=owner, draft=draft)


async def every_pdf_ready(owner: str) -> None:
    for _ in range(300):
        if not await app_services().db.invoices.count_documents({"owner_id": owner, "status": {"$ne": "ready"}}):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the PDFs were not ready in time")


async def period_zip(user: User, first: date, last: date) -> zipfile.ZipFile:
    response = await user.http_client.get("/invoices-period.zip", params={"from": first.isoformat(),
                                                                           "to": last.isoformat()})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def rows_of(archive: zipfile.ZipFile, folder: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{folder}/invoices.csv").decode())))


async def test_the_period_zip_holds_every_document_of_the_period_byte_identical_with_a_csv_and_a_readme(
        user: User, create_user: Callable[[], User]) -> None:
    await sign_up(user, "alice@example.com")
    alice = await owner_of(user)
    await issue(alice, issued_on("Globex", 60, "19"), issued_on("Initech", 30, "7"), issued_on("Umbrella", 50, "19"))
    await every_pdf_ready(alice)
    third = await app_services().db.invoices.find_one({"owner_id": alice, "number": "INV-0003"})
    assert third is not None
    await app_services().invoices.cancel(owner_id=alice, invoice_id=str(third["_id"]))  # CN-0001, issued today
    bob_browser = create_user()
    await sign_up(bob_browser, "bob@example.com")
    bob = await owner_of(bob_browser)
    await issue(bob, issued_on("Bob's Secret Client", 40, "19"))
    await every_pdf_ready(alice)
    await every_pdf_ready(bob)

    first, last = TODAY - timedelta(days=70), TODAY
    folder = f"invoices-{first.isoformat()}_{last.isoformat()}"
    archive = await period_zip(user, first, last)
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == sorted([
        f"{folder}/pdf/INV-0001.pdf", f"{folder}/pdf/INV-0002.pdf", f"{folder}/pdf/INV-0003.pdf",
        f"{folder}/pdf/CN-0001.pdf", f"{folder}/invoices.csv", f"{folder}/README.txt"])
    async for invoice in app_services().db.invoices.find({"owner_id": alice}):
        single = await user.http_client.get(f"/invoices/{invoice['_id']}/pdf")
        assert archive.read(f"{folder}/pdf/{invoice['number']}.pdf") == single.content
    rows = rows_of(archive, folder)
    assert [row["number"] for row in rows] == ["INV-0001", "INV-0002", "INV-0003", "CN-0001"]
    assert [row["type"] for row in rows] == ["Invoice", "Invoice", "Invoice", "Credit note"]
    globex = rows[0]
    assert (globex["client"], globex["issue_date"], globex["net 19%"], globex["vat 19%"], globex["net 7%"]) == \
        ("Globex", (TODAY - timedelta(60)).isoformat(), "900.00", "171.00", "")
    assert (globex["net"], globex["vat"], globex["gross"], globex["currency"]) == ("900.00", "171.00", "1071.00", "EUR")
    assert (rows[1]["net 7%"], rows[1]["vat 7%"], rows[1]["gross"]) == ("900.00", "63.00", "963.00")
    assert (rows[2]["payment"], rows[2]["cancelled_by"]) == ("Cancelled", "CN-0001")
    assert (rows[3]["gross"], rows[3]["credit_for"], rows[3]["payment"]) == ("-1071.00", "INV-0003", "Credit note")
    assert "client_vat_id" in rows[0] and rows[0]["file"] == "pdf/INV-0001.pdf"
    readme = archive.read(f"{folder}/README.txt").decode()
    assert "without gaps by" in readme and "Invoices: 3, INV-0001 to INV-0003." in readme
    assert "Credit notes: 1, CN-0001 to CN-0001." in readme and "Not included" not in readme
    assert "Bob's Secret Client" not in archive.read(f"{folder}/invoices.csv").decode()
    bobs = await period_zip(bob_browser, first, last)
    assert [row["client"] for row in rows_of(bobs, folder)] == ["Bob's Secret Client"]
    assert [name for name in bobs.namelist() if name.endswith(".pdf")] == [f"{folder}/pdf/INV-0001.pdf"]
    async for invoice in app_services().db.invoices.find({"owner_id": bob}):
        assert bobs.read(f"{folder}/pdf/INV-0001.pdf") == \
            (await bob_browser.http_client.get(f"/invoices/{invoice['_id']}/pdf")).content
    anonymous = await create_user().http_client.get("/invoices-period.zip", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


async def test_a_period_that_skips_a_number_says_where_it_went_and_an_empty_period_says_so(user: User) -> None:
    await sign_up(user, "alice@example.com")
    alice = await owner_of(user)
    await issue(alice, issued_on("Globex", 60, "19"), issued_on("Initech", 30, "19"), issued_on("Umbrella", 50, "19"))
    await every_pdf_ready(alice)

    first, last = TODAY - timedelta(days=70), TODAY - timedelta(days=45)
    folder = f"invoices-{first.isoformat()}_{last.isoformat()}"
    archive = await period_zip(user, first, last)
    assert [row["number"] for row in rows_of(archive, folder)] == ["INV-0001", "INV-0003"]
    readme = archive.read(f"{folder}/README.txt").decode()
    assert f"INV-0002 (issued {(TODAY - timedelta(30)).isoformat()})" in readme

    empty = await period_zip(user, date(2020, 1, 1), date(2020, 1, 31))
    assert sorted(empty.namelist()) == ["invoices-2020-01-01_2020-01-31/README.txt",
                                        "invoices-2020-01-01_2020-01-31/invoices.csv"]
    assert "No invoice and no credit note" in empty.read("invoices-2020-01-01_2020-01-31/README.txt").decode()
    assert len(rows_of(empty, "invoices-2020-01-01_2020-01-31")) == 0


async def test_a_pdf_not_ready_yet_is_listed_in_the_readme_and_a_bad_period_is_refused(user: User) -> None:
    await sign_up(user, "alice@example.com")
    alice = await owner_of(user)
    with renders_held():
        await issue(alice, issued_on("Globex", 3, "19"))
        first, last = TODAY - timedelta(days=10), TODAY
        archive = await period_zip(user, first, last)
    folder = f"invoices-{first.isoformat()}_{last.isoformat()}"
    assert f"{folder}/pdf/INV-0001.pdf" not in archive.namelist()
    assert "INV-0001: its PDF is still being generated" in archive.read(f"{folder}/README.txt").decode()
    assert [row["number"] for row in rows_of(archive, folder)] == ["INV-0001"]

    refused = await user.http_client.get("/invoices-period.zip", params={"from": "2026-02-01", "to": "2026-01-01"})
    assert refused.status_code == 400 and "first day comes after" in refused.text


async def test_the_dialog_offers_the_last_full_month_and_links_to_its_zip(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await user.open("/")
    user.find("Export period").click()
    await user.should_see("Export a period for your accountant", retries=50)
    default = Period.last_full_month(TODAY)
    hrefs = [element.props.get("href", "") for element in user.find("Download ZIP").elements]
    assert hrefs == [f"/invoices-period.zip?from={default.first.isoformat()}&to={default.last.isoformat()}"]
    response = await user.http_client.get(hrefs[0])
    assert response.status_code == 200
    assert f'filename="invoices-{default.label}.zip"' in response.headers["content-disposition"]
