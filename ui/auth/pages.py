"""The /login and /signup pages. Both end by handing the browser a one-minute ticket for /auth/finish."""

from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from nicegui import ui
from starlette.requests import Request

from services.accounts.accounts import Account, Accounts
from services.accounts.sessions import Sessions
from services.errors import AlreadyRegistered, InvalidInput, Refusal
from ui.auth.redirects import safe_local_path
from ui.http_guard import browser_id_of
from ui.settings.page import ONBOARDING_PATH
from ui.theme import centered_card

Submit = Callable[[str, str], Awaitable[Account]]


def register_auth_pages(*, accounts: Accounts, sessions: Sessions) -> None:
    @ui.page("/login", title="Log in · Invoices")
    def login_page(request: Request, redirect_to: str = "/", expired: str = "") -> None:
        with centered_card("Welcome back"):
            if expired:
                ui.label("That login took too long. Please log in again.").classes("text-negative").props("role=alert")
            address = request.client.host if request.client else ""

            async def authenticate(email: str, password: str) -> Account:
                return await accounts.authenticate(email, password, address=address)

            _credentials_form(button="Log in", submit=authenticate, sessions=sessions,
                              browser_id=browser_id_of(request), redirect_to=safe_local_path(redirect_to))
            with ui.row().classes("text-sm gap-1"):
                ui.label("No account yet?")
                ui.link("Sign up", "/signup").classes("text-primary")

    @ui.page("/signup", title="Sign up · Invoices")
    def signup_page(request: Request) -> None:
        with centered_card("Create your account"):
            address = request.client.host if request.client else ""

            async def sign_up(email: str, password: str) -> Account:
                return await accounts.sign_up(email, password, address=address)

            _credentials_form(button="Sign up", submit=sign_up, sessions=sessions,
                              browser_id=browser_id_of(request), redirect_to=ONBOARDING_PATH)
            with ui.row().classes("text-sm gap-1"):
                ui.label("Already registered?")
                ui.link("Log in", "/login").classes("text-primary")


def _credentials_form(*, button: str, submit: Submit, sessions: Sessions, browser_id: str, redirect_to: str) -> None:
    """Every problem at once, each beside its field (Quasar announces a field's error as role=alert)."""
    email = ui.input("Email").props("type=email autocomplete=username autofocus outlined").classes("w-full")
    password = ui.input("Password", password=True, password_toggle_button=True) \
        .props(f"outlined autocomplete={'new-password' if button == 'Sign up' else 'current-password'}") \
        .classes("w-full")
    if button == "Sign up":
        ui.label("At least 8 characters, not easy to guess (a few uncommon words work well).") \
            .classes("text-xs text-grey-7 -mt-2")
    with ui.column().classes("w-full gap-1").props('aria-live=assertive'):
        message = ui.label().classes("text-negative")
        log_in_instead = ui.link("Log in instead", "/login").classes("text-primary")
    log_in_instead.set_visibility(False)
    busy = False

    def show(problems: dict[str, str], text: str = "", *, taken: bool = False) -> None:
        email.error = problems.get("email") or None
        password.error = problems.get("password") or None
        message.text = text
        log_in_instead.set_visibility(taken)

    async def on_submit() -> None:
        nonlocal busy
        if busy:  # Enter in the password field submits even while the button is disabled: one at a time per tab
            return
        busy = True
        action.disable()
        show({})
        try:
            account = await submit(email.value or "", password.value or "")
        except InvalidInput as refused:
            show(refused.problems.by_field)
            action.enable()
            return
        except AlreadyRegistered as refused:
            show({"email": str(refused)}, taken=True)
            action.enable()
            return
        except Refusal as refused:
            show({}, str(refused))
            action.enable()
            return
        finally:
            busy = False
        ticket = sessions.mint_login_ticket(user_id=account.id, browser_id=browser_id)
        ui.navigate.to("/auth/finish?" + urlencode({"ticket": ticket, "redirect_to": redirect_to}))

    action = ui.button(button, on_click=on_submit).classes("w-full").props("unelevated color=primary")
    password.on("keydown.enter", on_submit)
