"""Pages name NiceGUI's assets under an opaque alias instead of `/_nicegui/<NiceGUI's version>/`.

NiceGUI puts its version into every asset URL of a page (for cache busting), which tells an attacker exactly
which framework release to look up. The alias is derived from the secret key and the version, so it still
changes with every upgrade (cache busting keeps working) but names nothing; requests under the alias are routed
to NiceGUI's own paths before anything else sees them. NiceGUI internals relied on: the asset prefix and the
`version:` option of its page template (tests/security/test_response_headers.py fails if they change).
"""

import hashlib

from nicegui import __version__ as nicegui_version
from starlette.types import Scope


class VersionAlias:
    def __init__(self, secret_key: str) -> None:
        self.tag = hashlib.sha256(f"{secret_key}:{nicegui_version}".encode()).hexdigest()[:16]
        self._alias_prefix = f"/_nicegui/{self.tag}/"
        self._real_prefix = f"/_nicegui/{nicegui_version}/"

    def route(self, scope: Scope) -> None:
        """Sends a request for an aliased asset to NiceGUI's versioned path."""
        path = str(scope["path"])
        if path.startswith(self._alias_prefix):
            scope["path"] = self._real_prefix + path[len(self._alias_prefix):]
            scope["raw_path"] = scope["path"].encode()

    def hide(self, html: bytes) -> bytes:
        return html.replace(self._real_prefix.encode(), self._alias_prefix.encode()) \
            .replace(f'version: "{nicegui_version}"'.encode(), f'version: "{self.tag}"'.encode())
