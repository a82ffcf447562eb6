"""Every privileged UI action goes through here: session re-check first, and failures told in plain words.

A Refusal is shown as it is; a database outage and anything unexpected get a fixed message (details to the log).
"""

import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec

from pymongo.errors import PyMongoError

from services.errors import Refusal
from ui.page_session import PageSession

log = logging.getLogger(__name__)
P = ParamSpec("P")
DATABASE_UNAVAILABLE = "The service is temporarily unavailable (database unreachable). Try again in a moment."
UNEXPECTED = "Something went wrong on our side. Try again; if it keeps happening, reload the page."


def guarded(page: PageSession, action: Callable[P, Awaitable[None]]) -> Callable[P, Awaitable[None]]:
    async def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            if await page.still_signed_in():
                await action(*args, **kwargs)
        except Refusal as refusal:
            page.notify(str(refusal), "warning")
        except PyMongoError as error:
            log.warning("Database unavailable during %s: %s", getattr(action, "__name__", "action"), error)
            page.notify(DATABASE_UNAVAILABLE, "negative")
        except Exception:
            log.exception("Unexpected failure in %s", getattr(action, "__name__", "action"))
            page.notify(UNEXPECTED, "negative")

    return run
