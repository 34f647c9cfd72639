"""A request held to what its documented operation declares: query parameters and preconditions it does not read.

Refused, never ignored: a client that sent them believed they did something (docs/security.md). The operation
is what `api/docs.documented` put on the view; the OpenAPI document says the same from the same declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from incidents.api.problems import ApiProblem, refuse_unknown_parameters
from incidents.auth.permissions import allows

WRITES = frozenset(("POST", "PUT", "PATCH", "DELETE"))
# The preconditions a write may carry: If-Match where its operation declares it (a version it reads), If-None-Match
# nowhere (no write reads it).
PRECONDITIONS = ("If-Match", "If-None-Match")
NOT_READ_HERE = _l("is not read here: this request would be done whatever it says; send it without (a version "
                   "goes in If-Match where a request takes one)")


def refuse_preconditions_not_read(view: Callable[..., Any] | None) -> None:
    """A 400 naming If-Match sent to a documented write that declares none, or If-None-Match sent to any write.

    Ignored, a precondition was a promise not kept: `reopen` or `publish` with `If-Match: "999"` (no version anyone
    had) reopened the event, signed the brief; `If-None-Match: *` ("only if there is none") on a PATCH changed the
    report. If-Unmodified-Since is left to be ignored, as RFC 9110 says where no answer gives a Last-Modified.
    """
    operation = getattr(view, "api_operation", None)
    if operation is None or request.method not in WRITES:
        return
    declared = {name for name, _text in operation.headers}
    sent = [name for name in PRECONDITIONS if name in request.headers and name not in declared]
    if sent and _told_first(view):
        raise ApiProblem(400, {name: NOT_READ_HERE for name in sent})


def _told_first(view: Callable[..., Any] | None) -> bool:
    """Whether the request gets past who may; one not logged in, or of a role refused, hears that first (401, 403)."""
    permission = getattr(view, "required_permission", None)
    return current_user.is_authenticated and (permission is None or allows(current_user.role, permission))


def refuse_parameters_not_declared(view: Callable[..., Any] | None) -> None:
    """A 400 naming each query parameter sent to a documented view whose `query` schema declares none.

    A view that takes some names the others itself (the lists, a brief's format, the map). Ignored, a write's
    query was lost without a word: `retract?reason=…` retracted with no reason, `PATCH ?note=…` changed nothing
    (a 200), `GET /reports/7?version=1` answered the newest version.
    """
    operation = getattr(view, "api_operation", None)
    if operation is None or operation.query is not None or not request.args:
        return
    if _told_first(view):
        refuse_unknown_parameters()
