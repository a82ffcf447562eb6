"""An invoice's page shows its PDF's first page once the PDF is Ready, and the picture opens the PDF."""

import io
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User
from PIL import Image

from services.invoices.model import InvoiceSummary
from tests.security.attack_helpers import signed_in, wait_for
from tests.support.app import app_services, generate, renders_held, sign_up


@pytest.fixture
def pdfium_broken(tmp_path: Path) -> Iterator[None]:
    """PDFium's library fails to load in every PDF worker started from now on, as on a broken install.

    Spawned workers take the app's sys.path, so a `pypdfium2` placed first on it is the one they import.
    """
    package = tmp_path / "broken" / "pypdfium2"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent("""\
        raise OSError("libpdfium.so: cannot open shared object file: No such file or directory")
    """))
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(package.parent))
        yield


async def only_invoice(user: User, status: str = "") -> InvoiceSummary:
    owner = await signed_in(user)

    async def probe() -> InvoiceSummary | None:
        listed = await app_services().invoices.list_invoices(owner_id=owner.user_id)
        return listed[0] if listed and (not status or listed[0].status == status) else None
    return await wait_for(probe, timeout_s=60)


def thumbnail_link(user: User) -> ui.link:
    (link,) = user.find(marker="thumbnail").elements
    assert isinstance(link, ui.link)
    return link


async def test_a_ready_invoice_s_page_shows_its_first_page_which_opens_the_pdf_in_a_new_tab(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await generate(user, "Initech", [("TPS reports", "10", "1.5")])
    invoice = await only_invoice(user, "ready")
    await user.open(f"/invoices/{invoice.id}")
    await user.should_see(marker="thumbnail")
    link = thumbnail_link(user)
    assert link.props["href"] == f"/invoices/{invoice.id}/pdf" and link.props["target"] == "_blank"
    assert link.props["aria-label"] == "Open the PDF of INV-0001 (new tab)"
    (image,) = link.default_slot.children
    assert image.tag == "img" and image.props["alt"] == "First page of INV-0001"

    response = await user.http_client.get(str(image.props["src"]))
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"].startswith("private")
    picture = Image.open(io.BytesIO(response.content)).convert("L")
    assert picture.width == 300
    pixels = list(picture.get_flattened_data())
    assert sum(p > 230 for p in pixels) / len(pixels) > 0.8  # mostly paper
    assert sum(p < 110 for p in pixels) / len(pixels) > 0.01  # with text on it
    pdf = await user.http_client.get(str(link.props["href"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_the_picture_appears_by_itself_when_the_invoice_turns_ready(user: User) -> None:
    await sign_up(user, "alice@example.com")
    with renders_held():
        await generate(user, "Initech", [("TPS reports", "10", "1.5")])
        invoice = await only_invoice(user)
        await user.open(f"/invoices/{invoice.id}")
        await user.should_see("Processing")
        await user.should_not_see(marker="thumbnail")
        pending = await user.http_client.get(f"/invoices/{invoice.id}/thumbnail.png")
        assert pending.status_code == 404
    await user.should_see(marker="thumbnail", retries=300)
    assert thumbnail_link(user).props["href"] == f"/invoices/{invoice.id}/pdf"


async def test_an_invoice_whose_thumbnail_cannot_be_drawn_still_ends_ready_with_its_pdf(
        pdfium_broken: None, user: User) -> None:
    await sign_up(user, "alice@example.com")
    await generate(user, "Initech", [("TPS reports", "10", "1.5")])
    invoice = await only_invoice(user, "ready")
    await user.open(f"/invoices/{invoice.id}")
    await user.should_see("Ready")
    await user.should_not_see(marker="thumbnail")
    assert (await user.http_client.get(f"/invoices/{invoice.id}/thumbnail.png")).status_code == 404
    pdf = await user.http_client.get(f"/invoices/{invoice.id}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
