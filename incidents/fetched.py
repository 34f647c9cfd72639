"""Whether a script fetched a request (the service worker, the outbox, a page's fetch), not a person opening a page."""

from __future__ import annotations

from flask import Request, request


def in_background(req: Request | None = None) -> bool:
    """Whether a script fetched this (the service worker, the outbox, a page's fetch), not a page a person opens."""
    # Every browser in use sends Sec-Fetch-Mode; without it (an old one, curl) a request counts as a page, as before.
    return (req or request).headers.get("Sec-Fetch-Mode", "navigate") != "navigate"
