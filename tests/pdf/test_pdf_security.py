"""User text is only ever text: no markup, no file read outside pdf_templates, no network connection."""

from __future__ import annotations

import base64
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from services.invoices.model import BankAccount, Party, RenderRequest
from services.pdf.document import render_request
from services.pdf.render import PLACEHOLDER, TEMPLATE_DIR, confine_to_templates

from .pdf_helpers import content, image_count, line, page_texts, render

_opened: list[str] | None = None


def _record_opens(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], str | bytes | Path):
        _opened.append(str(args[0]))


sys.addaudithook(_record_opens)


class Listener:
    """A real TCP server on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port: int = self.server.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.server.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.stop()


@pytest.fixture
def sentinels(tmp_path: Path) -> dict[str, Path]:
    png = tmp_path / "sentinel.png"
    Image.new("RGB", (40, 30), "red").save(png)
    text = tmp_path / "sentinel.txt"
    text.write_text("TOP-SECRET-SENTINEL")
    return {"png": png, "text": text}


@pytest.fixture
def opened_files() -> Iterator[list[str]]:
    global _opened
    _opened = []
    yield _opened
    _opened = None


def payloads(port: int, png: Path, text: Path) -> list[str]:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<image xlink:href="http://127.0.0.1:{port}/svg.png" width="9" height="9"/>'
        f'<image xlink:href="file://{png}" width="9" height="9"/></svg>'
    )
    return [
        f'<img src="http://127.0.0.1:{port}/x.png">',
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">',
        f'<style>@import url("http://127.0.0.1:{port}/i.css");',
        f'body {{ background-image: url("file://{png}") }}</style>',
        f'<img src="file://{png}"><img src="{png}"><img src="../../../../../../..{png}">',
        f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}">',
        f'<pdf:font name="Leak" src="{text}"/><link href="{text}">',
        "url(file:///etc/passwd)",
        f'<div style="background-image: url(http://127.0.0.1:{port}/bg.png)">bg</div>',
        '"><b>x</b><img src=x onerror=alert(1)>',
        "{{ 7 * 7 }}{% raw %}",
    ]


def request_full_of(payload: list[str], *, kind: str = "invoice") -> RenderRequest:
    """Every text field of the invoice, its parties, lines, bank and VAT treatment holds a payload."""

    def pick(i: int) -> str:
        return payload[i % len(payload)]

    def party(at: int) -> Party:
        return Party(name=pick(at), email=pick(at + 1), street=pick(at + 2), postcode=pick(at + 3), city=pick(at + 4),
                     country=pick(at + 5), vat_id=pick(at + 6), tax_number=pick(at + 7), registration=pick(at + 8),
                     phone=pick(at + 9), website=pick(at + 10))

    lines = [line(i, description=pick(i), unit=pick(i + 1)) for i in range(len(payload))]
    invoice = content(lines=lines, seller=party(0), client=party(3), notes="\n".join(payload), footer=pick(5),
                      vat_category="AE", exemption_reason=pick(6), seller_bank=BankAccount(pick(7), pick(8), pick(9)))
    return RenderRequest(number=pick(10), content=invoice, kind=kind, credit_for=pick(2))  # type: ignore[arg-type]


def without_whitespace(text: str) -> str:
    return "".join(text.split())


def test_markup_in_the_client_name_prints_as_literal_text() -> None:
    name = '<b>x</b><img src="file:///etc/passwd">'

    pdf = render(1, client=Party(name=name), seller_bank=BankAccount())  # no bank: no QR code image

    assert without_whitespace(name) in without_whitespace(page_texts(pdf)[0])
    assert image_count(pdf) == 0


@pytest.mark.parametrize("kind", ["invoice", "credit_note"])
def test_payloads_in_every_field_neither_connect_nor_read_files(
    listener: Listener, sentinels: dict[str, Path], opened_files: list[str], kind: str
) -> None:
    attacks = payloads(listener.port, sentinels["png"], sentinels["text"])

    pdf = render_request(request_full_of(attacks, kind=kind))

    assert listener.connections == 0
    assert image_count(pdf) == 0
    assert b"TOP-SECRET-SENTINEL" not in pdf
    outside = [path for path in opened_files if str(sentinels["png"].parent) in path or "passwd" in path]
    assert outside == []
    printed = without_whitespace(" ".join(page_texts(pdf)))
    assert [attack for attack in attacks if without_whitespace(attack) not in printed] == []


def test_the_detectors_above_do_see_a_read_and_a_connection(
    listener: Listener, sentinels: dict[str, Path], opened_files: list[str]
) -> None:
    from xhtml2pdf import pisa

    html = f'<html><body><img src="{sentinels["png"].name}"></body></html>'
    out = sentinels["png"].parent / "out.pdf"
    with out.open("wb") as dest:
        pisa.CreatePDF(html, dest=dest, path=str(sentinels["png"].parent / "doc.html"))
    socket.create_connection(("127.0.0.1", listener.port)).close()
    listener.stop()

    assert image_count(out.read_bytes()) == 1
    assert str(sentinels["png"]) in opened_files
    assert listener.connections == 1


@pytest.mark.parametrize(
    "uri",
    [
        "data:image/png;base64,iVBORw0KGgo=",
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.png",
        "file:///etc/passwd",
        "/etc/passwd",
        "../services/pdf_render.py",
        "fonts/../../pyproject.toml",
        "//example.com/x.png",
        "fonts",
        "missing.png",
    ],
)
def test_links_leading_anywhere_but_a_template_file_become_the_placeholder(uri: str) -> None:
    assert confine_to_templates(uri, None) == str(PLACEHOLDER)


def test_links_to_template_files_are_kept() -> None:
    font = TEMPLATE_DIR / "fonts" / "DejaVuSans.ttf"

    assert confine_to_templates("fonts/DejaVuSans.ttf", None) == str(font)
    assert confine_to_templates(str(font), None) == str(font)


def test_template_syntax_and_markup_in_a_description_print_literally() -> None:
    pdf = render(1, lines=[line(1, description="{{ 7 * 7 }} & <i>not italic</i>")])

    assert "{{ 7 * 7 }} & <i>not italic</i>" in page_texts(pdf)[0]


def test_markup_in_a_chinese_description_and_client_name_prints_as_literal_text() -> None:
    name, description = "王<b>小明</b>&amp;", '<font name="Courier">咨询</font> 服务'

    pdf = render(1, client=Party(name=name), lines=[line(1, description=description)])

    text = without_whitespace(page_texts(pdf)[0])
    assert without_whitespace(name) in text and without_whitespace(description) in text
    assert image_count(pdf) == 1  # the payment QR code, nothing else


def test_the_logo_and_qr_code_are_the_only_images_and_a_file_url_in_the_iban_is_text(tmp_path: Path) -> None:
    url = f"file://{tmp_path}/logo.png"
    bank = BankAccount(iban=url, bic="<img src=x>", bank_name=f'<img src="{url}">')

    pdf = render(1, seller_bank=bank)

    assert image_count(pdf) == 0  # no QR code for an IBAN that is no IBAN, and no image from the bank fields
    assert without_whitespace(f'<img src="{url}">') in without_whitespace(page_texts(pdf)[0])


@pytest.mark.parametrize("logo", [b"", b"GIF89a not a png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, b"<svg/>"])
def test_anything_but_a_png_logo_prints_no_logo_and_the_invoice_still_renders(logo: bytes) -> None:
    pdf = render_request(RenderRequest(number="INV-0001", content=content(1), logo_png=logo))

    assert image_count(pdf) == 1  # the QR code only
    assert "Amount due" in page_texts(pdf)[0]
