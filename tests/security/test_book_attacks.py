"""The invoice book's pages and export are Alice's alone: an attacker with any id learns nothing of her invoices,
her drafts or her totals, and changes nothing."""

from urllib.parse import quote

from bson import ObjectId
from nicegui.testing import User

from services.invoices.drafts import InvoiceDraft, LineDraft
from tests.security.attack_helpers import (
    cookie_header,
    http_client,
    new_browser,
    ready_invoice,
    signed_in,
    stored_invoice,
)
from tests.support.app import app_services, sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app
SECRET_CLIENT = "Globex Corporation"
SECRET_DRAFT = "Initech Secret Draft"


async def test_no_attacker_sees_alice_s_invoice_page_draft_or_export_whatever_the_id(user: User) -> None:
    await sign_up(user, "alice@example.com")
    invoice = await ready_invoice(user, SECRET_CLIENT)
    alice = (await signed_in(user)).user_id
    draft = await app_services().drafts.save(owner_id=alice, draft=InvoiceDraft(
        client_name=SECRET_DRAFT, currency="EUR", lines=(LineDraft("Work", "1", "10"),)))
    before = (await stored_invoice(invoice.id), await app_services().drafts.find(owner_id=alice, draft_id=draft.id))
    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    ids = [invoice.id, draft.id, str(ObjectId()), invoice.id.upper(), '{"$ne": null}', "' or 1=1 --", "f" * 500]
    paths = [f"/invoices/{quote(value, safe='')}" for value in ids]
    paths += ["/invoices.csv", f"/invoices.csv?q={quote(SECRET_CLIENT)}", "/invoices.csv?status=draft",
              "/?q=globex", "/?status=draft"]
    for cookies, who in ((None, "anonymous"), (cookie_header(bob), "bob")):
        async with http_client() as client:
            for path in paths:
                response = await client.get(path, headers={"Cookie": cookies} if cookies else {},
                                            follow_redirects=False)
                assert response.status_code < 500, (who, path)
                for secret in (SECRET_CLIENT, SECRET_DRAFT, invoice.id, draft.id):
                    assert secret not in response.text, (who, path, secret)
                if who == "anonymous":
                    assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    for path in [f"/invoices/{invoice.id}", f"/invoices/{draft.id}"]:
        await bob.open(path)
        await bob.should_see("There is no such invoice", retries=50)
        await bob.should_not_see(SECRET_CLIENT)
        await bob.should_not_see(SECRET_DRAFT)
    after = (await stored_invoice(invoice.id), await app_services().drafts.find(owner_id=alice, draft_id=draft.id))
    assert after == before
