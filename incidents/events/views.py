"""Home (events with headline figures) and the event page."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.areas.tree import first_root
from incidents.auth.decorators import requires
from incidents.auth.permissions import MANAGE, READ
from incidents.auth.policy import OUTSIDE_YOUR_AREAS, can_manage_place, visible_area_ids
from incidents.db import now_utc
from incidents.downloads import takes_lang, token_reads
from incidents.errors import StaleEdit, ValidationError
from incidents.events import services
from incidents.events.forms import CloseEventForm, EventForm, zone_choices
from incidents.events.models import Event
from incidents.formatting import reader_lang
from incidents.inputs import Refused
from incidents.limits import GARBLED_VERSION, form_version, is_id
from incidents.request_db import request_session

bp = Blueprint("events", __name__)



@bp.route("/")
@requires(READ)
def home() -> ResponseReturnValue:
    """Events, newest first, with headline figures."""
    db = request_session()
    events = services.list_events(db)
    figures = services.headline_figures(db, [e.id for e in events])
    return render_template("events/home.html", events=events, figures=figures)


@bp.route("/events/export.<fmt>")
@requires(READ)
@token_reads()
def export(fmt: str) -> ResponseReturnValue:
    """The events list as CSV, XLSX or JSON, with the home page's headline figures."""
    from incidents.downloads import send_table, words_for
    from incidents.events.exports import events_table

    words, lang = words_for(fmt), reader_lang()
    return send_table(lambda session: events_table(session, words, lang), fmt, "events", lang)


@bp.route("/events/<int:event_id>")
@requires(READ)
@takes_lang
def show(event_id: int, close_form: CloseEventForm | None = None, status: int = 200) -> ResponseReturnValue:
    """One event: headline figures, subdistricts, latest reports."""
    db = request_session()
    event = (db.get(Event, event_id) if is_id(event_id) else None) or abort(404)
    g.display_tz = event.timezone
    figures = services.headline_figures(db, [event.id]).get(event.id)
    by_area, area_total = services.figures_by_subdistrict(db, event.id)
    latest = services.latest_reports(db, event.id, limit=15, by_arrival=True)
    return render_template("events/show.html", event=event, figures=figures, by_area=by_area,
                           area_total=area_total, latest=latest, close_form=close_form or _close_form(event)), status


def _managed(db: Session, event_id: int) -> Event:
    """The event, if the user may set it up (a subdistrict's coordinator: an event of a place in it); else 403."""
    event = (db.get(Event, event_id) if is_id(event_id) else None) or abort(404)
    if not can_manage_place(db, current_user, event.area_id):
        raise Refused("area_id", OUTSIDE_YOUR_AREAS)
    return event


def _outside(db: Session, area_id: int | None) -> dict[str, Any]:
    """{area_id: why} when the user may not set up an event of this place: the form's 403, as the API's."""
    return {} if can_manage_place(db, current_user, area_id) else {"area_id": OUTSIDE_YOUR_AREAS}


def _close_form(event: Event) -> CloseEventForm:
    form = CloseEventForm(formdata=None)
    form.ends_at.data = now_utc().astimezone(event.tz).strftime("%Y-%m-%dT%H:%M")
    return form


@bp.route("/events/<int:event_id>/close", methods=["POST"])
@requires(MANAGE)
def close(event_id: int) -> ResponseReturnValue:
    """Close an event at the time given (its live pages then open there; no brief after its last day)."""
    db = request_session()
    event = _managed(db, event_id)
    form = CloseEventForm()
    try:
        services.close_event(db, event, form.ends_at_in(event.tz), current_user.id)
    except ValidationError as exc:
        db.rollback()
        form.ends_at.errors = [exc.errors["ends_at"]]
        return show(event.id, close_form=form, status=422)
    db.commit()
    flash(_("Event closed."), "ok")
    return redirect(url_for(".show", event_id=event.id), 303)


@bp.route("/events/<int:event_id>/reopen", methods=["POST"])
@requires(MANAGE)
def reopen(event_id: int) -> ResponseReturnValue:
    """Reopen a closed event: it runs again, and its briefs fall due again."""
    db = request_session()
    event = _managed(db, event_id)
    services.reopen_event(db, event, current_user.id)
    db.commit()
    flash(_("Event reopened."), "ok")
    return redirect(url_for(".show", event_id=event.id), 303)


# ---- creating and correcting events (coordinators) ---------------------------------------------

def _event_form_page(
    form: EventForm, event: Event | None, status: int = 200, stale: bool = False
) -> ResponseReturnValue:
    from incidents.reports.display import area_paths

    db = request_session()
    form.timezone.choices = zone_choices(reader_lang())
    # Only what the event may belong to (services.EVENT_LEVELS) and the user may manage (can_manage_place).
    places = sa.select(Area.id).where(Area.level.in_(services.EVENT_LEVELS))
    scope = visible_area_ids(db, current_user)
    places = places if scope is None else places.where(Area.id.in_(scope))
    whole = [("", "—")] if can_manage_place(db, current_user, None) else []
    form.area_id.choices = whole + [(str(i), label) for i, label in area_paths(db, within=places)]
    return render_template("events/form.html", form=form, event=event, stale=stale,
                           required=services.REQUIRED_FIELDS), status


@bp.route("/events/new", methods=["GET", "POST"])
@requires(MANAGE)
def create() -> ResponseReturnValue:
    """A new event: its name, kind, zone, start and brief time."""
    db = request_session()
    form = EventForm()
    if request.method == "GET":
        district = first_root(db)
        form.area_id.data = str(district.id) if district else ""
        return _event_form_page(form, None)
    if not form.validate() and form.csrf_token.errors:
        abort(400)
    data = form.to_data()
    found = form.text_errors()
    refused = _outside(db, data.get("area_id"))
    try:
        if found or refused:
            raise ValidationError(found | refused)
        event = services.create_event(db, **data, user_id=current_user.id)
    except ValidationError as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _event_form_page(form, None, 403 if refused else 422)
    db.commit()
    flash(_("Event created: %(name)s.", name=event.name), "ok")
    return redirect(url_for(".show", event_id=event.id))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@requires(MANAGE)
def edit(event_id: int) -> ResponseReturnValue:
    """Correct an event; a stale version gets a 409 with the newer version, never a silent overwrite."""
    db = request_session()
    event = _managed(db, event_id)
    g.display_tz = event.timezone
    form = EventForm()
    if request.method == "GET":
        form.fill(event)
        return _event_form_page(form, event)
    if not form.validate() and form.csrf_token.errors:
        abort(400)
    expected = form_version(form.version.data)
    if expected is None:
        form.general_errors.append(("", GARBLED_VERSION))  # no field to mark: the sentence names version
        return _event_form_page(form, event, 400)
    data = form.to_data()
    found = form.text_errors()
    refused = _outside(db, data.get("area_id")) if data.get("area_id") != event.area_id else {}
    try:
        if found or refused:
            raise ValidationError(found | refused)
        services.update_event(db, event, data, current_user.id, expected_version=expected)
    except StaleEdit as exc:
        db.rollback()
        current: Event = exc.current
        return _stale_event(current)
    except ValidationError as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _event_form_page(form, event, 403 if refused else 422)
    db.commit()
    flash(_("Event saved."), "ok")
    return redirect(url_for(".show", event_id=event.id))


def _stale_event(current: Event) -> ResponseReturnValue:
    db = request_session()
    db.refresh(current)
    fresh = EventForm(formdata=None)
    fresh.fill(current)
    return _event_form_page(fresh, current, 409, stale=True)
