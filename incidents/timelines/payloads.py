"""An event's outages and its restoration curve as the API gives them: the state at `as_of`, as known at `known_at`.

Both read one application of the rule (`restoration_timeline`) and the plain data the page's JSON
export is made of (`timeline_dict`): the API adds nothing the page does not show.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from incidents.events.models import Event
from incidents.timelines.exports import timeline_dict
from incidents.timelines.speedups import collector_paused
from incidents.timelines.timeline import restoration_timeline

HEAD = ("event_id", "timezone", "as_of", "known_at", "rule")


def _timeline(session: Session, event: Event, as_of: datetime, known_at: datetime) -> dict[str, Any]:
    with collector_paused():
        data = timeline_dict(restoration_timeline(session, event, at=as_of, known_at=known_at))
    data["as_of"] = data.pop("at")
    return data


def outages_payload(session: Session, event: Event, as_of: datetime, known_at: datetime) -> dict[str, Any]:
    """Every outage of the event started by `as_of` with its state then, as known at `known_at`."""
    data = _timeline(session, event, as_of, known_at)
    return {**{k: data[k] for k in HEAD}, "outages": data["outages"], "outstanding": data["outstanding"]}


def timeline_payload(session: Session, event: Event, as_of: datetime, known_at: datetime) -> dict[str, Any]:
    """The event's restoration curve (whole and by subdistrict), its statistics and subdistrict totals."""
    data = _timeline(session, event, as_of, known_at)
    return {**{k: data[k] for k in HEAD}, "stats": data["stats"], "groups": data["groups"],
            "curve": data["curve"], "curves_by_subdistrict": data["curves_by_subdistrict"]}
