"""**Export period** beside Export CSV: a from–to dialog (the last full month by default) and the ZIP's link."""

from datetime import date
from urllib.parse import urlencode

from nicegui import context, ui

from services.records.period import InvalidPeriod, Period
from ui.named_dialog import named_dialog
from ui.period_route import PATH


def period_export_button() -> ui.button:
    return ui.button("Export period", on_click=_open_dialog).props("flat dense no-caps color=primary")


def _open_dialog() -> None:
    default = Period.last_full_month(date.today())
    title = "Export a period for your accountant"
    with context.client.layout, named_dialog(title) as dialog, ui.card().classes("gap-3 max-w-md"):
        ui.label(title).classes("text-h6")
        ui.label("One ZIP: every invoice and credit note issued in the period as its PDF, a CSV of them "
                 "(net and VAT per rate), and a README.").classes("text-sm")
        with ui.row().classes("gap-2"):
            first = ui.input("From", value=default.first.isoformat()).props("outlined dense type=date")
            last = ui.input("To", value=default.last.isoformat()).props("outlined dense type=date")
        problem = ui.label().classes("text-negative text-sm")
        with ui.row().classes("justify-end w-full items-center"):
            ui.button("Close", on_click=dialog.close).props("flat")
            download = ui.link("Download ZIP").classes("q-btn q-btn--unelevated bg-primary text-white px-4 py-2 "
                                                      "rounded-borders no-underline")
            download.props("data-testid=period-zip")

        def update() -> None:
            try:
                period = Period.from_query(first.value or "", last.value or "", today=date.today())
            except InvalidPeriod as refusal:
                problem.text = str(refusal)
                download.set_visibility(False)
                return
            problem.text = ""
            download.props(f'href="{PATH}?{urlencode({"from": period.first, "to": period.last})}"')
            download.set_visibility(True)

        first.on_value_change(update)
        last.on_value_change(update)
        update()
    dialog.on("hide", dialog.delete)
    dialog.open()
