"""Events over the API: list, read, create, update (versioned), close and reopen; as the UI allows."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from incidents.api.bodies import (
    IDEMPOTENCY_KEY,
    IF_MATCH,
    answer,
    create_once,
    etag,
    exact_time,
    expected_version,
    json_object,
    no_body,
    stale,
)
from incidents.api.docs import documented
from incidents.api.problems import ApiProblem, problem
from incidents.api.schemas import EventCloseSchema, EventCreateSchema, EventListSchema, EventSchema, EventUpdateSchema
from incidents.auth.decorators import requires
from incidents.auth.permissions import MANAGE, READ
from incidents.auth.policy import OUTSIDE_YOUR_AREAS, can_manage_place
from incidents.errors import StaleEdit, ValidationError
from incidents.events import services
from incidents.events.models import Event
from incidents.formatting import iso_utc
from incidents.reports.values import NOT_AN_ID
from incidents.request_db import request_session

bp = Blueprint("api_events", __name__)

TAG = "events"
TEXTS = ("code", "name", "name_en", "kind", "timezone", "issuer", "issuer_en", "description")
NOT_TEXT = _l("must be text")
NOT_A_CLOCK = _l("must be a time of day (HH:MM)")
UNKNOWN_FIELD = _l("is not a field of an event")


def event_json(event: Event) -> dict[str, Any]:
    """An event as a client reads it (times in UTC ISO 8601, the brief time local)."""
    return {"id": event.id, "code": event.code, "name": event.name, "name_en": event.name_en,
            "kind": event.kind.value, "timezone": event.timezone, "starts_at": iso_utc(event.starts_at),
            "ends_at": iso_utc(event.ends_at),
            "brief_time": event.brief_time.strftime("%H:%M"), "area_id": event.area_id, "issuer": event.issuer,
            "issuer_en": event.issuer_en, "description": event.description, "version": event.version,
            "url": url_for("api_events.read", event_id=event.id)}


def _event(event_id: int) -> Event:
    return request_session().get(Event, event_id) or abort(404)


def _managed(event_id: int) -> Event:
    """The event, if the user may set it up: a coordinator scoped to a subdistrict only an event of a place in it."""
    event = _event(event_id)
    if not can_manage_place(request_session(), current_user, event.area_id):
        raise ApiProblem(403, {"area_id": OUTSIDE_YOUR_AREAS})
    return event


def _place_allowed(data: dict[str, Any], event: Event | None = None) -> None:
    """403 naming area_id when the event would belong to a place outside the user's (None: the whole district)."""
    if (event is None or ("area_id" in data and data["area_id"] != event.area_id)) and \
            not can_manage_place(request_session(), current_user, data.get("area_id")):
        raise ApiProblem(403, {"area_id": OUTSIDE_YOUR_AREAS})


def event_data(payload: dict[str, Any], event: Event | None = None) -> dict[str, Any]:
    """The fields sent, typed as the event services take them; ApiProblem(422) names what cannot be read."""
    errors: dict[str, Any] = {}
    allowed = set(services.EVENT_FIELDS) | ({"version"} if event is not None else set())
    errors.update({name: UNKNOWN_FIELD for name in payload if name not in allowed})
    data: dict[str, Any] = {}
    for name in TEXTS:
        if name in payload:
            value = payload[name]
            if value is not None and not isinstance(value, str):
                errors[name] = NOT_TEXT
            data[name] = value.strip() if isinstance(value, str) else value
    zone_name = data.get("timezone") or (event.timezone if event is not None else "Asia/Shanghai")
    # An unknown zone is named by the service; the times are read meanwhile in the default zone.
    tz = services.known_zone(zone_name) or ZoneInfo("Asia/Shanghai")
    for name in ("starts_at", "ends_at"):
        if name in payload:
            data[name] = exact_time(payload, name, tz, errors)
    if "brief_time" in payload:
        raw = payload["brief_time"]
        # Read by the service, as the form's (HH:MM only: no offset dropped, no seconds kept).
        if raw is not None and services.brief_clock(raw) is None:
            errors["brief_time"] = NOT_A_CLOCK
        data["brief_time"] = raw
    if "area_id" in payload:
        area_id = payload["area_id"]
        if area_id is not None and (isinstance(area_id, bool) or not isinstance(area_id, int)):
            errors["area_id"] = NOT_AN_ID
        data["area_id"] = area_id
    if errors:
        raise ApiProblem(422, errors)
    return data


@bp.route("/api/v1/events")
@documented(_l("List events"), tag=TAG, responses={200: EventListSchema})
@requires(READ)
def index() -> ResponseReturnValue:
    """Every event, newest first."""
    return {"events": [event_json(e) for e in services.list_events(request_session())]}


@bp.route("/api/v1/events/<int:event_id>")
@documented(_l("Read an event"), tag=TAG, responses={200: EventSchema}, etag=(200,),
            description=_l("The ETag is the version: send it back as If-Match (or as version) to change the event."))
@requires(READ)
def read(event_id: int) -> ResponseReturnValue:
    """One event, with its version as the ETag."""
    event = _event(event_id)
    return event_json(event), 200, etag(event.version)


@bp.route("/api/v1/events", methods=["POST"])
@documented(_l("Create an event"), tag=TAG, request=EventCreateSchema, responses={201: EventSchema, 200: EventSchema},
            headers=[IDEMPOTENCY_KEY], errors=(415,))
@requires(MANAGE)
def create() -> ResponseReturnValue:
    """A new event (coordinators and administrators, as in the UI)."""
    db = request_session()
    payload = json_object()
    # What is missing is passed as empty, so the service names each required field.
    data = {"code": "", "name": "", "kind": "", "starts_at": None, **event_data(payload)}
    _place_allowed(data)
    try:
        event_id, created = create_once(db, current_user.id, "events", payload,
                                        lambda: services.create_event(db, **data, user_id=current_user.id))
    except ValidationError as exc:
        db.rollback()
        return problem(422, exc.errors)
    db.commit()
    event = _event(event_id)
    return answer(event_json(event), created, location=url_for(".read", event_id=event.id))


@bp.route("/api/v1/events/<int:event_id>", methods=["PATCH"])
@documented(_l("Change an event"), tag=TAG, request=EventUpdateSchema, responses={200: EventSchema},
            headers=[IF_MATCH], errors=(409, 412, 415), etag=(200,),
            description=_l("Send only the fields to change, with the version you read (or If-Match). "
                           "A newer version answers 409 with the current event in `current`."))
@requires(MANAGE)
def update(event_id: int) -> ResponseReturnValue:
    """Change an event; a stale version is refused (409, or 412 for If-Match), never overwritten."""
    db = request_session()
    event = _managed(event_id)
    payload = json_object()
    # The body is read first: one that cannot be saved is a 422 whatever the version (a 412 would only
    # send the client back to read again and resend it).
    data = event_data(payload, event)
    version = expected_version(payload, event.version)
    data.pop("version", None)
    _place_allowed(data, event)
    try:
        services.update_event(db, event, data, current_user.id, expected_version=version)
    except StaleEdit as exc:
        return stale(db, exc, event_json)
    except ValidationError as exc:
        db.rollback()
        return problem(422, exc.errors)
    db.commit()
    return event_json(event), 200, etag(event.version)


@bp.route("/api/v1/events/<int:event_id>/close", methods=["POST"])
@documented(_l("Close an event"), tag=TAG, request=EventCloseSchema, responses={200: EventSchema}, errors=(415,),
            etag=(200,))
@requires(MANAGE)
def close(event_id: int) -> ResponseReturnValue:
    """End an event at the time given: no brief after its last day."""
    db = request_session()
    event = _managed(event_id)
    payload = json_object()
    errors: dict[str, Any] = {name: UNKNOWN_FIELD for name in payload if name != "ends_at"}
    ends_at = exact_time(payload, "ends_at", event.tz, errors)
    if errors:
        return problem(422, errors)
    try:
        services.close_event(db, event, ends_at, current_user.id)
    except ValidationError as exc:
        db.rollback()
        return problem(422, exc.errors)
    db.commit()
    return event_json(event), 200, etag(event.version)


@bp.route("/api/v1/events/<int:event_id>/reopen", methods=["POST"])
@documented(_l("Reopen an event"), tag=TAG, responses={200: EventSchema}, errors=(415, 422), etag=(200,))
@requires(MANAGE)
def reopen(event_id: int) -> ResponseReturnValue:
    """Take an event's end away: it runs again, and its briefs fall due again."""
    db = request_session()
    event = _managed(event_id)  # 404/403 before the body's 422, as close does
    no_body()
    services.reopen_event(db, event, current_user.id)
    db.commit()
    return event_json(event), 200, etag(event.version)
