"""Area pages: the tree and one area with its reports."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from incidents.areas import services
from incidents.areas.forms import AreaForm
from incidents.areas.models import LEVEL_ORDER, Area
from incidents.auth.decorators import requires
from incidents.auth.permissions import MANAGE, READ
from incidents.db import request_session
from incidents.errors import Message, StaleEdit, ValidationError
from incidents.events.services import latest_reports
from incidents.reports.validation import is_id

bp = Blueprint("areas", __name__)


@bp.route("/areas/<int:area_id>")
@requires(READ)
def show(area_id: int) -> ResponseReturnValue:
    """One area: where it sits, what is under it, the reports attached to it and below."""
    db = request_session()
    area = (db.get(Area, area_id) if is_id(area_id) else None) or abort(404)
    reports = latest_reports(db, None, limit=50, area_id=area.id)
    return render_template("areas/show.html", area=area, trail=services.path(area), reports=reports)


# ---- the area picker's search -----------------------------------------------------------------

@bp.route("/api/v1/areas")
@requires(READ)
def search() -> ResponseReturnValue:
    """Areas matching any part of a name or its pinyin initials (`zdl` → 彰德路64号院), in the user's scope."""
    from flask_babel import get_locale

    from incidents.auth.policy import visible_area_ids

    db = request_session()
    query = request.args.get("q", "")[:100]
    limit = min(max(request.args.get("limit", 20, type=int) or 20, 1), 50)
    scope = visible_area_ids(db, current_user)
    allowed = set(db.scalars(scope)) if scope is not None else None
    # Over-fetch, then keep what the user may report for: scope trees are small.
    found = [a for a in services.find_areas(db, query, limit=limit * 10 if allowed is not None else limit)
             if allowed is None or a.id in allowed][:limit]
    english = str(get_locale() or "zh").startswith("en")

    def shown(area: Area) -> str:
        return area.name_en if english and area.name_en else area.name

    return {"areas": [{"id": a.id, "name": shown(a), "level": a.level.value,
                       "path": " › ".join(shown(p) for p in services.path(a)[1:-1])} for a in found]}


# ---- creating and correcting areas (coordinators) ----------------------------------------------

def _area_form_page(form: AreaForm, area: Area | None, status: int = 200, stale: bool = False) -> ResponseReturnValue:
    from incidents.reports.views import area_paths

    db = request_session()
    form.parent_id.choices = [("", _("— (top of the tree)"))] + [
        (str(i), label) for i, label in area_paths(db) if area is None or i != area.id]
    return render_template("areas/form.html", form=form, area=area, stale=stale), status


def _fill(form: AreaForm, area: Area) -> None:
    for name in ("name", "name_en", "code"):
        form[name].data = getattr(area, name) or ""
    form.parent_id.data = str(area.parent_id) if area.parent_id else ""
    form.level.data = area.level.value
    form.coordinates.data = f"{area.latitude}, {area.longitude}" if area.latitude is not None else ""
    form.households.data = "" if area.households is None else str(area.households)
    form.buildings.data = "" if area.buildings is None else str(area.buildings)
    form.version.data = str(area.version)


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
    try:
        if found:
            raise ValidationError(found)
        parent_id = data.pop("parent_id")
        parent = db.get(Area, parent_id) if is_id(parent_id) else None
        if parent is None and parent_id is not None:
            raise ValidationError({"parent_id": Message("unknown area")})
        area = services.create_area(db, parent=parent, user_id=current_user.id, **data)
    except ValidationError as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _area_form_page(form, None, 422)
    db.commit()
    flash(_("Area saved."), "ok")
    return redirect(url_for(".show", area_id=area.id))


@bp.route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
@requires(MANAGE)
def edit(area_id: int) -> ResponseReturnValue:
    """Correct an area; a stale version gets a 409 with the newer version, never a silent overwrite."""
    db = request_session()
    area = (db.get(Area, area_id) if is_id(area_id) else None) or abort(404)
    form = AreaForm()
    if request.method == "GET":
        _fill(form, area)
        return _area_form_page(form, area)
    if not form.validate() and form.csrf_token.errors:
        abort(400)
    try:
        expected = int(form.version.data)
    except (TypeError, ValueError):
        expected = -1
    data, found = form.to_data()
    found = {**found, **form.text_errors()}
    try:
        if found:
            raise ValidationError(found)
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
        return _area_form_page(form, area, 422)
    db.commit()
    flash(_("Area saved."), "ok")
    return redirect(url_for(".show", area_id=area.id))
