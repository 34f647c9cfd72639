"""A timeline group's bars on request: the fragment an opened group loads, and the group's own page.

The timeline's first view of a big event holds each group collapsed, with its counts; opening
it fetches `fragment` (static/timelines.js). Without JavaScript the group links to `page`,
which shows the same bars, a page at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from incidents.areas.models import Area, AreaLevel
from incidents.auth.decorators import requires
from incidents.auth.permissions import READ
from incidents.events.models import Event
from incidents.formatting import reader_lang
from incidents.request_db import request_session
from incidents.timelines import charts, groups, services
from incidents.timelines.display import shown
from incidents.timelines.views import BadParameter, _load, _timeline_args, bar_lines, time_text

bp = Blueprint("timeline_groups", __name__)


@dataclass
class Request:
    """A group request's arguments, read and checked."""

    subdistrict_id: int | None
    name: str | None
    at: datetime | None
    known: datetime | None
    sort: str
    desc: bool
    page: int
    axis: tuple[datetime, datetime] | None


def _request(event: Event, key: str) -> Request:
    """The group the path names (404 if none) and the query's arguments (BadParameter naming one)."""
    try:
        subdistrict_id = groups.parse_group_key(key)
    except ValueError:
        abort(404)
    name = None
    if subdistrict_id is not None:
        area = request_session().get(Area, subdistrict_id)
        if area is None or area.level != AreaLevel.SUBDISTRICT:
            abort(404)
        name = area.name_en if reader_lang() == "en" and area.name_en else area.name
    at, known, sort, desc = _timeline_args(event)
    text = request.args.get("page", "1")
    if not (text.isascii() and text.isdigit() and len(text) <= 5 and 1 <= int(text) <= 10_000):
        raise BadParameter("page", _("a page number from 1"))
    axis = None
    if request.args.get("axis"):
        try:
            axis = groups.parse_axis(request.args["axis"])
        except ValueError as exc:
            raise BadParameter("axis", _("two times in microseconds since 1970, START-END, the start first")) from exc
    return Request(subdistrict_id, name, at, known, sort, desc, int(text), axis)


def _back(event_id: int, args: Mapping[str, Any]) -> str:
    """The timeline view a group was opened from: its moments (known left out where it is at), order and lists."""
    view: dict[str, Any] = {**{name: args.get(name) or None for name in ("at", "known", "sort", "dir")}, **shown(args)}
    return url_for("timelines.show", event_id=event_id, **view, _anchor="timeline")


def _render(event_id: int, key: str, template: str) -> ResponseReturnValue:
    event = _load(event_id)
    try:
        req = _request(event, key)
    except BadParameter as exc:
        return render_template(template, event=event, error=exc, gp=None, back=_back(event.id, request.args)), 400
    with services.collector_paused():
        gp = groups.group_page(request_session(), event, req.subdistrict_id, at=req.at, known_at=req.known,
                               sort=req.sort, desc=req.desc, page=req.page, axis=req.axis)
        if req.page > gp.pages:
            abort(404)
        lang = reader_lang()
        chart = charts.axis_chart(gp.axis_start, gp.axis_end, gp.at, event.tz, lang)
        rows = bar_lines(gp.group.rows, chart, lang, time_text(event.tz, lang))
        gp.group.rows = []
    # The view's lists asked for whole ride along, so every page of the group leads back to that view.
    args: dict[str, Any] = {"event_id": event.id, "key": key, "sort": req.sort, "dir": "desc" if req.desc else None,
                            **shown(request.args), **groups.link_args(gp.at, gp.known_at, gp.axis_start, gp.axis_end)}
    more = None
    if gp.page < gp.pages:
        left = gp.group.outages - gp.page * groups.PAGE_SIZE
        more = {"href": url_for("timeline_groups.page", **args, page=gp.page + 1),
                "next": url_for("timeline_groups.fragment", **args, page=gp.page + 1),
                "label": _("Show the next %(n)s (%(left)s more)", n=min(left, groups.PAGE_SIZE), left=left)}
    previous = url_for("timeline_groups.page", **args, page=gp.page - 1) if gp.page > 1 else None
    return render_template(template, event=event, gp=gp, name=req.name, chart=chart, rows=rows, more=more,
                           previous=previous, lang=lang, back=_back(event.id, args))


@bp.route("/events/<int:event_id>/timeline/groups/<key>")
@requires(READ)
def fragment(event_id: int, key: str) -> ResponseReturnValue:
    """One page of a group's bars as an HTML fragment (axis, grid, bars, a "more" link)."""
    return _render(event_id, key, "timelines/_group_fragment.html")


@bp.route("/events/<int:event_id>/timeline/groups/<key>/page")
@requires(READ)
def page(event_id: int, key: str) -> ResponseReturnValue:
    """One page of a group's bars on a page of its own (the link a group is without JavaScript)."""
    return _render(event_id, key, "timelines/group.html")
