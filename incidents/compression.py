"""Gzip for text responses (Flask-Compress): a 5,000-outage timeline or a CSV shrinks several times on the wire.

Done in the app, so it holds behind any proxy (or none). Compressing pages that hold a CSRF token
and echo the query string invites BREACH, which needs the victim's browser to send many
credentialed cross-site requests: the session cookies are SameSite=Lax, so such requests carry none.
"""

from __future__ import annotations

from flask import Flask
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


def init_app(app: Flask) -> None:
    """Compress every eligible response; the request log, registered before, sees the bytes sent."""
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    Compress(app)
