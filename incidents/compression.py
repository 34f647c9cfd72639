"""Gzip for text responses (Flask-Compress): a 5,000-outage timeline or a CSV shrinks several times on the wire.

Done in the app, so it holds behind any proxy (or none). Compressing pages that hold a CSRF token
and echo the query string invites BREACH, which needs the victim's browser to send many
credentialed requests to addresses another site chooses: SameSite=Lax keeps the cookie off a
cross-site fetch or image, not off a top-level navigation (a window that site opened and moves from
address to address), so an answer to a request another site made is sent uncompressed.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

SETTINGS = {
    # gzip only: every browser and proxy speaks it, and it needs no extra native library.
    "COMPRESS_ALGORITHM": ["gzip"],
    "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/csv", "text/plain", "text/javascript",
                           "application/javascript", "application/json", "application/problem+json",
                           "image/svg+xml"],
    "COMPRESS_MIN_SIZE": 1024,  # below this the gzip header and the CPU cost more than they save
    "COMPRESS_LEVEL": 6,        # zlib's default: nearly level 9's size at a fraction of its time
}


# Sec-Fetch-Site of a request another site made (every current browser sends it; curl and old browsers none).
FROM_ELSEWHERE = frozenset({"cross-site", "same-site"})


class _OwnSiteCompress(Compress):
    """Flask-Compress, but never for a request another site made (BREACH: see the module's docstring)."""

    def after_request(self, response: Response | None) -> Response:
        """The answer as it is when another site asked for it (a page it navigated to); gzipped otherwise."""
        if response is not None and request.headers.get("Sec-Fetch-Site") in FROM_ELSEWHERE:
            return response
        return super().after_request(response)


def init_app(app: Flask) -> None:
    """Compress every eligible response; the request log, registered before, sees the bytes sent."""
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    _OwnSiteCompress(app)
