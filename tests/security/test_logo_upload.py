"""The logo upload: only a whole PNG or JPEG within the limits is kept, and only as a fresh PNG Pillow wrote;
everything else is refused with the reason, and no one but its owner can read a logo."""

import io
import os
import zipfile
from collections.abc import AsyncIterator

from nicegui import ui
from nicegui.testing import User
from PIL import Image

from tests.security.attack_helpers import http_client, new_browser, signed_in, wait_for
from tests.support.app import app_services, generate, settings_loaded, sign_up
from tests.support.app_environment import runs_the_app

pytestmark = runs_the_app
PAYLOAD = b"<html><script>alert(document.cookie)</script></html>"


def png(width: int, height: int, *, noise: bool = False, mode: str = "RGB") -> bytes:
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)) if noise \
        else Image.new(mode, (width, height), "red" if mode == "RGB" else 0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", PAYLOAD)
    return out.getvalue()


async def open_settings(user: User) -> ui.upload:
    await user.open("/settings")
    await settings_loaded(user)
    return next(iter(user.find(kind=ui.upload).elements))


async def upload(user: User, data: bytes, *, name: str = "logo.png", content_type: str = "image/png") -> None:
    """What the page does with a file the browser sent (NiceGUI's own entry point for an uploaded file)."""
    element = next(iter(user.find(kind=ui.upload).elements))
    await element.handle_uploads([ui.upload.SmallFileUpload(name, content_type, data)])


async def stored_logo(user: User) -> bytes | None:
    owner = (await signed_in(user)).user_id
    profile = await app_services().sellers.profile_of(owner)
    return await app_services().sellers.logo_png(owner_id=owner, logo_id=profile.logo_id)


async def test_each_kind_of_bad_upload_is_refused_with_its_reason_and_nothing_is_stored(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await open_settings(user)
    truncated = png(200, 200, noise=True)
    refusals = [
        (png(700, 700, noise=True), "image/png", "can be at most 1 MB."),  # 1.4 MB
        (truncated[: len(truncated) // 2], "image/png", "The image is damaged or incomplete"),
        (PAYLOAD, "image/png", "This file is not a PNG or JPEG image."),  # a page claiming to be a PNG
        (b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF", "image/jpeg", "This file is not a PNG or JPEG image."),
        (zip_archive(), "image/png", "This file is not a PNG or JPEG image."),
        (png(20000, 20000, mode="1"), "image/png", "The image claims far too many pixels to be a logo."),  # 400 Mpx
        (png(10000, 10000, mode="1"), "image/png", "The image claims far too many pixels to be a logo."),  # 100 Mpx
        (png(2001, 10), "image/png", "The logo is 2001×10 pixels; it can be at most 2000×2000."),
    ]
    for data, content_type, reason in refusals:
        await upload(user, data, content_type=content_type)
        await user.should_see(reason, retries=100)
        assert await stored_logo(user) is None
    assert await app_services().db["logos.files"].count_documents({}) == 0


async def test_a_polyglot_is_kept_only_as_the_pixels_re_encoded_without_its_payload(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await open_settings(user)
    image = png(120, 40)
    await upload(user, image + PAYLOAD + zip_archive(), name="logo.html", content_type="text/html")
    await user.should_see("Logo saved. New invoices will show it.", retries=100)
    stored = await stored_logo(user)
    assert stored is not None and stored.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"script" not in stored and b"PK\x03\x04" not in stored and b"index.html" not in stored
    with Image.open(io.BytesIO(stored)) as kept:
        assert (kept.format, kept.size) == ("PNG", (120, 40))
        assert kept.convert("RGB").getpixel((5, 5)) == (255, 0, 0)
    served = await user.http_client.get("/settings/logo.png")
    assert served.status_code == 200 and served.content == stored
    assert served.headers["content-type"] == "image/png"


async def test_a_jpeg_logo_sent_over_http_as_a_browser_sends_it_is_accepted(user: User) -> None:
    """The upload passes the request size limit that every other request keeps (64 KiB)."""
    await sign_up(user, "alice@example.com")
    element = await open_settings(user)
    photo = io.BytesIO()
    Image.frombytes("RGB", (500, 500), os.urandom(500 * 500 * 3)).save(photo, format="JPEG", quality=95)
    assert 64 * 1024 < len(photo.getvalue()) < 1024 * 1024
    assert user.client is not None
    response = await user.http_client.post(f"/_nicegui/client/{user.client.id}/upload/{element.id}",
                                           files={"file": ("photo.jpg", photo.getvalue(), "image/jpeg")})
    assert response.status_code == 200
    await user.should_see("Logo saved. New invoices will show it.", retries=100)
    stored = await stored_logo(user)
    assert stored is not None and Image.open(io.BytesIO(stored)).size == (500, 500)


async def test_an_upload_streamed_in_chunks_past_the_limit_is_refused_and_nothing_is_stored(user: User) -> None:
    """Without a Content-Length there is nothing to check up front: the body is counted as it arrives."""
    await sign_up(user, "carol@example.com")
    element = await open_settings(user)
    assert user.client is not None

    async def multipart_in_chunks() -> AsyncIterator[bytes]:
        yield b'--cut\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n' \
              b"Content-Type: image/png\r\n\r\n"
        for _ in range(3 * 1024):
            yield os.urandom(1024)
        yield b"\r\n--cut--\r\n"

    response = await user.http_client.post(f"/_nicegui/client/{user.client.id}/upload/{element.id}",
                                           content=multipart_in_chunks(),
                                           headers={"content-type": "multipart/form-data; boundary=cut"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413 and response.json() == {"detail": "The request is too large."}
    assert await stored_logo(user) is None


async def test_another_owner_can_never_read_your_logo(user: User) -> None:
    await sign_up(user, "alice@example.com")
    await open_settings(user)
    await upload(user, png(64, 64))
    await user.should_see("Logo saved. New invoices will show it.", retries=100)
    alice = (await signed_in(user)).user_id
    alice_logo = (await app_services().sellers.profile_of(alice)).logo_id
    bob = new_browser()
    await sign_up(bob, "bob@example.com")
    bob_id = (await signed_in(bob)).user_id
    assert await app_services().sellers.logo_png(owner_id=bob_id, logo_id=alice_logo) is None
    assert (await bob.http_client.get("/settings/logo.png")).status_code == 404
    assert (await bob.http_client.get(f"/settings/logo.png?v={alice_logo}")).status_code == 404
    async with http_client() as anonymous:
        refused = await anonymous.get("/settings/logo.png", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    assert (await user.http_client.get("/settings/logo.png")).status_code == 200  # control: hers, to her
    user.find("Log out").click()
    await user.should_see("Log in", retries=50)
    after_log_out = await user.http_client.get("/settings/logo.png", follow_redirects=False)
    assert after_log_out.status_code == 303 and b"PNG" not in after_log_out.content
    assert await app_services().sellers.logo_png(owner_id=alice, logo_id=alice_logo) is not None  # still stored


async def test_remove_logo_and_a_logo_an_issued_invoice_names_stays_for_that_invoice(user: User) -> None:
    await sign_up(user, "alice@example.com")
    owner = (await signed_in(user)).user_id
    sellers = app_services().sellers
    await open_settings(user)
    await upload(user, png(64, 64))
    await user.should_see("Logo saved. New invoices will show it.", retries=100)
    unused = (await sellers.profile_of(owner)).logo_id
    await upload(user, png(80, 80))

    await user.should_see("Logo saved. New invoices will show it.", retries=100)

    async def replaced() -> str | None:  # the new one named, the old one (on no invoice) deleted
        logo_id = (await sellers.profile_of(owner)).logo_id
        gone = await sellers.logo_png(owner_id=owner, logo_id=unused) is None
        return logo_id if logo_id != unused and gone else None

    on_invoice = await wait_for(replaced)
    await user.open("/")
    await generate(user, "Globex Corporation", [("Design", "1", "100")])
    await open_settings(user)
    user.find("Remove logo").click()
    await user.should_see("Logo removed. Invoices already issued keep theirs.", retries=100)
    assert (await sellers.profile_of(owner)).logo_id == ""
    assert await sellers.logo_png(owner_id=owner, logo_id=on_invoice) is not None
    assert (await user.http_client.get("/settings/logo.png")).status_code == 404
