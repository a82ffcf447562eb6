"""Who may drive a page over the socket: the browser it was built for, from an allowed origin, and nobody else.

NiceGUI routes every socket message by the client (page) id written inside the message, accepts any origin
(CORS `*`) and lets the first socket that connects to a page take it over. This module is the one place that
touches those internals (NiceGUI 3.18: the handlers that `nicegui/nicegui.py` registers on `core.sio`); it wraps
them rather than replacing them, and tests/security/test_socket_binding.py fails if an upgrade changes them.

- Origin: engine.io refuses a connection whose Origin is not allowed (default: the host the page came from).
- Binding: a socket may attach to a page only when it carries the same signed browser cookie the page was built
  for and, for a signed-in page, the same live session cookie. A page id alone is worth nothing.
- Messages (events, JavaScript answers, acknowledgements, logs) count only for the page the socket attached to.
- Browser log messages and malformed events write at most one short line per interval, never a traceback.
"""

import asyncio
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import parse_qs

import socketio
from nicegui import Client, background_tasks, core
from starlette.requests import cookie_parser

from services.accounts.browser_ids import BrowserIds
from services.accounts.sessions import COOKIE_NAME, Sessions, session_id_of
from ui.http_guard import BROWSER_COOKIE

log = logging.getLogger(__name__)
WRAPPED = ("connect", "handshake", "disconnect", "event", "javascript_response", "ack", "log")
LOG_INTERVAL_S = 10.0
# NiceGUI's page script reloads the page on exactly this refusal: a tab whose session ended (or whose cookies
# changed) reloads, and the reload takes it to the login page or to a page bound to its current cookies.
REFUSED = "Implicit handshake failed"


@dataclass(frozen=True)
class SocketIdentity:
    browser_id: str | None
    session_id: str | None


class OneLinePer:
    """Lets one log line through per interval and counts what it held back."""

    def __init__(self, interval_s: float) -> None:
        self._interval_s = interval_s
        self._next_at = 0.0
        self._held_back = 0

    def line(self, message: str, *args: object) -> None:
        now = time.monotonic()
        if now < self._next_at:
            self._held_back += 1
            return
        self._next_at = now + self._interval_s
        log.warning(message + " (%d similar messages held back)", *args, self._held_back)
        self._held_back = 0


def install_socket_guard(*, sessions: Sessions, browser_ids: BrowserIds, allowed_origins: list[str]) -> None:
    sio = core.sio
    sio.eio.cors_allowed_origins = allowed_origins or None  # None: engine.io allows the request's own origin only
    originals = {name: _original(sio.handlers["/"][name]) for name in WRAPPED}
    identities: dict[str, SocketIdentity] = {}
    noisy = OneLinePer(LOG_INTERVAL_S)

    async def may_attach(sid: str, client_id: object) -> bool:
        client = Client.instances.get(client_id) if isinstance(client_id, str) else None
        identity = identities.get(sid)
        if client is None or identity is None:
            return False
        state = client.request.state
        built_for_browser = str(getattr(state, "browser_id", ""))
        if not identity.browser_id or not hmac.compare_digest(identity.browser_id, built_for_browser):
            return False
        user = getattr(state, "user", None)
        if user is None:
            return True
        return identity.session_id == user.session_id and await sessions.is_live(user.session_id)

    def attached(sid: str, msg: object) -> bool:
        """Reads the page's room, a socket or two: `sio.rooms(sid)` walks every room of every open page (a tenth
        of the loop's busy time with 1,000 tabs open, bench dashboards)."""
        if not isinstance(msg, dict) or not isinstance(client_id := msg.get("client_id"), str):
            return False
        return any(member == sid for member, _ in sio.manager.get_participants("/", client_id))

    async def on_connect(sid: str, environ: dict[str, Any], auth: object = None) -> Any:
        cookies = cookie_parser(str(environ.get("HTTP_COOKIE", "")))
        browser = cookies.get(BROWSER_COOKIE)
        token = cookies.get(COOKIE_NAME)
        identities[sid] = SocketIdentity(browser_id=browser if browser_ids.is_genuine(browser) else None,
                                         session_id=session_id_of(token) if token else None)
        client_id = parse_qs(str(environ.get("QUERY_STRING", ""))).get("client_id", [None])[0]
        if client_id is not None and not await may_attach(sid, client_id):
            identities.pop(sid, None)
            raise socketio.exceptions.ConnectionRefusedError(REFUSED)
        return await originals["connect"](sid, environ, auth)

    async def on_handshake(sid: str, data: object) -> Any:
        if not isinstance(data, dict) or not await may_attach(sid, data.get("client_id")):
            return False
        return await originals["handshake"](sid, data)

    def on_disconnect(sid: str, *_reason: object) -> Any:
        identities.pop(sid, None)
        return originals["disconnect"](sid)

    def forward_if_attached(name: str) -> Callable[[str, object], None]:
        def forward(sid: str, msg: object) -> None:
            if not attached(sid, msg):
                noisy.line("Dropped a %r socket message for a page this socket is not attached to", name)
                return
            try:
                originals[name](sid, msg)
            except Exception as error:  # malformed input from a browser: one short line, no traceback
                noisy.line("Dropped a malformed %r socket message (%s)", name, type(error).__name__)

        return forward

    def on_log(sid: str, msg: object) -> None:
        if attached(sid, msg):
            message = cast(dict[str, Any], msg).get("message")
            noisy.line("A browser reported: %.200r", message)

    sio.on("connect", _marked(on_connect, originals["connect"]))
    sio.on("handshake", _marked(on_handshake, originals["handshake"]))
    sio.on("disconnect", _marked(on_disconnect, originals["disconnect"]))
    for name in ("event", "javascript_response", "ack"):
        sio.on(name, _marked(forward_if_attached(name), originals[name]))
    sio.on("log", _marked(on_log, originals["log"]))


def _original(handler: Callable[..., Any]) -> Callable[..., Any]:
    """NiceGUI's own handler, even when an earlier install (the test simulation re-runs the app) wrapped it."""
    return cast(Callable[..., Any], getattr(handler, "__nicegui_original__", handler))


def _marked(wrapper: Callable[..., Any], original: Callable[..., Any]) -> Callable[..., Any]:
    wrapper.__nicegui_original__ = original  # type: ignore[attr-defined]
    return wrapper



def disconnect_soon(client: Client, delay_s: float = 1.0) -> None:
    """Closes every socket of a page after `delay_s` (time for a last message to arrive), then deletes the page."""

    async def disconnect() -> None:
        await asyncio.sleep(delay_s)
        for sid in list(core.sio.manager.get_participants("/", client.id)):
            await core.sio.disconnect(sid[0] if isinstance(sid, tuple) else sid)
        if not client.is_deleted:
            client.delete()

    background_tasks.create(disconnect(), name=f"disconnect {client.id}")
