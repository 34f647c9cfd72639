"""Timelines pages: the restoration timeline, its exports and its JSON endpoint."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, g, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from incidents.auth.decorators import requires
from incidents.auth.permissions import READ
from incidents.db import now_utc, request_session
from incidents.events.models import Event
from incidents.formatting import fmt_day
from incidents.timelines import charts, services

bp = Blueprint("timelines", __name__)

# A moment a little ahead of the server clock is a clock skew, further is a typing error.
FUTURE_TOLERANCE = timedelta(minutes=5)


class BadParameter(ValueError):
    """A query parameter the page cannot use: names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def parse_moment(field: str, text: str | None, tz: ZoneInfo) -> datetime | None:
    """'2021-07-24T18:00' (local to the event), '2021-07-24 18:00', or ISO 8601 with an offset."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadParameter(field, _("not a date and time (YYYY-MM-DD HH:MM)")) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    if value > now_utc() + FUTURE_TOLERANCE:
        raise BadParameter(field, _("is in the future"))
    return value


def _lang() -> str:
    return "en" if str(get_locale() or "zh").startswith("en") else "zh"


def fmt_hours(hours: float | None, lang: str, approximate: bool = False) -> str:
    """29 h 45 min / 29小时45分; days past 72 hours; None as not reported."""
    if hours is None:
        return "未报" if lang == "zh" else "not reported"
    if hours < 0:  # an ETR beaten: restored before the estimate
        return "−" + fmt_hours(-hours, lang, approximate)
    minutes = int(round(hours * 60))
    d, rem = divmod(minutes, 24 * 60)
    h, m = divmod(rem, 60)
    if minutes >= 30 * 24 * 60:  # hours mean nothing after a month
        text = f"{d:,}天" if lang == "zh" else f"{d:,} days"
    elif minutes >= 72 * 60:
        text = f"{d}天{h}小时" if lang == "zh" else f"{d} d {h} h"
    elif lang == "zh":
        text = f"{d * 24 + h}小时" + (f"{m}分" if m else "") if d * 24 + h else f"{m}分钟"
    else:
        text = f"{d * 24 + h} h" + (f" {m} min" if m else "") if d * 24 + h else f"{m} min"
    return (("约" if lang == "zh" else "≈") + text) if approximate else text


def fast_qty(value: int | None, lower_bound: bool, unit: str, lang: str) -> str:
    """The `qty` filter's output for whole numbers, without Babel (5,000 rows a page)."""
    if value is None:
        return "未报" if lang == "zh" else "not reported"
    if lang == "zh":
        return f"{value:,}{'余' if lower_bound else ''}{unit}"
    return f"{value:,}{'+' if lower_bound else ''}{' ' if unit else ''}{unit}"


def fmt_span(delta: timedelta | None, lang: str, approximate: bool = False) -> str:
    """A timedelta as fmt_hours."""
    return fmt_hours(None if delta is None else delta.total_seconds() / 3600, lang, approximate)


def _timeline_args(event: Event) -> tuple[datetime | None, datetime | None, str, bool]:
    tz = event.tz
    at = parse_moment("at", request.args.get("at"), tz)
    known = parse_moment("known", request.args.get("known"), tz)
    sort = request.args.get("sort", "start")
    if sort not in services.SORTS:
        raise BadParameter("sort", _("sort by start, duration or households"))
    return at, known, sort, request.args.get("dir") == "desc"


def _load(event_id: int) -> Event:
    event = request_session().get(Event, event_id) or abort(404)
    g.display_tz = event.timezone
    return event


def _local_input(at: datetime | None, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%Y-%m-%dT%H:%M") if at else ""


@bp.route("/events/<int:event_id>/timeline")
@requires(READ)
def show(event_id: int):
    """The restoration timeline page: curve, outstanding list, bars by subdistrict, statistics."""
    event = _load(event_id)
    error, status = None, 200
    try:
        at, known, sort, desc = _timeline_args(event)
    except BadParameter as exc:
        error, status = exc, 400
        at, known, sort, desc = None, None, "start", False
    timeline = services.restoration_timeline(request_session(), event, at=at, known_at=known,
                                             sort=sort, desc=desc)
    lang = _lang()
    chart = charts.chart(timeline, lambda d: fmt_day(d, event.tz, lang))
    return render_template(
        "timelines/show.html", event=event, tl=timeline, chart=chart, error=error,
        at_input=_local_input(at, event.tz) if at else "", known_input=_local_input(known, event.tz),
        live=at is None, fmt_hours=fmt_hours, fmt_span=fmt_span, label_anchor=charts.label_anchor,
        q=fast_qty,
        by_id={r.state.outage_id: r for r in timeline.rows},
    ), status


def _export_timeline(event_id: int) -> tuple[Event, services.Timeline] | Response:
    event = _load(event_id)
    try:
        at, known, sort, desc = _timeline_args(event)
    except BadParameter as exc:
        return Response(_json({"error": "Bad Request", "errors": {exc.field: exc.message}}),
                        status=400, mimetype="application/json")
    return event, services.restoration_timeline(request_session(), event, at=at, known_at=known,
                                                sort=sort, desc=desc)


def _json(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _download(body: str, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stamp(timeline: services.Timeline) -> str:
    return timeline.at.astimezone(ZoneInfo(timeline.timezone)).strftime("%Y%m%d-%H%M")


@bp.route("/events/<int:event_id>/timeline.json")
@bp.route("/api/events/<int:event_id>/timeline")
@requires(READ)
def timeline_json(event_id: int):
    """The timeline as JSON (the same structure the page and the brief read)."""
    loaded = _export_timeline(event_id)
    if isinstance(loaded, Response):
        return loaded
    _event, timeline = loaded
    return Response(_json(services.timeline_dict(timeline)), mimetype="application/json")


@bp.route("/events/<int:event_id>/timeline.csv")
@requires(READ)
def timeline_csv(event_id: int):
    """One line per outage, as CSV (UTF-8 with BOM so spreadsheet programs read Chinese)."""
    loaded = _export_timeline(event_id)
    if isinstance(loaded, Response):
        return loaded
    event, timeline = loaded
    return _download("\ufeff" + services.timeline_csv(timeline), "text/csv",
                     f"timeline-{event.code}-{_stamp(timeline)}.csv")


def _curves(event_id: int) -> tuple[Event, datetime, services.Curve, list[services.Curve]] | Response:
    event = _load(event_id)
    try:
        at, known, _sort, _desc = _timeline_args(event)
    except BadParameter as exc:
        return Response(_json({"error": "Bad Request", "errors": {exc.field: exc.message}}),
                        status=400, mimetype="application/json")
    at = at or now_utc()
    whole, curves = services.restoration_curves(request_session(), event.id, at=at, known_at=known)
    return event, at, whole, curves


@bp.route("/events/<int:event_id>/curve.csv")
@requires(READ)
def curve_csv(event_id: int):
    """The restoration curve (event, then each subdistrict), as CSV."""
    loaded = _curves(event_id)
    if isinstance(loaded, Response):
        return loaded
    event, at, whole, curves = loaded
    stamp = at.astimezone(event.tz).strftime("%Y%m%d-%H%M")
    return _download("\ufeff" + services.curve_csv(whole, curves), "text/csv",
                     f"curve-{event.code}-{stamp}.csv")


@bp.route("/events/<int:event_id>/curve.json")
@requires(READ)
def curve_json(event_id: int):
    """The restoration curves as JSON."""
    loaded = _curves(event_id)
    if isinstance(loaded, Response):
        return loaded
    event, at, whole, curves = loaded
    data = {"event_id": event.id, "at": services.iso_utc(at), "curve": services.curve_dict(whole),
            "curves_by_subdistrict": [services.curve_dict(c) for c in curves]}
    return Response(_json(data), mimetype="application/json")
