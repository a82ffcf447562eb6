"""Steps of the records tests against real app processes: load while the app serves, log-in over HTTP, PDFs.

Log-in over HTTP: the log-in page checks the password over the websocket and hands the browser a signed ticket;
here the same password check (Accounts.authenticate) runs against the app's database and the ticket is minted
with the app's SECRET_KEY, then traded at the app's own /auth/finish for a session cookie.
"""

import asyncio
import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
from pymongo import AsyncMongoClient

from services.accounts.accounts import Accounts
from services.accounts.login_throttle import LoginThrottle
from services.accounts.sessions import COOKIE_NAME, Sessions
from services.accounts.signup_throttle import SignupThrottle
from services.counters import CounterStorage
from services.invoices.drafts import InvoiceDraft, LineDraft
from services.invoices.validation import validate_invoice
from services.jobs.claims import start_tag
from services.live.bus import EventBus
from storage import jobs
from storage.database import Database, connect, create_indexes, database_of
from storage.documents import Document
from storage.invoices import insert_with_next_number
from tests.support.sellers import TEST_SELLER
from tests.support.servers import REPO_ROOT, ServerProcess, server_env

BROWSER_COOKIE = "invoice_browser"


def embedded_uri(server: ServerProcess) -> str:
    match = re.findall(r"listening at (mongodb://\S+)", server.output())
    assert match, server.output()
    return str(match[-1])


def run_app_command(*arguments: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "app.py", *arguments], cwd=REPO_ROOT, capture_output=True, text=True,
                          env=server_env(DATA_DIR=str(data_dir)), timeout=300, check=False)


@dataclass
class Traffic:
    """A steady stream of sign-ups and invoices against a running app: the app's workers render every invoice
    (each with a queued job, as issuing makes one: the running app's workers find it by polling)."""

    db: Database
    passwords: dict[str, str] = field(default_factory=dict)  # email -> password
    user_ids: dict[str, str] = field(default_factory=dict)
    invoices: int = 0
    running: bool = True

    async def run(self, period_s: float = 0.05) -> None:
        counters = CounterStorage("memory://")  # the test's own sign-ups: no network to throttle
        accounts = Accounts(self.db, LoginThrottle(counters),
                            signups=SignupThrottle(counters, per_address="10000/hour", overall="10000/hour"))
        content = validate_invoice(draft(), seller=TEST_SELLER)
        step = 0
        while self.running:
            if step % 4 == 0:
                email, password = f"user{step}@example.com", f"password-{step}-of-a-user"
                self.user_ids[email] = (await accounts.sign_up(email, password)).id
                self.passwords[email] = password
            else:
                owner = list(self.user_ids.values())[step % len(self.user_ids)]
                invoice = await insert_with_next_number(self.db, owner_id=owner, content=content)
                lines = len(content.lines)  # queued as the app's issuing path does; its workers poll for it
                await jobs.create(self.db, owner_id=owner, invoice_id=invoice.id, lines=lines, state="queued",
                                  tag=await start_tag(self.db, owner_id=owner, lines=lines))
                self.invoices += 1
            step += 1
            await asyncio.sleep(period_s)


def draft(lines: int = 3) -> InvoiceDraft:
    return InvoiceDraft(client_name="Wayne Enterprises", issue_date="2026-11-24", due_date="2026-12-24",
                        currency="EUR",
                        lines=tuple(LineDraft(f"Consulting, item {n}", "2", "15.50", vat_rate="19")
                                    for n in range(lines)))


async def open_database(uri: str) -> tuple[AsyncMongoClient[Document], Database]:
    client = connect(uri)
    db = database_of(client)
    await create_indexes(db)
    return client, db


async def log_in_over_http(server: ServerProcess, db: Database, *, email: str, password: str,
                           secret_key: str) -> httpx.AsyncClient:
    """A client holding the session cookie the app itself set after checking the password."""
    http = httpx.AsyncClient(base_url=server.url, timeout=30)
    await http.get("/login")
    account = await Accounts(db, LoginThrottle(CounterStorage("memory://"))).authenticate(email, password)
    sessions = Sessions(db, EventBus(), secret_key=secret_key, lifetime=timedelta(days=1))
    ticket = sessions.mint_login_ticket(user_id=account.id, browser_id=http.cookies[BROWSER_COOKIE])
    finished = await http.get("/auth/finish", params={"ticket": ticket})
    assert finished.status_code == 303 and COOKIE_NAME in http.cookies, finished.text
    return http


async def pdf_digest(http: httpx.AsyncClient, invoice_id: str) -> str:
    response = await http.get(f"/invoices/{invoice_id}/pdf")
    assert response.status_code == 200, response.text
    return hashlib.sha256(response.content).hexdigest()
