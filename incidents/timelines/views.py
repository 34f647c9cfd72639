"""Timelines pages: the restoration timeline, its exports and its JSON endpoint."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime
from typing import NamedTuple, NoReturn
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup, escape

from incidents.auth.decorators import requires
from incidents.auth.permissions import READ
from incidents.csvfile import standalone
from incidents.days import live_at
from incidents.db import now_utc
from incidents.downloads import disposition, heavy, known_format, token_reads
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.formatting import fmt_day, fmt_time, iso_utc, keep_units, reader_lang, size_not_reported, then, zone_mark
from incidents.inputs import BadField
from incidents.request_db import request_session
from incidents.timelines import charts, exports, groups, moments, services
from incidents.timelines.display import (
    SHOWN,
    Catalog,
    View,
    bound_mark,
    busiest,
    fast_qty,
    fmt_hours,
    fmt_span,
    group_heads,
    group_links,
    threshold_lines,
)
from incidents.vague import Precision, local_candidates

bp = Blueprint("timelines", __name__)

# Open outages a big event's first view lists (longest out first); the rest on request.
OUTSTANDING_SHOWN = 50
# Subdistricts a big event's table of time to restore a share of the peak lists (most still out first); the rest on
# request (?thresholds=all): 250 subdistricts' lines were 94 KB of a phone's first view (docs/performance.md).
THRESHOLDS_SHOWN = 20


# The query a timeline download reads (_timeline_args): its moments by either spelling and the rows' order.
VIEW_PARAMS = (*(name for pair in moments.PAGE_NAMES for name in pair), "sort", "dir")


class BadParameter(ValueError):
    """A query parameter the page cannot use: names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def _bad_parameter(exc: ValidationError) -> BadParameter:
    """The first problem of a ValidationError, in the reader's language."""
    field, message = next(iter(exc.errors.items()))
    text = message.localize(_) if isinstance(message, Message) else str(message)
    return BadParameter(field, text)


def _timeline_args(event: Event) -> tuple[datetime | None, datetime | None, str, bool]:
    try:
        at, known = moments.page_moments(event, request.args)
    except ValidationError as exc:
        raise _bad_parameter(exc) from exc
    sort = request.args.get("sort", "start")
    if sort not in services.SORTS:
        raise BadParameter("sort", _("sort by start, duration or households"))
    # What the page's links write, or nothing: another word was read as not asked for (`dir=descending` ascending).
    direction = request.args.get("dir") or "asc"
    if direction not in ("asc", "desc"):
        raise BadParameter("dir", _("asc or desc"))
    for name in SHOWN:
        if request.args.get(name, "") not in ("", "all"):
            raise BadParameter(name, _("all, or left out"))
    return at, known, sort, direction == "desc"


def _load(event_id: int) -> Event:
    event = request_session().get(Event, event_id) or abort(404)
    g.display_tz = event.timezone
    return event


def _local_input(at: datetime | None, tz: ZoneInfo) -> str:
    if not at:
        return ""
    local = at.astimezone(tz)
    # A clock time the zone showed twice keeps its offset, so links name the same instant again.
    twice = len(local_candidates(local.date(), local.time().replace(second=0, microsecond=0), tz)) > 1
    return local.isoformat(timespec="minutes") if twice else local.strftime("%Y-%m-%dT%H:%M")


def time_text(tz: ZoneInfo, lang: str) -> Callable[[datetime | None, Precision | str | None], str]:
    """fmt_time for one page, fast: each distinct (instant, precision) and each day made once.

    Exact times, most of them, are the day and HH:MM as fmt_time writes them; the others go
    through fmt_time itself (tests/timelines/test_views.py checks that both agree).
    """
    made: dict[tuple[datetime | None, Precision | str | None], str] = {}
    days: dict[tuple[int, int, int], str] = {}

    def text(at: datetime | None, precision: Precision | str | None = None) -> str:
        key = (at, precision)
        value = made.get(key)
        if value is None:
            if at is not None and (precision is Precision.EXACT or precision == "exact"):
                local = at.astimezone(tz)
                day_key = (local.year, local.month, local.day)
                day = days.get(day_key)
                if day is None:
                    day = days[day_key] = fmt_day(local, tz, lang)
                value = f"{day} {local.hour:02d}:{local.minute:02d}{zone_mark(local)}"
            else:
                value = fmt_time(at, precision, tz, lang)
            made[key] = value
        return value

    return text


def bar_rows(timeline: services.Timeline, chart: charts.Chart, lang: str,
             vt: Callable[[datetime | None, Precision | str | None], str]) -> list[Markup]:
    """Each group's rows (bar_lines), one Markup per group."""
    return [bar_lines(group.rows, chart, lang, vt) for group in timeline.groups]


def bar_lines(rows: list[services.OutageRow], chart: charts.Chart, lang: str,
              vt: Callable[[datetime | None, Precision | str | None], str]) -> Markup:
    """One <li> per outage: its label (when, how long, how big, the ETR) and bar.

    Written here in one pass, not by a template loop: a page may hold thousands of them.
    """
    en = lang == "en"
    still_out = f"<em>{escape(_('still out'))}</em>"
    u_h, u_b, size_nr, etr, estimates = (_("households"), _("buildings"), size_not_reported(lang),
                                         _("ETR"), _("%(n)s estimates"))
    aside = _(" (%(what)s)")  # （…） in Chinese
    scale = chart.scale
    html: dict[tuple[datetime | None, Precision | None], str] = {}

    def vh(at: datetime | None, precision: Precision | None) -> str:
        # vt, escaped: times repeat (every ETR, many restorations), escaping them once.
        key = (at, precision)
        value = html.get(key)
        if value is None:
            value = html[key] = str(escape(vt(at, precision)))
        return value

    lines = []
    for r in rows:
        if scale is None:  # chart() makes a scale whenever the timeline has an outage row to draw
            raise ValueError("a timeline with rows has no chart scale")
        s = r.state
        span = fmt_span(r.duration, lang, r.vague)
        if r.vague and r.duration_max.days < 7:
            span += aside % {"what": f"{fmt_span(r.duration_min, lang)}–{fmt_span(r.duration_max, lang)}"}
        # Each "·" kept with the fact after it (formatting.then): a label broke "(…15 h 30 min) ·" / "24 buildings".
        facts = [span]
        ha, ba = s.households_affected, s.buildings_affected
        if ha is None and ba is None:
            facts.append(size_nr)
        else:  # buildings then households, as the report form asks them
            if ba is not None:
                facts.append(fast_qty(ba, s.buildings_affected_lb, u_b, lang))
            if ha is not None:
                facts.append(fast_qty(ha, s.households_affected_lb, u_h, lang))
        if s.etr_at:
            facts.append(f"{etr} {vt(s.etr_at, s.etr_precision)}"
                         + (aside % {"what": estimates % {"n": len(r.etrs)}} if len(r.etrs) > 1 else ""))
        css = ("open" if s.open else "done") + (" overdue" if r.overdue else "")
        name = s.area_name_en if en and s.area_name_en else s.area_name
        end = still_out if s.open else vh(s.restored_at, s.restored_precision)
        lines.append(
            f'<li class="tl-row {css}"><div class="tl-label"><span class="name">{escape(name)}</span>'
            f'<span class="when">{vh(s.started_at, s.started_precision)} → {end}</span>'
            f'<span class="facts">{escape(facts[0])}{"".join(" " + then(f) for f in facts[1:])}</span></div>'
            f'{charts.bar(r, scale)}</li>')
    return Markup("\n".join(lines))


class OutstandingView(NamedTuple):
    """One line of the list of outages still open."""

    overdue: bool
    outage_id: int              # its page: the way to report progress on it
    name: str
    subdistrict: str | None     # shown when the area is not the subdistrict itself
    since: str
    out_for: str
    still_out: Markup           # its sizes, each "·" with the size after it
    etr: str | None             # None: no ETR given
    last_word: str


def outstanding_views(timeline: services.Timeline, lang: str,
                      vt: Callable[[datetime | None, Precision | str | None], str],
                      limit: int | None = None) -> list[OutstandingView]:
    """The open outages, longest first (the first `limit`): since, for how long, what is still out, ETR, last word."""
    en = lang == "en"
    u_h, u_b, not_reported, ago, never = (
        _("households"), _("buildings"), _("not reported"), _("%(age)s ago"),
        _("no update since the start (restoration not reported)"))
    views = []
    for r in timeline.outstanding[:limit]:
        s = r.state
        parts = []  # buildings then households, as the report form asks them
        if s.buildings_out is not None and s.buildings_affected is not None:
            parts.append(fast_qty(s.buildings_out, s.buildings_out_lb, u_b, lang, s.buildings_out_ub,
                                  s.buildings_out_approx))
        if s.households_out is not None and (s.households_affected is not None or s.buildings_out is None):
            parts.append(fast_qty(s.households_out, s.households_out_lb, u_h, lang, s.households_out_ub,
                                  s.households_out_approx))
        if s.households_out is None and s.buildings_out is None:
            parts.append(not_reported)
        sub = s.subdistrict_name_en if en and s.subdistrict_name_en else s.subdistrict_name
        views.append(OutstandingView(
            r.overdue, s.outage_id, s.area_name_en if en and s.area_name_en else s.area_name,
            sub if s.subdistrict_name and s.subdistrict_id != s.area_id else None,
            # Alone in its cell, as None given beside it: Not reported, At most 20 households; each "·" kept with the
            # size after it (formatting.then): at 360 px "1,200 households ·" stood over "24 buildings".
            vt(s.started_at, s.started_precision), fmt_span(r.duration, lang, r.vague),
            # Each size whole too (keep_units): at 360 px "16 buildings · 860" stood over "households".
            keep_units(standalone(parts[0])) + Markup("").join(Markup(" ") + then(keep_units(p)) for p in parts[1:]),
            vt(s.etr_at, s.etr_precision) if s.etr_at else None,
            ago % {"age": fmt_span(r.update_age, lang)} if s.last_update_at else standalone(never)))
    return views


@bp.route("/events/<int:event_id>/timeline")
@requires(READ)
def show(event_id: int) -> ResponseReturnValue:
    """The restoration timeline page: curve, outstanding list, bars by subdistrict, statistics."""
    event = _load(event_id)
    error, status = None, 200
    try:
        at, known, sort, desc = _timeline_args(event)
    except BadParameter as exc:
        error, status = exc, 400
        at, known, sort, desc = None, None, "start", False
    # Every bar or every outstanding outage of a big event is a page of tens of megabytes and seconds
    # of CPU, asked for to print it: made one at a time on the server, like the workbooks.
    whole = request.args.get("bars") == "all" or request.args.get("outstanding") == "all"
    # Thousands of short-lived objects: built, rendered and freed (by reference counting)
    # before the cyclic collector resumes, so it never scans them.
    with heavy("timeline") if whole else nullcontext(), services.collector_paused():
        html = _page(event, error, at, known, sort, desc)
    return html, status


def _page(event: Event, error: BadParameter | None, at: datetime | None, known: datetime | None,
          sort: str, desc: bool) -> str:
    timeline = services.restoration_timeline(request_session(), event, at=at, known_at=known,
                                             sort=sort, desc=desc)
    lang = reader_lang()
    chart = charts.chart(timeline, lang)
    vt = time_text(event.tz, lang)
    by_id = {r.state.outage_id: r for r in timeline.rows}
    # A big event's first view holds each group's name and counts, not its bars: they come
    # when the group is opened (incidents/timelines/group_views.py), so a phone gets the
    # figures and the curve fast; ?bars=all asks for every bar (to print the whole event).
    # Likewise only the longest-out of a long outstanding list.
    # `known` is left out where it is `at` (the same view: moments.resolved), so links copied carry no noise.
    known_input = _local_input(known, event.tz) if known is not None and known != at else ""
    at_input = _local_input(at, event.tz)
    view = View(event.id, at_input, known_input, timeline.sort, timeline.desc, request.args)
    inline = len(timeline.rows) <= groups.INLINE_LIMIT or request.args.get("bars") == "all"
    limit = None if inline or request.args.get("outstanding") == "all" else OUTSTANDING_SHOWN
    words = Catalog()
    pinned = {"event_id": event.id, "sort": timeline.sort, "dir": "desc" if timeline.desc else None, **view.shown,
              **groups.link_args(timeline.at, timeline.known_at, timeline.axis_start, timeline.axis_end)}
    heads = group_heads(timeline.groups, lang, words, None if inline else group_links("timeline_groups.page", **pinned))
    names = {gr.subdistrict_id: head.name for gr, head in zip(timeline.groups, heads, strict=True)
             if gr.subdistrict_id}
    scopes = timeline.curves
    if not inline and request.args.get("thresholds") != "all" and len(scopes) > THRESHOLDS_SHOWN:
        scopes = busiest(scopes, THRESHOLDS_SHOWN)
    html = render_template(
        "timelines/show.html", event=event, tl=timeline, chart=chart, error=error,
        at_input=at_input, known_input=known_input, view=view,
        live=at is None, fmt_hours=fmt_hours, bound_mark=bound_mark, fmt_span=fmt_span,
        label_anchor=charts.label_anchor,
        rows=bar_rows(timeline, chart, lang, vt) if inline else None,
        outstanding=outstanding_views(timeline, lang, vt, limit), by_id=by_id, heads=heads,
        thresholds=threshold_lines(timeline.curve, scopes, names, lang, words, vt),
        thresholds_cut=len(scopes) < len(timeline.curves), scopes=len(timeline.curves),
    )
    # The template's macros keep its context, and so all it was given, in a reference cycle
    # that only the cyclic collector frees, scanning every row first (about 50 ms at 5,000
    # outages). Emptying the lists of rows lets reference counting free them here and now.
    timeline.rows.clear()
    timeline.outstanding.clear()
    for group in timeline.groups:
        group.rows.clear()
    by_id.clear()
    return html


def _exported(event_id: int, write: Callable[[Event, services.Timeline], Response]) -> Response:
    """The timeline written by `write`: built, written and freed with the collector paused."""
    with services.collector_paused():
        return _export(event_id, write)


def _export(event_id: int, write: Callable[[Event, services.Timeline], Response]) -> Response:
    event = _load(event_id)
    try:
        at, known, sort, desc = _timeline_args(event)
    except BadParameter as exc:
        _refuse(exc)
    return write(event, services.restoration_timeline(request_session(), event, at=at, known_at=known,
                                                      sort=sort, desc=desc))


def _refuse(exc: BadParameter) -> NoReturn:
    """A download's parameter it cannot use, refused as every download's is (a page, or the problem to the API)."""
    raise BadField(exc.field, exc.message) from None


def _json(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: str | bytes, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = disposition(name)
    return response


def _named(what: str, event: Event, at: datetime, ext: str) -> str:
    """A download's file name, one rule for the four: what, the event's code, the moment shown in its zone."""
    return f"{what}-{event.code}-{at.astimezone(event.tz):%Y%m%d-%H%M}.{ext}"


@bp.route("/events/<int:event_id>/timeline.json")
@bp.route("/api/events/<int:event_id>/timeline")
@requires(READ)
@token_reads(*VIEW_PARAMS)
def timeline_json(event_id: int) -> ResponseReturnValue:
    """The timeline as JSON (the same structure the page and the brief read)."""
    return _exported(event_id, lambda _event, timeline: Response(
        _json(services.timeline_dict(timeline)), mimetype="application/json"))


def csv_words() -> exports.CsvWords:
    """The CSV exports' words in the reader's language."""
    from incidents.labels import label

    headers = {
        "outage_id": _("Outage no."), "subdistrict_name": _("Subdistrict / town"), "area_name": _("Place"),
        "started_at": _("Power out since"), "started_precision": _("Precision of the start"),
        "households_affected": _("Households affected"),
        "households_affected_lb": _("Households affected: more than (lower bound)"),
        "buildings_affected": _("Buildings affected"),
        "buildings_affected_lb": _("Buildings affected: more than (lower bound)"),
        "households_out": _("Households still out"),
        "households_out_lb": _("Households still out: more than (lower bound)"),
        "buildings_out": _("Buildings still out"),
        "buildings_out_lb": _("Buildings still out: more than (lower bound)"),
        "households_out_ub": _("Households still out: at most (upper bound)"),
        "buildings_out_ub": _("Buildings still out: at most (upper bound)"),
        "households_out_approx": _("Households still out: about (estimate)"),
        "buildings_out_approx": _("Buildings still out: about (estimate)"),
        "open": _("Still out"), "restored_at": _("Restored at"),
        "restored_precision": _("Precision of the restoration"), "duration_hours": _("Hours without power"),
        "duration_hours_min": _("Hours without power, at least"),
        "duration_hours_max": _("Hours without power, at most"),
        "first_etr_at": _("First estimated restoration"), "etr_at": _("Estimated restoration"),
        "etr_precision": _("Precision of the estimate"), "overdue": _("Past the estimate"),
        "etr_slip_hours": _("Hours restored after the first estimate"), "last_update_at": _("Last update"),
        "update_age_hours": _("Hours since the last update"), "updates": _("Updates"),
        "scope": _("Scope"), "subdistrict_id": _("Subdistrict no."), "at": _("From"),
        "open_outages": _("Outages still open"),
        "households_unknown": _("Open outages with households not reported"),
        "buildings_unknown": _("Open outages with buildings not reported"),
        "households_lost": _("Open outages whose household count is lost"),
        "buildings_lost": _("Open outages whose building count is lost"),
    }
    return exports.CsvWords(
        headers=headers, yes_no=(_("yes"), _("no")), precisions={p.value: label(p.value) for p in Precision},
        scopes={"all": _("Whole event"), "subdistrict": _("Subdistrict / town"),
                "district_level": _("District level")},
        english_names=reader_lang() == "en")


@bp.route("/events/<int:event_id>/timeline.csv")
@requires(READ)
@token_reads(*VIEW_PARAMS)
def timeline_csv(event_id: int) -> ResponseReturnValue:
    """One line per outage, as CSV (UTF-8 with BOM so spreadsheet programs read Chinese)."""
    return _exported(event_id, lambda event, timeline: _download(
        exports.timeline_csv(timeline, csv_words()), "text/csv",
        _named("timeline", event, timeline.at, "csv")))


@bp.route("/events/<int:event_id>/timeline.xlsx")
@requires(READ)
@token_reads(*VIEW_PARAMS)
def timeline_xlsx(event_id: int) -> ResponseReturnValue:
    """One line per outage, as an XLSX workbook (the CSV's columns; numbers stay numbers)."""

    def write(event: Event, timeline: services.Timeline) -> Response:
        with heavy("xlsx"):  # written whole in the request, as every workbook: one at a time
            body = exports.timeline_xlsx(timeline, csv_words())
        return _download(body, XLSX, _named("timeline", event, timeline.at, "xlsx"))

    return _exported(event_id, write)


def _curves(event_id: int, write: Callable[[Event, datetime, services.Curve, list[services.Curve]], Response]
            ) -> Response:
    """The curves written by `write`, built and freed with the collector paused."""
    event = _load(event_id)
    try:
        at, known, _sort, _desc = _timeline_args(event)
    except BadParameter as exc:
        _refuse(exc)
    if at is None:  # live: now, or a closed event's end as known now
        known, at = known or now_utc(), live_at(event, now_utc())
    with services.collector_paused():
        whole, curves = services.restoration_curves(request_session(), event.id, at=at, known_at=known)
        response = write(event, at, whole, curves)
        del whole, curves
    return response


@bp.route("/events/<int:event_id>/curve.csv")
@requires(READ)
@token_reads(*VIEW_PARAMS)
def curve_csv(event_id: int) -> ResponseReturnValue:
    """The restoration curve (event, then each subdistrict), as CSV."""

    def write(event: Event, at: datetime, whole: services.Curve, curves: list[services.Curve]) -> Response:
        return _download(exports.curve_csv(whole, curves, event.tz, csv_words()), "text/csv",
                         _named("curve", event, at, "csv"))

    return _curves(event_id, write)


@bp.route("/events/<int:event_id>/curve.xlsx")
@requires(READ)
@token_reads(*VIEW_PARAMS)
def curve_xlsx(event_id: int) -> ResponseReturnValue:
    """The restoration curve (event, then each subdistrict), as an XLSX workbook."""

    def write(event: Event, at: datetime, whole: services.Curve, curves: list[services.Curve]) -> Response:
        return _download(exports.curve_xlsx(whole, curves, event.tz, csv_words()), XLSX,
                         _named("curve", event, at, "xlsx"))

    return _curves(event_id, write)


@bp.route("/events/<int:event_id>/curve.json")
@requires(READ)
@token_reads(*VIEW_PARAMS)
def curve_json(event_id: int) -> ResponseReturnValue:
    """The restoration curves as JSON."""

    def write(event: Event, at: datetime, whole: services.Curve, curves: list[services.Curve]) -> Response:
        data = {"event_id": event.id, "at": iso_utc(at), "curve": services.curve_dict(whole),
                "curves_by_subdistrict": [services.curve_dict(c) for c in curves]}
        return Response(_json(data), mimetype="application/json")

    return _curves(event_id, write)


# Each format the two have is a route of its own, which werkzeug matches before this one.
@bp.route("/events/<int:event_id>/timeline.<fmt>")
@bp.route("/events/<int:event_id>/curve.<fmt>")
@requires(READ)
@token_reads(*VIEW_PARAMS)
def other_format(event_id: int, fmt: str) -> ResponseReturnValue:
    """A format the timeline and the curve have not: the 404 naming it and theirs (a bare 404 left scripts guessing)."""
    known_format(fmt)
    abort(404)
