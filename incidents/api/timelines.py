"""Outages and the restoration curve over the API: the state at `as_of`, as the office knew it at `known_at`.

The moments are read by the page's one rule (timelines/moments.py: ISO with an offset, or the
event's local time, never guessed); the figures by the one state rule (timelines/rule.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, abort, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from incidents.api.docs import documented
from incidents.api.problems import problem, refuse_unknown_parameters
from incidents.api.report_schemas import MomentsQuery, OutagesSchema, TimelineSchema
from incidents.auth.decorators import requires
from incidents.auth.permissions import READ
from incidents.errors import ValidationError
from incidents.events.models import Event
from incidents.limits import is_id
from incidents.request_db import request_session
from incidents.timelines import moments
from incidents.timelines.payloads import outages_payload, timeline_payload

bp = Blueprint("api_timelines", __name__)

TAG = "timelines"
MOMENT_PARAMS = ("as_of", "known_at")


def at_moments(event_id: int, build: Callable[[Session, Event, datetime, datetime], ResponseReturnValue]
               ) -> ResponseReturnValue:
    """An event's answer at `as_of` as known at `known_at` (a 404, or a 400 naming the bad moment)."""
    db = request_session()
    event = (db.get(Event, event_id) if is_id(event_id) else None) or abort(404)
    # A misspelt moment (`asof`, `as_at`) was ignored: the answer at the event's end as known now, taken by the
    # client for the moment it meant. Named, never ignored, as the report list's parameters are.
    refuse_unknown_parameters(MOMENT_PARAMS)
    try:
        at, known = moments.moments(event, request.args.get("as_of"), request.args.get("known_at"))
    except ValidationError as exc:
        return problem(400, exc.errors)
    return build(db, event, *moments.resolved(event, at, known))


@bp.route("/api/v1/events/<int:event_id>/outages")
@documented(_l("Outages and their state"), tag=TAG, query=MomentsQuery, responses={200: OutagesSchema},
            description=_l("Every outage started by `as_of`, with households and buildings still out then, "
                           "counting only reports known at `known_at`. A bad moment is a 400 naming it."))
@requires(READ)
def outages(event_id: int) -> ResponseReturnValue:
    """The event's outages at a moment, as known at another."""
    return at_moments(event_id, outages_payload)


@bp.route("/api/v1/events/<int:event_id>/timeline")
@documented(_l("Restoration curve and statistics"), tag=TAG, query=MomentsQuery, responses={200: TimelineSchema},
            description=_l("Households and buildings without power over time (the whole event and each "
                           "subdistrict), durations and ETR statistics, at `as_of` as known at `known_at`."))
@requires(READ)
def timeline(event_id: int) -> ResponseReturnValue:
    """The event's restoration curve and statistics at a moment, as known at another."""
    return at_moments(event_id, timeline_payload)
