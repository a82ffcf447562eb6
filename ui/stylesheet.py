"""The Tailwind stylesheet, built ahead of time from the classes written in ui/ (scripts/build-css), on every page.

NiceGUI's default is Tailwind's in-browser compiler, which looks through every element of the page for new class
names after each change of the DOM: the longer an invoice, the slower each keystroke and each added line. The app
runs NiceGUI with `tailwind=False` and links this file instead. Its URL carries the file's digest, so a browser
never keeps a stale copy after an upgrade.
"""

import hashlib
from pathlib import Path

from nicegui import app, ui

STYLESHEET = Path(__file__).parent / "styles" / "tailwind.css"
STYLESHEET_PATH = "/styles/tailwind.css"  # public (ui/http_guard.py): the log-in page needs it too


def install_stylesheet() -> None:
    """At a fixed path of its own: NiceGUI's `/_nicegui/auto/` paths are capability URLs, which the attack tests
    require that nothing uses (no PDF may ever be served by an unguessable link)."""
    app.add_static_file(local_file=STYLESHEET, url_path=STYLESHEET_PATH, max_cache_age=7 * 24 * 3600)
    digest = hashlib.sha256(STYLESHEET.read_bytes()).hexdigest()[:16]
    ui.add_head_html(f'<link rel="stylesheet" href="{STYLESHEET_PATH}?v={digest}">', shared=True)
