"""The event map page: sites by status at a moment as known at another, drawn on the server."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup

from incidents.areas.far import FAR_KM
from incidents.auth.decorators import requires
from incidents.auth.permissions import READ
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.formatting import reader_lang
from incidents.inputs import page_param
from incidents.limits import is_id
from incidents.maps import markers, services
from incidents.maps.svg import map_svg
from incidents.request_db import request_session
from incidents.timelines import moments
from incidents.timelines.views import _local_input as local_input

bp = Blueprint("maps", __name__)
# Sites a page of the list holds: a big event has thousands (3,306 rows were 2 MB of HTML and
# most of the page's time); the figures and the groups above the list count them all.
LIST_SIZE = 100


def _paged(items: list, page: int) -> tuple[list, int, int]:
    """One page of `items`, the page actually shown (the last when asked for more) and how many there are."""
    pages = max(1, -(-len(items) // LIST_SIZE))
    page = min(page, pages)
    return items[(page - 1) * LIST_SIZE:page * LIST_SIZE], page, pages


@bp.route("/events/<int:event_id>/map")
@requires(READ)
def show(event_id: int) -> ResponseReturnValue:
    """The map: each site coloured by status, sized by households, numbered and listed beside it."""
    db = request_session()
    event = (db.get(Event, event_id) if is_id(event_id) else None) or abort(404)
    g.display_tz = event.timezone
    error: tuple[str, str] | None = None
    try:
        at, known = moments.page_moments(event, request.args)
    except ValidationError as exc:
        field, message = next(iter(exc.errors.items()))
        error = (field, message.localize(_) if isinstance(message, Message) else str(message))
        at = known = None
    page, unplaced_page = page_param(request.args), page_param(request.args, "unplaced")
    shown_at, shown_known = moments.resolved(event, at, known)
    site_map = services.site_map(db, event, shown_at, shown_known)
    lang = reader_lang()
    words = markers.words(_)
    placed = markers.ordered(site_map.placed)
    # One url_for, not one per marker (thousands on a big event).
    reports_url = url_for("report_list.event_list", event_id=event.id, area=0)
    drawn = markers.markers(placed, lang, words, lambda s: reports_url.replace("area=0", f"area={s.area_id}"))
    svg = map_svg(drawn, title=_("Map of sites by status"), north=_("N"),
                  empty=_("No site with coordinates has reports by then."))
    tiles = current_app.config.get("MAP_TILE_URL")
    listed, page, pages = _paged(placed, page)
    unplaced, unplaced_page, unplaced_pages = _paged(markers.ordered(site_map.unplaced), unplaced_page)
    return render_template(
        "maps/show.html", event=event, site_map=site_map, placed=placed, svg=Markup(svg),
        listed=listed, page=page, pages=pages, first=(page - 1) * LIST_SIZE + 1,
        unplaced=unplaced, unplaced_page=unplaced_page, unplaced_pages=unplaced_pages,
        groups=services.by_subdistrict(db, site_map.sites), totals=_totals(site_map.sites),
        words=words, colours=markers.COLOURS, error=error, live=at is None, far_km=int(FAR_KM),
        at_input=local_input(at, event.tz), known_input=local_input(known, event.tz),
        tiles=tiles, attribution=current_app.config.get("MAP_TILE_ATTRIBUTION") or "",
    ), 400 if error else 200


def _totals(sites: list[services.Site]) -> dict[str, int]:
    """The figures above the map: sites in each status or none (grey, other reports), how many drawn, not, doubtful."""
    totals = {st: sum(st in s.statuses for s in sites) for st in services.STATUSES}
    totals["other"] = sum(not s.statuses for s in sites)
    totals["sites"], totals["placed"] = len(sites), sum(s.placed for s in sites)
    # Doubtful points are listed apart from the ones with none: counted apart too, each figure its list's length.
    totals["doubtful"] = sum(s.doubtful for s in sites)
    totals["unplaced"] = totals["sites"] - totals["placed"] - totals["doubtful"]
    return totals
