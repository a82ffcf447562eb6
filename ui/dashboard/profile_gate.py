"""Told when Generate PDF is refused because the seller profile lacks name, address or the tax identifier the
e-invoice needs: what, and where to add it."""

from nicegui import ui

from services.errors import ProfileIncomplete
from ui.page_session import PageSession

SETTINGS_LINK = "Open Settings"


def explain_missing_profile(page: PageSession, refusal: ProfileIncomplete) -> None:
    with page.client, ui.dialog(value=True) as dialog, ui.card().classes("gap-3"):
        ui.label("What your e-invoice needs" if refusal.field else "Who issues this invoice?").classes("text-h6")
        ui.label(str(refusal))
        with ui.row().classes("w-full justify-end items-center gap-4"):
            ui.button("Not now", on_click=dialog.close).props("flat")
            ui.link(SETTINGS_LINK, "/settings").classes("text-primary text-bold")
    dialog.on("hide", dialog.delete)
