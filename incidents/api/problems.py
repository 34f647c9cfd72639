"""RFC 9457 problem details: the one shape of every error answer under /api/."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import islice
from typing import Any

from flask import Response, current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from incidents.errors import Message
from incidents.formatting import fmt_number, reader_lang

MEDIA_TYPE = "application/problem+json"

# The title of each status a client may meet; `detail` and `errors` say what exactly went wrong.
TITLES: dict[int, Any] = {
    400: _l("The request could not be understood."),
    401: _l("Authentication required: send a valid API token (Authorization: Bearer) or log in."),
    403: _l("You are not allowed to do this."),
    404: _l("Nothing here."),
    405: _l("This method is not allowed here."),
    409: _l("Someone else changed this first."),
    412: _l("The record changed since you read it."),
    413: _l("What you sent is too large."),
    415: _l("Send JSON (Content-Type: application/json)."),
    422: _l("Some fields are not valid."),
    429: _l("Too many requests: try again later."),
    500: _l("Something went wrong on our side; what you sent was not saved. Please try again."),
    503: _l("The service is busy: try again shortly."),
}
# How many fields one problem names at most (no record has half as many).
NAMED_AT_MOST = 100
CSRF_MISSING = _l("missing or invalid: a logged-in browser sends the page's CSRF token (X-CSRFToken); "
                  "a program sends an API token instead")


def is_api_request() -> bool:
    """Whether the current request is the API's (its errors are problem details, not pages)."""
    return request.path.startswith("/api/")


def localized(message: Any) -> str:
    """A message in the reader's language: a rule's Message (numbers formatted too), a lazy string, text."""
    localize = getattr(message, "localize", None)
    if localize is not None:
        lang = reader_lang()
        return str(localize(_, lambda n: fmt_number(n, lang)))
    return str(message)


def unknown_parameters(taken: tuple[str, ...] = ()) -> dict[str, Any]:
    """{name: message} for each query parameter a view does not take: named, never ignored."""
    # An ignored misspelling (asof=, parent=) answers 200 for what the client did not ask: the event's end, every
    # area; the client takes it for what it meant.
    message = (_l("is not a parameter here (it takes %(names)s)", names=", ".join(taken)) if taken
               else _l("is not a parameter here: this takes none"))
    return {name[:100]: message for name in request.args if name not in taken}


def refuse_unknown_parameters(taken: tuple[str, ...] = ()) -> None:
    """A 400 naming each query parameter a view does not take (unknown_parameters), raised as an ApiProblem."""
    if unknown := unknown_parameters(taken):
        raise ApiProblem(400, unknown)


class ApiProblem(HTTPException):
    """Raise anywhere in an API view to answer with a problem: ApiProblem(422, errors={...})."""

    def __init__(self, status: int, errors: Mapping[str, Any] | None = None, detail: Any = None,
                 headers: Mapping[str, str] | None = None, extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(description=str(detail) if detail is not None else None)
        self.code = status
        self.errors = dict(errors or {})
        self.detail = detail
        self.extra = dict(extra or {})
        self.extra_headers = dict(headers or {})


def problem(status: int, errors: Mapping[str, Any] | None = None, detail: Any = None,
            headers: Mapping[str, str] | None = None, extra: Mapping[str, Any] | None = None,
            title: Any = None) -> Response:
    """A problem-details response: type, title, status, detail, errors {field: message}, and extra members."""
    if errors and not (extra and "candidates" in extra) and (candidates := _twice(errors)):
        extra = {**(extra or {}), "candidates": candidates}
    refused = len(errors or {})
    # The first NAMED_AT_MOST fields: a body of 100,000 unknown fields was answered naming each, every message
    # translated one by one (13 MB, 9-13 s of a worker, for a 1.3 MB body).
    errors = {field: localized(message) for field, message in islice((errors or {}).items(), NAMED_AT_MOST)}
    title = localized(title or TITLES.get(status, TITLES[500 if status >= 500 else 400]))
    if detail is None:
        detail = "; ".join(f"{field}: {message}" for field, message in errors.items()) or title
        if refused > len(errors):
            more = fmt_number(refused - len(errors), reader_lang())
            detail += _("; and %(n)s more fields refused, not listed", n=more)
    body = {"type": f"/api/docs#problem-{status}", "title": title, "status": status,
            "detail": localized(detail), "errors": errors, **(extra or {})}
    response = current_app.response_class(current_app.json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    response.headers["Content-Language"] = reader_lang()
    response.headers.update(headers or {})
    return response


def _twice(errors: Mapping[str, Any]) -> dict[str, list[str]]:
    """{field: [both readings]} for each local time in `errors` that happened twice (docs/api.md's `candidates`).

    Every path that reads a time (reports, events, the timeline's and map's moments) gets them, not only reports.
    """
    from incidents.reports.parsing import TWICE_OFFSET
    from incidents.timelines.moments import TWICE

    twice = {TWICE_OFFSET.msgid, TWICE.msgid}
    return {name: [message.params["first"], message.params["second"]] for name, message in errors.items()
            if isinstance(message, Message) and message.msgid in twice}


def from_http_exception(exc: HTTPException) -> Response:
    """Any HTTP error raised under /api/ (abort(404), a CSRF refusal, a bad field) as a problem."""
    from flask_wtf.csrf import CSRFError

    from incidents.inputs import NAMED

    status = exc.code or 500
    # Keep what werkzeug adds (Allow on a 405, WWW-Authenticate, Retry-After), never its content type.
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="incidents"')
    if isinstance(exc, ApiProblem):
        return problem(status, exc.errors, exc.detail, headers={**headers, **exc.extra_headers}, extra=exc.extra)
    if isinstance(exc, NAMED):
        return problem(status, {exc.field: exc.message}, headers=headers)
    if isinstance(exc, CSRFError):
        return problem(status, {"csrf_token": CSRF_MISSING}, headers=headers)
    # Werkzeug's own descriptions are English-only: the translated title is the detail then. A
    # description the app gave (a lost database, a full disk) is already in the reader's language.
    given = exc.description if exc.description != type(exc).description else None
    return problem(status, detail=given, headers=headers)
