"""Shared page chrome: colours with at least 4.5:1 contrast in light and dark (which follows the system),
visible focus, the one h1 of each page, the header of signed-in pages and the centred card of log-in and sign-up."""

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from nicegui import app, ui
from nicegui.elements.mixins.text_element import TextElement
from nicegui.language import Language

from services.accounts.sessions import SignedInUser
from ui.stylesheet import install_stylesheet

LANGUAGE: Language = "en-GB"
# Light: each colour carries white text (badges, buttons) and reads as text on white, all ≥ 4.5:1.
COLOURS = {"primary": "#1565c0", "secondary": "#00695c", "accent": "#6a1b9a", "positive": "#1b7a34",
           "negative": "#b00020", "info": "#01579b", "warning": "#8a5a00", "dark": "#1e1e1e",
           "dark_page": "#121212"}
# Dark: the same names turn light (text on #121212/#1e1e1e ≥ 4.5:1), and filled surfaces carry dark text.
# In NiceGUI's "overrides" layer: an !important there beats Quasar's (a later layer), and the colour variables
# beat the inline ones Quasar sets on <body>.
CSS = """
@layer overrides {
:root { --focus-ring: #1565c0; }
body.body--dark { --q-primary: #90caf9 !important; --q-secondary: #80cbc4 !important; --q-accent: #ce93d8 !important;
  --q-positive: #81c784 !important; --q-negative: #ff8a80 !important; --q-info: #81d4fa !important;
  --q-warning: #ffcc80 !important; --focus-ring: #90caf9; }
body.body--dark .bg-primary.text-white, body.body--dark .q-badge, body.body--dark .q-notification,
body.body--dark .q-notification .q-btn { color: #0b0b0b !important; }
body.body--dark .text-grey-6, body.body--dark .text-grey-7, body.body--dark .text-grey-8 { color: #c4c4c4 !important; }
body.body--dark .bg-grey-6, body.body--dark .bg-grey-7 { background: #bdbdbd !important; }
.app-header { background: #0d3c78 !important; color: #fff; }
a.nicegui-link { color: var(--q-primary); }
.app-header, .app-header a.nicegui-link { color: #fff; }
.logo-upload .q-uploader__header { display: none; }
.wrapping-table th, .wrapping-table td { white-space: normal; overflow-wrap: anywhere; padding: 4px 6px; }
.surface { background: #fff; }
body.body--dark .themed-chart text { fill: #e0e0e0 !important; }
body.body--dark .surface { background: #1e1e1e; }
.q-field__label, .q-field__native::placeholder, .q-field__marginal { color: rgba(0, 0, 0, 0.72); }
body.body--dark .q-field__label, body.body--dark .q-field__native::placeholder,
body.body--dark .q-field__marginal { color: rgba(255, 255, 255, 0.78); }
:focus-visible { outline: 3px solid var(--focus-ring) !important; outline-offset: 2px; }
.app-header :focus-visible { outline-color: #fff !important; }
.q-field--focused .q-field__control { box-shadow: 0 0 0 2px var(--focus-ring); border-radius: 4px; }
.q-btn .q-focus-helper { display: none; }
.sr-only { position: absolute !important; width: 1px; height: 1px; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
}
"""


def install_theme() -> None:
    """Application-wide, once: the colours, the Tailwind stylesheet and the CSS reach every page."""
    app.colors(**COLOURS)
    app.config.quasar_config["loadingBar"]["aria-label"] = "Loading"  # the bar shown while a request is under way
    install_stylesheet()
    ui.add_head_html(f"<style>{CSS}</style>", shared=True)


def heading(text: str, *, level: int = 1, classes: str = "text-h5", hidden: bool = False) -> TextElement:
    """A real <h1>/<h2> (ui.label is a div), styled like the labels around it; `hidden` keeps it for readers only."""
    element = TextElement(tag=f"h{level}", text=text).classes(f"{classes} m-0")
    return element.classes("sr-only") if hidden else element


def header(user: SignedInUser, log_out: Callable[[], Awaitable[None]]) -> None:
    with ui.header().classes("app-header items-center justify-between gap-y-1 px-3 py-2 wrap"):
        ui.link("Invoices", "/").classes("text-h6 no-underline")
        with ui.row().classes("items-center gap-x-3 gap-y-0 wrap"):
            ui.link("Clients", "/clients")
            ui.link("Settings", "/settings")
            ui.label(user.email).classes("text-sm gt-sm")
            ui.button("Log out", on_click=log_out).props("flat no-caps color=white").classes("px-2")


@contextmanager
def centered_card(title: str) -> Iterator[None]:
    with ui.column().classes("w-full items-center mt-8 sm:mt-16 px-4 gap-3"):
        ui.label("Invoices").classes("text-h5 text-primary")
        with ui.card().classes("w-full max-w-sm p-6 gap-3"):
            heading(title, classes="text-h6")
            yield
