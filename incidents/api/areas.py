"""Areas over the API: search and list (name, pinyin initials, level, parent), read, create, update."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, abort, current_app, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from incidents import arrival
from incidents.api.bodies import (
    IDEMPOTENCY_KEY,
    IF_MATCH,
    answer,
    create_once,
    etag,
    expected_version,
    json_object,
    stale,
)
from incidents.api.docs import documented
from incidents.api.problems import ApiProblem, problem, unknown_parameters
from incidents.api.schemas import AreaCreateSchema, AreaListQuery, AreaSchema, AreaSearchSchema, AreaUpdateSchema
from incidents.areas import listing, services, tree
from incidents.areas.models import Area, AreaLevel
from incidents.areas.services import coordinates_message
from incidents.areas.views import place_saved
from incidents.auth.decorators import requires
from incidents.auth.permissions import MANAGE, READ
from incidents.auth.policy import OUTSIDE_YOUR_AREAS, area_change_refusal, can_manage_place, visible_area_ids
from incidents.cursors import OTHER_QUERY
from incidents.errors import StaleEdit, ValidationError
from incidents.formatting import reader_lang
from incidents.geo import CoordinatesError, parse_point
from incidents.limits import is_id, parse_id
from incidents.reports.listing import REPEATED
from incidents.reports.values import NOT_AN_ID
from incidents.request_db import request_session

bp = Blueprint("api_areas", __name__)

TAG = "areas"
UNKNOWN_FIELD = _l("is not a field of an area")
UNKNOWN_LEVEL = _l("unknown level")
NOT_TEXT = _l("must be text")
NOT_A_NUMBER = _l("must be a number")
# The list's query parameters (each read once: given twice, it is refused by name).
LIST_PARAMS = ("q", "level", "parent_id", "limit", "cursor")
MAX_QUERY = 100  # AreaListQuery's maxLength: longer than any name a person types
QUERY_TOO_LONG = _l("at most %(n)s characters", n=MAX_QUERY)
NOT_WITH_A_SEARCH = _l("does not narrow a search (q): send it without q, to list the areas")


def area_json(area: Area) -> dict[str, Any]:
    """An area as stored, with the ids above it."""
    return {"id": area.id, "name": area.name, "name_en": area.name_en, "level": area.level.value,
            "parent_id": area.parent_id, "code": area.code, "latitude": area.latitude, "longitude": area.longitude,
            "location_state": area.location_state.value if area.location_state else None,
            "location_approximate": area.location_approximate, "location_precision_m": area.location_precision_m,
            "location_source": area.location_source,
            "households": area.households, "buildings": area.buildings, "version": area.version,
            "path": [a.id for a in tree.path(area)], "url": url_for("api_areas.read", area_id=area.id)}


def _limit(most: int) -> int:
    """The ?limit= asked for (default 20): 1 to `most`, else a 422 naming it (never silently another)."""
    text = request.args.get("limit", "").strip()
    if not text:
        return 20
    limit = parse_id(text)
    if limit is None or limit > most:
        raise ApiProblem(422, {"limit": _l("must be a whole number from 1 to %(n)s", n=most)})
    return limit


@bp.route("/api/v1/areas")
@documented(_l("Search and list areas"), tag=TAG, query=AreaListQuery, responses={200: AreaSearchSchema}, errors=(422,),
            description=_l("With q: the best matches for any part of a name or its pinyin initials (zdl finds "
                           "彰德路64号院), at most `limit` (up to 50), on one page. Without: every area, or those of "
                           "a level or directly under a parent, by id, `limit` at a time: pass `next_cursor` back "
                           "as `cursor` for the next page. Only areas in the user's scope: its area and every "
                           "place under it, or every area for a user without a scope."))
@requires(READ)
def search() -> ResponseReturnValue:
    """Areas matching any part of a name or its pinyin initials (`zdl` → 彰德路64号院), or a page of the list,
    in the user's scope."""
    db = request_session()
    repeated = {k: REPEATED for k in LIST_PARAMS if len(request.args.getlist(k)) > 1}
    # `parent=2` or `search=zdl` was ignored: every area, taken for the children or the matches.
    refused = {**unknown_parameters(LIST_PARAMS), **repeated}
    if refused:
        return problem(400, refused)
    query = request.args.get("q", "")
    if len(query) > MAX_QUERY:  # cut, it answered what its first 100 characters matched
        raise ApiProblem(422, {"q": QUERY_TOO_LONG})
    if query.strip():  # ignored, `?q=…&level=site` answered subdistricts among the "sites"
        narrowed = {k: NOT_WITH_A_SEARCH for k in ("level", "parent_id") if request.args.get(k)}
        if narrowed:
            return problem(400, narrowed)
    level_text = request.args.get("level")
    parent_text = request.args.get("parent_id", "").strip()
    parent_id = parse_id(parent_text) if parent_text else None
    if parent_text and parent_id is None:
        raise ApiProblem(422, {"parent_id": NOT_AN_ID})
    try:
        level = AreaLevel(level_text) if level_text else None
    except ValueError:
        raise ApiProblem(422, {"level": UNKNOWN_LEVEL}) from None
    cursor = request.args.get("cursor", "").strip()
    scope = visible_area_ids(db, current_user)
    next_cursor = None
    if query.strip():
        limit = _limit(50)
        if cursor:  # a search gives out no cursor: one sent is another list's
            return problem(400, {"cursor": OTHER_QUERY})
        allowed = set(db.scalars(scope)) if scope is not None else None
        # Over-fetch, then keep what the user may report for: scope trees are small.
        found = [a for a in services.find_areas(db, query, limit=limit * 10 if allowed is not None else limit)
                 if allowed is None or a.id in allowed][:limit]
    else:
        limit = _limit(listing.MAX_LIMIT)
        asked = listing.AreaQuery(level=level, parent_id=parent_id, limit=limit)
        try:
            after = listing.decode_cursor(cursor, asked) if cursor else None
        except ValidationError as exc:
            return problem(400, exc.errors)
        # As the report list: wait for areas being written, so none commits behind this page's cursor.
        arrival.areas_settled(current_app.extensions["incidents.db"])
        page = listing.page_areas(db, replace(asked, after_id=after), within=scope)
        found, next_cursor = page.areas, page.next_cursor
    english = reader_lang() == "en"

    def shown(area: Area) -> str:
        return area.name_en if english and area.name_en else area.name

    return {"areas": [{"id": a.id, "name": shown(a), "level": a.level.value, "parent_id": a.parent_id,
                       "path": " › ".join(shown(p) for p in tree.path(a)[1:-1])} for a in found],
            "next_cursor": next_cursor, "limit": limit}


def _area(area_id: int) -> Area:
    return request_session().get(Area, area_id) or abort(404)


def as_sent(errors: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """The area rules' problems under the keys the client sent: a point sent as `coordinates` is named so."""
    if "coordinates" not in payload:
        return errors
    point = [errors[k] for k in ("latitude", "longitude") if k in errors]
    named = {k: v for k, v in errors.items() if k not in ("latitude", "longitude")}
    return named | ({"coordinates": point[0]} if point else {})


def area_data(payload: dict[str, Any], updating: bool) -> dict[str, Any]:
    """The fields sent, typed as the area services take them; ApiProblem(422) names what cannot be read."""
    allowed = set(services.AREA_FIELDS) | {"coordinates"} | ({"version"} if updating else set())
    errors: dict[str, Any] = {name: UNKNOWN_FIELD for name in payload if name not in allowed}
    data: dict[str, Any] = {}
    for name, value in payload.items():
        if name == "coordinates":
            # Pasted text, read by the one parser the form and the import use.
            if value is not None and not isinstance(value, str):
                errors[name] = NOT_TEXT
            elif "latitude" in payload or "longitude" in payload:
                errors[name] = _l("send either coordinates or latitude and longitude")
            else:
                try:
                    data["latitude"], data["longitude"] = parse_point(value) if value else (None, None)
                except CoordinatesError as exc:
                    errors[name] = coordinates_message(exc)
            continue
        if name in ("name", "name_en", "code", "level"):
            if value is not None and not isinstance(value, str):
                errors[name] = NOT_TEXT
        elif name == "parent_id":
            if value is not None and not is_id(value):
                errors[name] = NOT_AN_ID
        elif name in ("latitude", "longitude") and value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)):
            errors[name] = NOT_A_NUMBER
        if name in allowed and name != "version":
            data[name] = value.strip() if isinstance(value, str) else value
    if errors:
        raise ApiProblem(422, errors)
    return data


@bp.route("/api/v1/areas/<int:area_id>")
@documented(_l("Read an area"), tag=TAG, responses={200: AreaSchema}, etag=(200,))
@requires(READ)
def read(area_id: int) -> ResponseReturnValue:
    """One area, with its version as the ETag."""
    area = _area(area_id)
    return area_json(area), 200, etag(area.version)


@bp.route("/api/v1/areas", methods=["POST"])
@documented(_l("Create an area"), tag=TAG, request=AreaCreateSchema, responses={201: AreaSchema, 200: AreaSchema},
            headers=[IDEMPOTENCY_KEY], errors=(415,))
@requires(MANAGE)
def create() -> ResponseReturnValue:
    """A new area under a parent (coordinators and administrators, as in the UI)."""
    db = request_session()
    payload = json_object()
    data = {"name": "", "level": "", **area_data(payload, updating=False)}
    parent_id = data.pop("parent_id", None)
    parent = db.get(Area, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        return problem(422, {"parent_id": _l("unknown area")})
    if not can_manage_place(db, current_user, parent_id):
        return problem(403, {"parent_id": OUTSIDE_YOUR_AREAS})
    try:
        area_id, created = create_once(db, current_user.id, "areas", payload,
                                       lambda: services.create_area(db, parent=parent, user_id=current_user.id,
                                                                    **data))
    except ValidationError as exc:
        db.rollback()
        return problem(422, as_sent(exc.errors, payload))
    db.commit()
    place_saved(area_id)
    area = _area(area_id)
    db.refresh(area)
    return answer(area_json(area), created, location=url_for(".read", area_id=area.id))


@bp.route("/api/v1/areas/<int:area_id>", methods=["PATCH"])
@documented(_l("Change an area"), tag=TAG, request=AreaUpdateSchema, responses={200: AreaSchema},
            headers=[IF_MATCH], errors=(409, 412, 415), etag=(200,),
            description=_l("Send only the fields to change, with the version you read (or If-Match). "
                           "A newer version answers 409 with the current area in `current`."))
@requires(MANAGE)
def update(area_id: int) -> ResponseReturnValue:
    """Correct an area; a stale version is refused (409, or 412 for If-Match), never overwritten."""
    db = request_session()
    area = _area(area_id)
    payload = json_object()
    refused = area_change_refusal(db, current_user, area)  # whoever manages its parent place changes it
    if refused is not None:
        # Named on each field sent (the body unread beyond its names), or on the area itself when none is.
        sent = [name for name in payload if name in services.AREA_FIELDS or name == "coordinates"]
        return problem(403, dict.fromkeys(sent or ["id"], refused))
    # The body is read first: one that cannot be saved is a 422 whatever the version (as for events).
    data = area_data(payload, updating=True)
    version = expected_version(payload, area.version)
    if "parent_id" in data and data["parent_id"] != area.parent_id and \
            not can_manage_place(db, current_user, data["parent_id"]):
        return problem(403, {"parent_id": OUTSIDE_YOUR_AREAS})
    try:
        services.update_area(db, area, data, current_user.id, expected_version=version)
    except StaleEdit as exc:
        return stale(db, exc, area_json)
    except ValidationError as exc:
        db.rollback()
        return problem(422, as_sent(exc.errors, payload))
    db.commit()
    place_saved(area.id)
    db.refresh(area)
    return area_json(area), 200, etag(area.version)
