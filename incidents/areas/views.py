"""Area pages: the tree and one area with its reports."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import Session

from incidents.areas import services, tree
from incidents.areas.forms import AreaForm
from incidents.areas.models import LEVEL_ORDER, Area
from incidents.auth.decorators import requires
from incidents.auth.permissions import MANAGE, READ, allows
from incidents.auth.policy import (
    OUTSIDE_YOUR_AREAS,
    area_change_refusal,
    can_change_area,
    can_manage_place,
    visible_area_ids,
)
from incidents.downloads import token_reads
from incidents.errors import Message, StaleEdit, ValidationError
from incidents.events.services import reports_by_event
from incidents.formatting import reader_lang
from incidents.inputs import Refused
from incidents.limits import GARBLED_VERSION, form_version, is_id, parse_id
from incidents.request_db import request_session

bp = Blueprint("areas", __name__)



def place_saved(area_id: int) -> None:
    """After the commit: place an area saved without coordinates (at once offline; else the scheduler does)."""
    from incidents.areas.placing import place_after_save

    place_after_save(current_app.extensions["incidents.db"], current_app.extensions["incidents.geocoder"], [area_id])


def _path_text(area: Area) -> str:
    """Where the area now sits, as places are written (文峰区 › 北大街街道 › 新建社区): a move says where it went."""
    english = reader_lang() == "en"
    return " › ".join((a.name_en if english and a.name_en else a.name) for a in tree.path(area))


@bp.route("/areas")
@requires(MANAGE)
def index() -> ResponseReturnValue:
    """The top bar's 地点: the user's own area (scoped) or the district; before any place, the areas import."""
    db = request_session()
    area = db.get(Area, current_user.scope_area_id) if current_user.scope_area_id else tree.first_root(db)
    if area is None:
        return redirect(url_for("imports.areas"))
    return redirect(url_for("areas.show", area_id=area.id))


@bp.route("/areas/<int:area_id>")
@requires(READ)
def show(area_id: int) -> ResponseReturnValue:
    """One area: where it sits, what is under it, the reports attached to it and below."""
    db = request_session()
    area = (db.get(Area, area_id) if is_id(area_id) else None) or abort(404)
    by_event = reports_by_event(db, area.id)
    manages = current_user.is_authenticated and allows(current_user.role, MANAGE)
    return render_template("areas/show.html", area=area, trail=tree.path(area), by_event=by_event,
                           children=tree.in_reference_order(area.children),
                           may_change=manages and can_change_area(db, current_user, area),
                           may_add_under=manages and can_manage_place(db, current_user, area.id),
                           **_nearby(db, area))


def _nearby(db: Session, area: Area) -> dict[str, Any]:
    """What is going on within ?km= (default 3) of the area, in ?event= (default: the latest going on)."""
    from incidents.events.models import Event
    from incidents.events.services import list_events
    from incidents.inputs import BadField
    from incidents.maps import services as maps
    from incidents.timelines.moments import resolved

    try:
        km = maps.parse_km(request.args.get("km"))
    except ValidationError as exc:
        message = exc.errors["km"]
        raise BadField("km", message.localize(_) if isinstance(message, Message) else str(message)) from exc
    event_id = request.args.get("event", type=int)
    event = db.get(Event, event_id) if event_id is not None and is_id(event_id) else None
    if request.args.get("event") and event is None:
        raise BadField("event", _("no such event"))
    event = event or maps.default_event(db)
    if event is None:
        return {"nearby": None, "near_event": None, "km": km, "events": []}
    at, known = resolved(event, None, None)
    return {"nearby": maps.nearby_sites(db, event, area, km, at, known), "near_event": event, "near_at": at,
            "km": km, "events": list_events(db),
            # Said only beside a distance, which a place without coordinates has not (a second pass of the rule).
            "unmeasured": maps.unmeasured_sites(db, event, at, known) if area.latitude is not None else 0}


@bp.route("/areas/export.<fmt>")
@requires(READ)
@token_reads("under", "level")
def export(fmt: str) -> ResponseReturnValue:
    """The area tree as CSV, XLSX or JSON; ?under=<id> for one branch, ?level= for one level."""
    from incidents.areas.exports import areas_table
    from incidents.downloads import send_table, words_for
    from incidents.inputs import BadField

    db = request_session()
    under = request.args.get("under", type=int)
    if request.args.get("under") and (not is_id(under) or db.get(Area, under) is None):
        raise BadField("under", _("no such area"))
    level = request.args.get("level") or None
    if level is not None and level not in {lv.value for lv in LEVEL_ORDER}:
        raise BadField("level", _("unknown level"))
    stem = f"areas-{under}" if under else "areas"
    words = words_for(fmt)
    return send_table(lambda session: areas_table(session, words, under, level), fmt, stem, reader_lang())


# ---- creating and correcting areas (coordinators) ----------------------------------------------

def _area_form_page(form: AreaForm, area: Area | None, status: int = 200, stale: bool = False) -> ResponseReturnValue:
    from incidents.reports.display import area_paths

    db = request_session()
    # Only the places the user may set up areas under (can_manage_place), as the event form offers its own.
    top = [("", _("— (top of the tree)"))] if can_manage_place(db, current_user, None) else []
    form.parent_id.choices = top + [
        (str(i), label) for i, label in area_paths(db, within=visible_area_ids(db, current_user))
        if area is None or i != area.id]
    return render_template("areas/form.html", form=form, area=area, stale=stale,
                           place_map=_place_map(db, form, area)), status


def _place_map(db: Session, form: AreaForm, area: Area | None) -> Markup | None:
    """The click map beside the coordinates field: around the parent's (else the district's) known points."""
    from incidents.geo import parse_point
    from incidents.maps.services import points_around
    from incidents.maps.svg import place_svg

    parent_id = form.parent_id.data
    parent_id = parse_id(str(parent_id or ""))
    parent = db.get(Area, parent_id) if parent_id is not None else None
    if parent is None and area is not None:
        parent = area.parent
    try:
        pin = parse_point(form.coordinates.data or "") if form.coordinates.data else None
    except ValueError:
        pin = None  # the field says what is wrong with it; the map just has no pin
    if pin is None and area is not None and area.latitude is not None and area.longitude is not None:
        pin = (area.latitude, area.longitude)
    en = reader_lang() == "en"
    points = [(p.name_en if en and p.name_en else p.name, p.latitude, p.longitude)
              for p in points_around(db, area, parent)]
    if not points and pin is None:
        return None
    return Markup(place_svg(points, pin, title=_("Map: click to place"), north=_("N")))


def _fill(form: AreaForm, area: Area) -> None:
    for name in ("name", "name_en", "code"):
        form[name].data = getattr(area, name) or ""
    form.parent_id.data = str(area.parent_id) if area.parent_id else ""
    form.level.data = area.level.value
    form.coordinates.data = f"{area.latitude}, {area.longitude}" if area.latitude is not None else ""
    form.households.data = "" if area.households is None else str(area.households)
    form.buildings.data = "" if area.buildings is None else str(area.buildings)
    form.version.data = str(area.version)


def _saved(db: Session, area: Area) -> ResponseReturnValue:
    """A created or corrected area committed, then placed if it has no coordinates (never waited for), and shown."""
    db.commit()
    place_saved(area.id)
    flash(_("Area saved: %(path)s.", path=_path_text(area)), "ok")
    return redirect(url_for(".show", area_id=area.id))


@bp.route("/areas/new", methods=["GET", "POST"])
@requires(MANAGE)
def create() -> ResponseReturnValue:
    """A new area, under a parent (?parent=<id>)."""
    db = request_session()
    form = AreaForm()
    if request.method == "GET":
        parent_id = request.args.get("parent", type=int)
        parent = db.get(Area, parent_id) if is_id(parent_id) else None
        if parent is not None:
            form.parent_id.data = str(parent.id)
            below = LEVEL_ORDER[min(LEVEL_ORDER.index(parent.level) + 1, len(LEVEL_ORDER) - 1)]
            form.level.data = below.value
        else:
            form.level.data = "site"
        return _area_form_page(form, None)
    if not form.validate() and form.csrf_token.errors:
        abort(400)
    data, found = form.to_data()
    found = {**found, **form.text_errors()}
    parent_id = data.get("parent_id")
    parent = db.get(Area, parent_id) if is_id(parent_id) else None
    # A parent outside the user's places is a 403 naming parent_id, as the API's (an unknown one is a 422).
    refused = {"parent_id": OUTSIDE_YOUR_AREAS} if (parent is not None or parent_id is None) and \
        not can_manage_place(db, current_user, parent_id) else {}
    try:
        if found or refused:
            # Named together with what the service would refuse, not one group per submission.
            raise ValidationError((services.area_errors(db, data) if found else {}) | found | refused)
        if parent is None and parent_id is not None:
            raise ValidationError({"parent_id": Message("unknown area")})
        data.pop("parent_id")
        area = services.create_area(db, parent=parent, user_id=current_user.id, **data)
    except ValidationError as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _area_form_page(form, None, 403 if refused else 422)
    return _saved(db, area)


@bp.route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
@requires(MANAGE)
def edit(area_id: int) -> ResponseReturnValue:
    """Correct an area; a stale version gets a 409 with the newer version, never a silent overwrite."""
    db = request_session()
    area = (db.get(Area, area_id) if is_id(area_id) else None) or abort(404)
    why = area_change_refusal(db, current_user, area)  # whoever manages its parent place changes it
    if why is not None:
        raise Refused("id", why)  # the page says it as a sentence (policy.PAGE_SENTENCES)
    form = AreaForm()
    if request.method == "GET":
        _fill(form, area)
        return _area_form_page(form, area)
    if not form.validate() and form.csrf_token.errors:
        abort(400)
    expected = form_version(form.version.data)
    if expected is None:
        form.general_errors.append(("", GARBLED_VERSION))  # no field to mark: the sentence names version
        return _area_form_page(form, area, 400)
    data, found = form.to_data()
    found = {**found, **form.text_errors()}
    refused = {"parent_id": OUTSIDE_YOUR_AREAS} if "parent_id" in data and data["parent_id"] != area.parent_id and \
        not can_manage_place(db, current_user, data["parent_id"]) else {}
    try:
        if found or refused:
            raise ValidationError((services.area_errors(db, data, area) if found else {}) | found | refused)
        services.update_area(db, area, data, current_user.id, expected_version=expected)
    except StaleEdit as exc:
        db.rollback()
        current: Area = exc.current
        db.refresh(current)
        fresh = AreaForm(formdata=None)
        _fill(fresh, current)
        return _area_form_page(fresh, current, 409, stale=True)
    except ValidationError as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _area_form_page(form, area, 403 if refused else 422)
    return _saved(db, area)
