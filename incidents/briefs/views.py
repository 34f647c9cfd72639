"""Briefs pages: the list per event with revisions, one brief on screen and for print, its downloads,
and the coordinator's compile-now, recompile and publish."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from incidents.auth.decorators import requires
from incidents.auth.permissions import COORDINATE, READ, allows
from incidents.briefs import formats, services
from incidents.briefs.charts import trend_charts
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.render import Reading, lang_of
from incidents.db import now_utc, request_session
from incidents.events.models import Event

bp = Blueprint("briefs", __name__)


def _lang() -> str:
    wanted = request.args.get("lang")
    return wanted if wanted in ("zh", "en") else lang_of(str(get_locale() or "zh"))


def _event(event_id: int) -> Event:
    event = request_session().get(Event, event_id) or abort(404)
    g.display_tz = event.timezone
    return event


def _brief(brief_id: int) -> Brief:
    brief = request_session().get(Brief, brief_id) or abort(404)
    g.display_tz = brief.event.timezone
    return brief


def _can_coordinate() -> bool:
    return current_user.is_authenticated and allows(current_user.role, COORDINATE)


def _index(event: Event, error: str | None = None, status: int = 200):  # noqa: ANN202
    db = request_session()
    now = now_utc()
    rows = services.briefs_by_day(db, event, now)
    from incidents.events.services import local_day

    today = local_day(event, now)
    return render_template("briefs/index.html", event=event, rows=rows, error=error, today=today,
                           can_coordinate=_can_coordinate(), provisional=BriefStatus.PROVISIONAL,
                           first_day=services.first_day(event)), status


@bp.route("/events/<int:event_id>/briefs")
@requires(READ)
def index(event_id: int):
    """Every day's brief of an event, newest first, with its revisions; due days still missing."""
    return _index(_event(event_id))


@bp.route("/events/<int:event_id>/briefs/compile", methods=["POST"])
@requires(COORDINATE)
def compile_now(event_id: int):
    """Compile one day now: the day's brief if none is final yet, else a provisional one for today."""
    event = _event(event_id)
    text = (request.form.get("day") or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return _index(event, _("day: give a date as YYYY-MM-DD"), 400)
    database = current_app.extensions["incidents.db"]
    _release()
    try:
        result = services.compile_once(database, event.id, day, compiled_by_id=current_user.id)
    except ValueError as exc:
        reasons = {"before the event began": _("day: before the event began"),
                   "the period has not begun": _("day: the period has not begun")}
        return _index(event, reasons.get(str(exc).partition(": ")[2], str(exc)), 400)
    return _after_compile(event, result)


def _release() -> None:
    """End the request's own transaction first: the compile runs in one of its own (on SQLite the
    request's write transaction would otherwise hold the lock the compile waits for)."""
    request_session().commit()


def _after_compile(event: Event, result: services.CompileResult):  # noqa: ANN202
    if result.reason == "busy":
        flash(_("Another compile of this day is running; look again in a moment."), "error")
        return redirect(url_for("briefs.index", event_id=event.id)), 303
    if result.reason == "exists":
        flash(_("This day's brief was already compiled; here it is. Use recompile for a new revision."))
    else:
        flash(_("Brief compiled."))
    if result.brief is None:
        return redirect(url_for("briefs.index", event_id=event.id)), 303
    return redirect(url_for("briefs.show", brief_id=result.brief.id)), 303


@bp.route("/briefs/<int:brief_id>/recompile", methods=["POST"])
@requires(COORDINATE)
def recompile(brief_id: int):
    """A new revision of the brief's day, with every report known now; the old one stays readable."""
    brief = _brief(brief_id)
    database = current_app.extensions["incidents.db"]
    _release()
    result = services.compile_once(database, brief.event_id, brief.day, compiled_by_id=current_user.id,
                                   new_revision=True)
    return _after_compile(brief.event, result)


@bp.route("/briefs/<int:brief_id>/publish", methods=["POST"])
@requires(COORDINATE)
def publish(brief_id: int):
    """Mark a final brief published."""
    brief = _brief(brief_id)
    db = request_session()
    try:
        services.publish(db, brief, current_user.id)
    except ValueError as exc:
        db.rollback()
        flash(_("A provisional brief cannot be signed off; compile the day after it ends."), "error")
        current_app.logger.info("publish refused: %s", exc)
        return redirect(url_for("briefs.show", brief_id=brief.id)), 303
    db.commit()
    flash(_("Brief signed off."))
    return redirect(url_for("briefs.show", brief_id=brief.id)), 303


def _reading(brief: Brief) -> Reading:
    return Reading(services.load_content(brief), _lang())


@bp.route("/briefs/<int:brief_id>")
@requires(READ)
def show(brief_id: int):
    """One brief on screen."""
    brief = _brief(brief_id)
    r = _reading(brief)
    db = request_session()
    revisions = [b for row in services.briefs_by_day(db, brief.event, missing_days=0)
                 if row.day == brief.day for b in row.briefs]
    return render_template("briefs/show.html", brief=brief, r=r, event=brief.event, revisions=revisions,
                           charts=[Markup(c) for c in trend_charts(r)], can_coordinate=_can_coordinate(),
                           tables=formats.CSV_TABLES)


@bp.route("/briefs/<int:brief_id>/print")
@requires(READ)
def print_view(brief_id: int):
    """The brief on A4, ready to print (or to save as PDF from the browser)."""
    brief = _brief(brief_id)
    r = _reading(brief)
    return render_template("briefs/print.html", brief=brief, r=r,
                           charts=[Markup(c) for c in trend_charts(r)])


@bp.route("/briefs/<int:brief_id>/export/<fmt>")
@requires(READ)
def export(brief_id: int, fmt: str):
    """The brief as text, Markdown, CSV (?table=figures|subdistricts|outages|activity), JSON or DOCX."""
    if fmt not in formats.FORMATS:
        abort(404)
    brief = _brief(brief_id)
    content = services.load_content(brief)
    lang = _lang()
    stem = f"brief-{brief.event.code}-{brief.day.isoformat()}-r{brief.revision}"
    if fmt == "txt":
        body: str | bytes = formats.as_text(content, lang)
    elif fmt == "md":
        body = formats.as_markdown(content, lang)
    elif fmt == "csv":
        table = request.args.get("table", "figures")
        if table not in formats.CSV_TABLES:
            abort(404)
        body = formats.as_csv(content, table, lang)
        stem += f"-{table}"
    elif fmt == "json":
        body = formats.as_json(content, {"id": brief.id, "event_id": brief.event_id, "day": brief.day.isoformat(),
                                         "revision": brief.revision, "number": brief.number,
                                         "status": brief.status.value,
                                         "signed_by": content.header.signed_by,
                                         "published_at": brief.published_at.isoformat()
                                         if brief.published_at else None})
    else:
        body = formats.as_docx(content, lang)
    response = Response(body, mimetype=formats.FORMATS[fmt])
    disposition = "inline" if fmt in ("txt", "md", "json") else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{stem}.{fmt}"'
    return response
