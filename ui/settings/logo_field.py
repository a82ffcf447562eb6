"""The logo part of /settings: upload (decided on the server by decoding it), preview, and Remove logo."""

from collections.abc import Awaitable, Callable

from nicegui import events, ui

from services.accounts.logo_image import MAX_LOGO_BYTES, MAX_LOGO_SIDE

LOGO_ROUTE = "/settings/logo.png"
TOO_LARGE = "The logo can be at most 1 MB."


class LogoField:
    def __init__(self, *, on_upload: Callable[[bytes], Awaitable[None]], on_remove: Callable[[], Awaitable[None]]):
        self._on_upload = on_upload
        with ui.column().classes("gap-1"):
            ui.label("Logo").classes("text-subtitle1 text-grey-8 mt-2")
            ui.label(f"PNG or JPEG, at most 1 MB and {MAX_LOGO_SIDE}×{MAX_LOGO_SIDE} pixels; printed top-left.") \
                .classes("text-xs text-grey-7")
            self.preview = ui.image().classes("w-48 border rounded")
            # Quasar's own "+" button has no name and nests the file input: it is hidden (CSS), and this one
            # opens the same file dialog.
            choose = ui.button("Choose a logo file", icon="upload").props("outline no-caps")
            self.upload = ui.upload(label="Logo", auto_upload=True, max_file_size=MAX_LOGO_BYTES,
                                    on_upload=self._uploaded, on_rejected=lambda: self.refuse(TOO_LARGE)) \
                .props('accept=".png,.jpg,.jpeg,image/png,image/jpeg" flat').classes("logo-upload w-72 max-w-full")
            choose.on("click", js_handler=f"() => getElement({self.upload.id}).$refs.qRef.pickFiles()")
            self.message = ui.label().classes("text-negative text-sm").props("aria-live=assertive")
            self.remove = ui.button("Remove logo", icon="delete", on_click=on_remove).props("flat dense")
        self.show("")

    def show(self, logo_id: str) -> None:
        self.preview.set_source(f"{LOGO_ROUTE}?v={logo_id}" if logo_id else "")
        self.preview.set_visibility(bool(logo_id))
        self.remove.set_visibility(bool(logo_id))
        self.message.text = ""
        self.upload.reset()

    def refuse(self, message: str) -> None:
        self.message.text = message
        self.upload.reset()

    async def _uploaded(self, event: events.UploadEventArguments) -> None:
        if event.file.size() > MAX_LOGO_BYTES:  # the browser's check is only a courtesy
            self.refuse(TOO_LARGE)
            return
        await self._on_upload(await event.file.read())
