"""An invoice whose e-invoice breaks the EN 16931 rules ends Failed with the rule and what to do; no PDF is stored.

The form and the issue gate refuse such an invoice, so the broken model is forced past them: the stored invoice's
seller address is removed in the database while its first render is held, and its Retry then renders what is
stored, through the real worker.
"""

import pytest
from nicegui import ui
from nicegui.testing import User
from pymongo import MongoClient

from tests.support.app import generate, renders_held, sign_up
from tests.support.seeding import stored_pdf_files


@pytest.mark.render_timeout(3)
async def test_an_invoice_without_the_sellers_address_fails_with_the_rule_id_and_is_never_stored(
        user: User, app_environment: str) -> None:
    await sign_up(user, "alice@example.com")
    with renders_held():
        await generate(user, "Stark Industries", [("Arc reactor", "1", "1000")])
        await user.should_see("Failed", retries=200)
    with MongoClient(app_environment) as client:
        db = client.get_default_database()
        db.invoices.update_one({}, {"$set": {"seller.street": "", "seller.postcode": "", "seller.city": "",
                                             "seller.country": "", "seller.address": ""}})

    user.find(kind=ui.button, content="Retry").click()

    await user.should_see("BR-08", retries=300)
    await user.should_see("your postal address is missing")
    with MongoClient(app_environment) as client:
        db = client.get_default_database()
        invoice = db.invoices.find_one({})
        assert invoice["status"] == "failed" and invoice.get("pdf") is None
    assert stored_pdf_files(app_environment) == []
