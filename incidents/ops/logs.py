"""One JSON line per request on stderr: when, what, who, the status and how long it took."""

from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, Response, g, request

log = logging.getLogger("incidents.requests")


def init_request_log(app: Flask) -> None:
    """Log every request once it has its response (error pages included); REQUEST_LOG turns it off."""
    if not app.config.get("REQUEST_LOG", True):
        return
    if not log.handlers:
        # Gunicorn configures its own loggers only: without a handler of ours the lines would vanish.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False

    @app.before_request
    def _start_clock() -> None:
        g._started = time.perf_counter()

    @app.after_request
    def _log_request(response: Response) -> Response:
        started = g.get("_started")
        # The user as already loaded, never loaded for the log (after a 500 the database may be down).
        user = g.get("_login_user")
        log.info(json.dumps({
            "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "method": request.method, "path": request.path, "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "user": getattr(user, "id", None), "ip": request.remote_addr,
            "bytes": response.calculate_content_length(),
        }, ensure_ascii=False))
        return response
