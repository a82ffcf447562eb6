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

from services.pdf.render import PLACEHOLDER, TEMPLATE_DIR, confine_to_templates, render_invoice_pdf

from .pdf_helpers import image_count, invoice, line, page_texts

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


def invoice_full_of(payload: list[str]) -> dict[str, Any]:
    def pick(i: int) -> str:
        return payload[i % len(payload)]

    return invoice(
        number=pick(0),
        issue_date=pick(1),
        due_date=pick(2),
        currency=pick(3),
        seller={"name": pick(4), "address": f"{pick(5)}\n{pick(6)}"},
        client={"name": pick(7), "email": pick(8)},
        lines=[
            {"description": pick(i), "quantity": pick(i + 1), "unit_price": pick(i + 2), "amount": pick(i + 3)}
            for i in range(len(payload))
        ],
        subtotal=pick(1),
        tax_rate=pick(2),
        tax=pick(3),
        total=pick(4),
        notes="\n".join(payload),
    )


def without_whitespace(text: str) -> str:
    return "".join(text.split())


def test_markup_in_the_client_name_prints_as_literal_text() -> None:
    name = '<b>x</b><img src="file:///etc/passwd">'

    pdf = render_invoice_pdf(invoice(1, client={"name": name, "email": ""}))

    assert without_whitespace(name) in without_whitespace(page_texts(pdf)[0])
    assert image_count(pdf) == 0


def test_payloads_in_every_field_neither_connect_nor_read_files(
    listener: Listener, sentinels: dict[str, Path], opened_files: list[str]
) -> None:
    attacks = payloads(listener.port, sentinels["png"], sentinels["text"])

    pdf = render_invoice_pdf(invoice_full_of(attacks))

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
    pdf = render_invoice_pdf(invoice(1, lines=[line(1, description="{{ 7 * 7 }} & <i>not italic</i>")]))

    assert "{{ 7 * 7 }} & <i>not italic</i>" in page_texts(pdf)[0]
