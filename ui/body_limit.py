"""A size cap on every HTTP request body, counted as it arrives: a chunked body has no Content-Length to check."""

import re

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.accounts.logo_image import MAX_LOGO_BYTES

MAX_REQUEST_BYTES = 64 * 1024
MAX_UPLOAD_BYTES = MAX_LOGO_BYTES + 64 * 1024  # the logo upload, with room for its multipart envelope
UPLOAD_PATH = re.compile(r"^/_nicegui/client/[^/]+/upload/[0-9]+$")
TOO_LARGE = {"detail": "The request is too large."}


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses with 413 a body over the path's limit, whether it declares its length or streams in chunks."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        limit = limit_for(scope["method"], scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > limit:
            await JSONResponse(TOO_LARGE, status_code=413)(scope, receive, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, counted_receive, tracked_send)
        except _BodyTooLarge:
            if started:
                raise
            await JSONResponse(TOO_LARGE, status_code=413)(scope, receive, send)


def limit_for(method: str, path: str) -> int:
    return MAX_UPLOAD_BYTES if method == "POST" and UPLOAD_PATH.match(path) else MAX_REQUEST_BYTES
