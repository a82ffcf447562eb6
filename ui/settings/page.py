"""/settings: the seller profile. Right after sign-up (`?welcome=1`) a short step asks only for name and address."""

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from services.accounts.logo_image import LogoRefused
from services.accounts.seller_draft import draft_of
from services.accounts.seller_model import SellerProfile
from services.accounts.seller_profile import SellerProfiles
from services.container import PageServices
from services.errors import InvalidInput
from ui.guarded import guarded
from ui.page_session import PageSession
from ui.settings.logo_field import LogoField
from ui.settings.profile_form import ProfileForm
from ui.theme import header, heading

ONBOARDING_PATH = "/settings?welcome=1"


def register_settings_page(services: PageServices) -> None:
    @ui.page("/settings", title="Settings · Invoices")
    def settings_page(request: Request, welcome: str = "") -> RedirectResponse | None:
        user = getattr(request.state, "user", None)
        if user is None:
            return RedirectResponse("/login", status_code=303)
        page = PageSession(user=user, sessions=services.sessions)
        settings = SettingsActions(page, services.sellers, onboarding=bool(welcome))

        async def log_out() -> None:
            await services.sessions.log_out(page.user)
            ui.navigate.to("/login")

        header(user, guarded(page, log_out))
        with ui.column().classes("w-full max-w-4xl mx-auto p-4 gap-2"):
            settings.build()
        ui.timer(0, guarded(page, settings.load), once=True)  # the page is delivered before the database is asked
        return None


class SettingsActions:
    """The form and what its buttons do, for the user captured when the page was built."""

    form: ProfileForm
    logo: LogoField | None = None

    def __init__(self, page: PageSession, sellers: SellerProfiles, *, onboarding: bool) -> None:
        self._page = page
        self._sellers = sellers
        self._onboarding = onboarding

    def build(self) -> None:
        if self._onboarding:
            heading("Welcome! Who issues your invoices?")
            ui.label("Your business name and address are printed on every invoice, and e-invoices need one of "
                     "your tax identifiers too. The rest (bank account, logo…) can wait: you find it under "
                     "Settings.").classes("text-grey-8")
        else:
            heading("Settings")
            ui.label("Printed on every invoice you issue from now on; issued invoices keep what they said.") \
                .classes("text-grey-8")
        self.old_address = ui.label().classes("text-sm text-grey-8 whitespace-pre-line")
        self.form = ProfileForm(onboarding=self._onboarding)
        if not self._onboarding:
            self.logo = LogoField(on_upload=guarded(self._page, self.upload_logo),
                                  on_remove=guarded(self._page, self.remove_logo))
        with ui.row().classes("items-center gap-4 mt-2"):
            self.save_button = ui.button("Save", on_click=guarded(self._page, self.save)) \
                .props("unelevated color=primary")
            if self._onboarding:
                ui.link("Later", "/").classes("text-sm")
        self._enable(False)  # until the saved profile has arrived: a save must never blank it

    async def load(self) -> None:
        self._show(await self._sellers.profile_of(self._page.user_id))
        self._enable(True)

    async def save(self) -> None:
        try:
            saved = await self._sellers.update(self._page.user_id, self.form.draft())
        except InvalidInput as error:
            self.form.show_problems(error.problems.by_field)
            self._page.notify("Please fix the highlighted fields.", "warning")
            return
        self._show(saved)
        if self._onboarding:
            with self._page.client:
                ui.navigate.to("/")
            return
        self._page.notify("Saved. New invoices will show these details.", "positive")

    async def upload_logo(self, upload: bytes) -> None:
        assert self.logo is not None
        try:
            saved = await self._sellers.set_logo(self._page.user_id, upload)
        except LogoRefused as refused:
            self.logo.refuse(str(refused))
            return
        self.logo.show(saved.logo_id)
        self._page.notify("Logo saved. New invoices will show it.", "positive")

    async def remove_logo(self) -> None:
        assert self.logo is not None
        self.logo.show((await self._sellers.remove_logo(self._page.user_id)).logo_id)
        self._page.notify("Logo removed. Invoices already issued keep theirs.", "positive")

    def _show(self, profile: SellerProfile) -> None:
        self.form.fill(draft_of(profile))
        if self.logo is not None:
            self.logo.show(profile.logo_id)
        old = profile.party.address
        self.old_address.text = (f"Your address as you typed it before:\n{old}\nPlease enter it in the fields below."
                                 if old and not profile.party.street else "")
        self.old_address.set_visibility(bool(self.old_address.text))

    def _enable(self, enabled: bool) -> None:
        self.form.set_enabled(enabled)
        self.save_button.set_enabled(enabled)
