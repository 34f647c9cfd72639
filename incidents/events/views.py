"""Home (events with headline figures) and the event page."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template

from incidents.auth.decorators import requires
from incidents.auth.permissions import READ
from incidents.db import request_session
from incidents.events import services
from incidents.events.models import Event

bp = Blueprint("events", __name__)


@bp.route("/")
@requires(READ)
def home():
    """Events, newest first, with headline figures."""
    db = request_session()
    events = services.list_events(db)
    figures = services.headline_figures(db, [e.id for e in events])
    return render_template("events/home.html", events=events, figures=figures)


@bp.route("/events/<int:event_id>")
@requires(READ)
def show(event_id: int):
    """One event: headline figures, subdistricts, latest reports."""
    db = request_session()
    event = db.get(Event, event_id) or abort(404)
    g.display_tz = event.timezone
    figures = services.headline_figures(db, [event.id]).get(event.id)
    by_area = services.figures_by_subdistrict(db, event.id)
    latest = services.latest_reports(db, event.id, limit=15)
    return render_template("events/show.html", event=event, figures=figures, by_area=by_area,
                           latest=latest)
