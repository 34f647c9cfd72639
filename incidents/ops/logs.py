"""One JSON line per request on stderr: when, what, who, the status and how long it took."""

from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, Response, g, request

log = logging.getLogger("incidents.requests")
# LOG_LINE_LEAN (_log_request): the encoder json.dumps(..., ensure_ascii=False) builds a call.
_LINE = json.JSONEncoder(ensure_ascii=False)


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
        if not log.isEnabledFor(logging.INFO):
            return response
        # LOG_LINE_LEAN: the request and g each looked up once, the encoder built once, and the record made as
        # log.info makes it less the walk up the stack for its caller (always this function): 98–104 → 77–78 µs CPU
        # an API create (benches/request_hooks.py, SQLite, three alternating pairs at load ~3, 5 December). It still
        # goes through logging: every handler, filter and level a deployment sets.
        req, values = request._get_current_object(), g._get_current_object()  # type: ignore[attr-defined]
        started = values.get("_started")
        # The user as already loaded, never loaded for the log (after a 500 the database may be down).
        user = values.get("_login_user")
        line = _LINE.encode({
            "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "method": req.environ.get("REQUEST_METHOD", req.method), "path": req.path, "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "user": getattr(user, "id", None), "ip": req.remote_addr,
            "bytes": response.calculate_content_length(),
        })
        log.handle(log.makeRecord(log.name, logging.INFO, __file__, lineno, line, (), None, "_log_request"))
        return response

    lineno = _log_request.__code__.co_firstlineno  # where the records say they were made
