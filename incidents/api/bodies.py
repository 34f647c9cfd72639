"""What every API write shares: the JSON object sent, the Idempotency-Key, versions, replay answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from incidents.api.problems import ApiProblem, problem
from incidents.audit import idempotency as keys
from incidents.db import Base
from incidents.errors import StaleEdit, ValidationError
from incidents.inputs import NOT_UTF8, json_problem
from incidents.limits import form_version, is_id
from incidents.reports.parsing import parse_json_time
from incidents.reports.validation import CONTROL_CHARS
from incidents.vague import Precision

SEND_JSON = _l("send a JSON object (Content-Type: application/json)")
NOT_AN_OBJECT = _l("must be a JSON object")
CONTROL = _l("contains control characters")
VERSION_NEEDED = _l("required: the version you read (or an If-Match header with the ETag)")
TAKES_NOTHING = _l("is not a field of this request: it takes no body")
NOT_A_VERSION = _l("must be a whole number: the version you read (GET gives it)")
NO_SUCH_VERSION = _l("is no version: versions count from 1 (send the one GET gave you)")
NOT_AN_ETAG = _l('is not an entity tag: send the ETag as GET gave it, in quotes ("3"), or * alone')
NOT_A_TIME = _l("must be a date and time: ISO 8601 with an offset, or event-local YYYY-MM-DD HH:MM")

IDEMPOTENCY_KEY = ("Idempotency-Key", _l(
    "a key of your own for this submission: a retry with the same key and body returns the first result "
    "(200, Idempotent-Replayed: true); the same key with another body is refused (422)"))
IF_MATCH = ("If-Match", _l("the ETag you read: a newer version is refused (412) instead of overwritten; * for "
                           "whatever version is current"))

# If-Match's list (RFC 9110 §5.6.1, §8.8.3): quoted tags, W/ before a weak one, commas between (empty elements ignored).
_TAG = r'(?:W/)?"[^"\x00-\x20\x7f]*"'
ETAG_LIST = re.compile(rf"[ \t,]*{_TAG}(?:[ \t]*,[ \t,]*{_TAG})*[ \t,]*")
ETAG_TEXT = re.compile(r'"([^"]*)"')


def json_object() -> dict[str, Any]:
    """The request's JSON object; 415 if it is not JSON, 422 if not an object or a text holds control characters."""
    if not request.is_json:
        raise ApiProblem(415, {"body": SEND_JSON})
    data = request.get_data(cache=True)
    try:
        # JSON is UTF-8 (RFC 8259): json.loads would guess UTF-16 or UTF-32 from the bytes and take such a body.
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiProblem(422, {"body": NOT_UTF8}) from None
    if b"\x00" in data[:4]:
        # ASCII text in UTF-16 or UTF-32 without a mark is valid UTF-8 (its zero bytes NULs), and json.loads reads
        # it in the encoding those zeros suggest; JSON in UTF-8 starts with no NUL.
        raise ApiProblem(422, {"body": NOT_UTF8})
    payload = request.get_json(silent=True)  # a too-deep or surrogate body is still a 400 naming its field
    if not isinstance(payload, dict):
        raise ApiProblem(422, {"body": (payload is None and json_problem(request.get_data())) or NOT_AN_OBJECT})
    # PostgreSQL refuses NUL in text: refused by name here, before any service sees it.
    bad = {name: CONTROL for name, value in payload.items()
           if isinstance(value, str) and CONTROL_CHARS.search(value)}
    if bad:
        raise ApiProblem(422, bad)
    return payload


def sent_a_body() -> bool:
    """Whether the request came with a body: a form body is parsed (by the request guards) before any view,
    and then reads as no data."""
    return bool(request.content_length or request.form or request.files or request.get_data(cache=True))


def no_body() -> None:
    """For a write that takes nothing: no body, or an empty JSON object; anything else is refused by name."""
    if not sent_a_body():
        return
    payload = json_object()  # 415 if not JSON, 422 if not an object
    if payload:
        raise ApiProblem(422, {name: TAKES_NOTHING for name in payload})


def exact_time(payload: dict[str, Any], name: str, tz: Any, errors: dict[str, Any]) -> Any:
    """A time field read by the one parser (ISO with offset, or event-local); None when absent."""
    value = payload.get(name)
    if value is None or value == "":
        return None
    parsed, precision = parse_json_time(value, None, tz)
    if not hasattr(parsed, "tzinfo") or precision not in (None, Precision.EXACT):
        errors[name] = parsed if hasattr(parsed, "localize") else NOT_A_TIME
        return None
    return parsed


def idempotency_key() -> str | None:
    """The Idempotency-Key header (stripped), or None; one over 100 characters or with control characters is refused."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if CONTROL_CHARS.search(key):
        # Stored as text: PostgreSQL refuses a NUL in it (a 500 there), so no key holds one.
        raise ApiProblem(422, {"idempotency_key": CONTROL})
    try:
        keys.check_key(key)
    except ValidationError as exc:
        raise ApiProblem(422, exc.errors) from None
    return key


def create_once(session: Session, user_id: int, entity: str, payload: Any,
                create: Callable[[], Base]) -> tuple[int, bool]:
    """Run create under the request's Idempotency-Key if it has one: (id, created)."""
    key = idempotency_key()
    if key is None:
        made = create()
        session.flush()
        return int(made.id), True  # type: ignore[attr-defined]
    try:
        return keys.once(session, keys.stored_key(user_id, key), user_id, entity, keys.digest(payload),
                         create)
    except keys.KeyReused as exc:
        raise ApiProblem(422, exc.errors) from None


def answer(body: Any, created: bool, status: int = 201, location: str | None = None) -> Response:
    """A create's answer: `status` the first time, 200 with Idempotent-Replayed: true on a replay."""
    response = current_app.response_class(current_app.json.dumps(body), mimetype="application/json")
    response.status_code = status if created else 200
    if location:
        response.headers["Location"] = location
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def expected_version(payload: dict[str, Any], current: int) -> int:
    """The version the client read: `version` in the body, else If-Match (`*`: the current one); 412 when stale.

    Sent both ways, each must be current: the body's version is then the one the change is checked against.
    """
    match = request.headers.get("If-Match")
    version = payload.get("version")
    if problem_ := version_problem(payload) or if_match_problem(match):
        # beside If-Match too: a version sent is checked, never dropped; and a tag is read as a version
        raise ApiProblem(422, {"version": problem_})
    if match is not None:
        # `*` (RFC 9110): any current version; a version sent beside it is still checked
        if not names_current(match, current):
            raise ApiProblem(412)
        return version if isinstance(version, int) and not isinstance(version, bool) else current
    if isinstance(version, bool) or not isinstance(version, int):
        raise ApiProblem(422, {"version": version_problem(payload) or VERSION_NEEDED})
    return version


def version_problem(payload: dict[str, Any]) -> Any:
    """What is wrong with a `version` sent that is not a whole number (3, not "3", 3.0 or true) or none GET gives
    (0, -1, 2**31: versions count from 1, as limits.form_version reads a form's); None if none is."""
    version = payload.get("version")
    if version is None:
        return None
    if isinstance(version, int) and not isinstance(version, bool):
        # Read as a version, 0 was the 409 "someone else saved version 1 first", which nobody had.
        return None if is_id(version) else NO_SUCH_VERSION
    return NOT_A_VERSION


def if_match_problem(header: str | None) -> Any:
    """What is wrong with an If-Match: NOT_AN_ETAG, NO_SUCH_VERSION ("0", "-1", "abc"), or None.

    NOT_AN_ETAG when it is neither `*` nor a list of quoted tags, NO_SUCH_VERSION when none names a version GET gives.
    Read as a version, "0" was the 412 "the record changed since you read it", which nobody had changed:
    as the body's `version` 0 is, a 422 naming version.
    """
    if header is None or header.strip() == "*":
        return None
    tags = entity_tags(header)
    if tags is None:
        return NOT_AN_ETAG
    return None if any(form_version(text) is not None for text in tags) else NO_SUCH_VERSION


def names_current(header: str, current: int) -> bool:
    """Whether an If-Match names the current version: `*`, or any tag of its list (RFC 9110 §13.1.1).

    Read as one tag, or by its first, `"1", "2"` was a 412 on a record at version 2.
    """
    return header.strip() == "*" or str(current) in (entity_tags(header) or ())


def entity_tags(header: str) -> list[str] | None:
    """If-Match's tags as the versions' text they carry; None when it is no list of quoted tags (RFC 9110 §8.8.3).

    Quotes were stripped and commas split anywhere: `3`, `"3`, `*, "3"` were version 3, guessed. A weak tag names
    its version as a strong one does: the tag is the record's version, not its bytes, and a proxy compressing the
    answer weakens it. Flask-Compress tags a gzip answer "3:gzip" (incidents/compression.py), and every client asks
    for gzip: the tag sent back names the same version, and refusing it would refuse every change (412).
    """
    if not ETAG_LIST.fullmatch(header):
        return None
    return [text.removesuffix(":gzip") for text in ETAG_TEXT.findall(header)]


def stale(db: Session, exc: StaleEdit, as_json: Callable[[Any], dict[str, Any]]) -> Response:
    """A change made on an old version: nothing saved; a 409 naming the version saved first, the current record."""
    db.rollback()
    current = exc.current
    db.refresh(current)
    return problem(409, {"version": _l("someone saved version %(v)s first", v=current.version)},
                   extra={"current": as_json(current)})


def etag(version: int) -> dict[str, str]:
    """The ETag header of a versioned record."""
    return {"ETag": f'"{version}"'}
