"""/healthz (the process answers) and /readyz (database, migrations, scheduler), for load balancers."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from incidents.auth.decorators import public
from incidents.db import now_utc
from incidents.ops import services
from incidents.request_db import request_session

bp = Blueprint("ops", __name__)


@bp.route("/healthz")
@public
def healthz() -> ResponseReturnValue:
    """Alive: answers without touching the database, so a slow database never restarts the workers."""
    return {"status": "ok"}


@bp.route("/readyz")
@public
def readyz() -> ResponseReturnValue:
    """Ready: 200 when every check passes, else 503 naming the checks that failed."""
    checks = services.readiness(request_session(), now_utc())
    ready = all(c.ok for c in checks)
    body = {"status": "ready" if ready else "not ready",
            "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks}}
    return body, 200 if ready else 503, {"Cache-Control": "no-store"}
