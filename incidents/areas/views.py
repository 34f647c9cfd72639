"""Area pages: the tree and one area with its reports."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from incidents.areas import services
from incidents.areas.models import Area
from incidents.auth.decorators import requires
from incidents.auth.permissions import READ
from incidents.db import request_session
from incidents.events.services import latest_reports

bp = Blueprint("areas", __name__)


@bp.route("/areas/<int:area_id>")
@requires(READ)
def show(area_id: int):
    """One area: where it sits, what is under it, the reports attached to it and below."""
    db = request_session()
    area = db.get(Area, area_id) or abort(404)
    reports = latest_reports(db, None, limit=50, area_id=area.id)
    return render_template("areas/show.html", area=area, trail=services.path(area), reports=reports)
