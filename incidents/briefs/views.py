"""Briefs pages: the list per event with revisions, one brief on screen and for print, its downloads,
and the coordinator's compile-now, recompile and publish."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from incidents.auth.decorators import requires
from incidents.auth.permissions import COORDINATE, READ, allows
from incidents.auth.policy import OUTSIDE_YOUR_AREAS, can_manage_place
from incidents.briefs import formats, queue, services
from incidents.briefs.charts import map_parts, trend_charts
from incidents.briefs.content import BriefContent
from incidents.briefs.models import Brief, BriefStatus, CompileRequest, CompileState
from incidents.briefs.render import Reading
from incidents.briefs.wording import lang_of
from incidents.db import now_utc
from incidents.distribution import services as distribution
from incidents.downloads import disposition, heavy, takes_lang, token_reads
from incidents.events.models import Event
from incidents.formatting import iso_utc
from incidents.inputs import BadField, NoSuch, Refused, lang_param
from incidents.labels import field_problem
from incidents.ops.services import scheduler_running
from incidents.reports.messages import NOT_A_DAY
from incidents.reports.parsing import parse_day
from incidents.request_db import request_session

bp = Blueprint("briefs", __name__)
# Seconds a compile may wait in the queue before the page says no scheduler seems to be running.
QUEUE_PATIENCE = 30
# The instance folder's cache of brief PDFs (briefs/pdf.cached).
PDF_CACHE = "brief-pdfs"


def _lang() -> str:
    return lang_param(request.args, lang_of(str(get_locale() or "zh")))


def _event(event_id: int) -> Event:
    event = request_session().get(Event, event_id) or abort(404)
    g.display_tz = event.timezone
    return event


def _brief(brief_id: int) -> Brief:
    brief = request_session().get(Brief, brief_id) or abort(404)
    g.display_tz = brief.event.timezone
    return brief


def _managed(event: Event) -> None:
    """Compiling and signing an event's brief is its managers' work: a subdistrict's coordinator, only its own."""
    if not can_manage_place(request_session(), current_user, event.area_id):
        raise Refused("area_id", OUTSIDE_YOUR_AREAS)  # the event's place


def _can_coordinate(event: Event) -> bool:
    """Whether the page offers compiling and signing: a coordinator who manages the event's place."""
    return (current_user.is_authenticated and allows(current_user.role, COORDINATE)
            and can_manage_place(request_session(), current_user, event.area_id))


def _index(event: Event, error: str | None = None, status: int = 200) -> ResponseReturnValue:
    db = request_session()
    now = now_utc()
    rows = services.briefs_by_day(db, event, now)
    from incidents.days import local_day

    now_day = local_day(event, now)
    last = services.last_day(event)
    today = min(now_day, last) if last is not None else now_day  # a closed event's list opens at its end
    # A due day without a brief is the scheduler's next sweep's to compile, within its window: say so, while
    # the scheduler runs; without it nothing is compiled, not even a compile asked for here (it is queued).
    from incidents.briefs.sweep import due_days
    from incidents.scheduler import SWEEP_MINUTES, catchup_days

    catchup = catchup_days(current_app)
    swept = set(due_days(event, now, catchup))
    # "Not compiled automatically" matters while a brief is still to come: not on an ended event all compiled.
    to_come = (last is None or now_day <= last
               or any(not row.briefs and row.day in swept for row in rows))
    first = services.first_day(event)  # its brief's due time said while none is due (the list is empty)
    return render_template("briefs/index.html", event=event, rows=rows, error=error, today=today,
                           can_coordinate=_can_coordinate(event), provisional=BriefStatus.PROVISIONAL,
                           first_day=first, first_due=services.due_at(event, first), swept=swept,
                           sweep_minutes=SWEEP_MINUTES, catchup=catchup,
                           scheduling=scheduler_running(db, now), to_come=to_come), status


# The list an English brief's “Daily briefs” leads to (?lang=en) is in English, its briefs linked so.
@bp.route("/events/<int:event_id>/briefs")
@requires(READ)
@takes_lang
def index(event_id: int) -> ResponseReturnValue:
    """Every day's brief of an event, newest first, with its revisions; due days still missing."""
    return _index(_event(event_id))


@bp.route("/events/<int:event_id>/briefs/export.<fmt>")
@requires(READ)
@token_reads("status")
def export_list(event_id: int, fmt: str) -> ResponseReturnValue:
    """The event's briefs and revisions as CSV, XLSX or JSON (?status= provisional, compiled or published)."""
    from incidents.briefs.listing import briefs_table
    from incidents.downloads import send_table, words_for
    from incidents.formatting import reader_lang

    event = _event(event_id)
    status = request.args.get("status") or None
    if status is not None and status not in {s.value for s in BriefStatus}:
        raise BadField("status", _("unknown status"))
    words, event_id = words_for(fmt), event.id
    return send_table(lambda session: briefs_table(session, session.get_one(Event, event_id), words, status),
                      fmt, f"briefs-{event.code}", reader_lang())


@bp.route("/events/<int:event_id>/briefs/compile", methods=["POST"])
@requires(COORDINATE)
def compile_now(event_id: int) -> ResponseReturnValue:
    """Compile one day now: the day's brief if none is final yet, else a provisional one for today."""
    event = _event(event_id)
    _managed(event)
    day = parse_day(request.form.get("day") or "")
    if not isinstance(day, date):
        return _index(event, field_problem("day", _(NOT_A_DAY.msgid)), 400)  # the rules' wording (reports catalog)
    # Queued, not compiled here: a busy day's compile outlasts any request (the scheduler does it).
    db = request_session()
    try:
        job = queue.request_compile(db, event, day, current_user.id)
    except ValueError as exc:
        return _index(event, _day_refused(exc), 400)
    db.commit()
    return redirect(url_for("briefs.progress", request_id=job.id)), 303


def _day_refused(exc: ValueError) -> str:
    """Why a day cannot be compiled (periods.check_day's reason), in the reader's language."""
    reasons = {"before the event began": _("before the event began"),
               "the period has not begun": _("the period has not begun"),
               "after the event ended": _("after the event ended")}
    reason = str(exc).partition(": ")[2]
    return field_problem("day", reasons[reason]) if reason in reasons else str(exc)


@bp.route("/briefs/<int:brief_id>/recompile", methods=["POST"])
@requires(COORDINATE)
def recompile(brief_id: int) -> ResponseReturnValue:
    """A new revision of the brief's day, with every report known now; the old one stays readable."""
    brief = _brief(brief_id)
    _managed(brief.event)
    db = request_session()
    try:
        job = queue.request_compile(db, brief.event, brief.day, current_user.id, new_revision=True)
    except ValueError as exc:
        # The event's start or end has moved since: the brief's day is no longer in it (as compile-now says).
        return _index(brief.event, _day_refused(exc), 400)
    db.commit()
    return redirect(url_for("briefs.progress", request_id=job.id)), 303


@bp.route("/briefs/compiles/<int:request_id>")
@requires(READ)
def progress(request_id: int) -> ResponseReturnValue:
    """A queued compile: its progress (the page refreshes itself), then its brief."""
    db = request_session()
    job = db.get(CompileRequest, request_id) or abort(404)
    event = _event(job.event_id)
    if job.status is CompileState.DONE:
        if job.outcome == "exists":
            flash(_("This day's brief was already compiled; here it is. Use recompile for a new revision."))
        else:
            flash(_("Brief compiled."))
        target = url_for("briefs.show", brief_id=job.brief_id) if job.brief_id is not None \
            else url_for("briefs.index", event_id=event.id)
        return redirect(target), 303
    now = now_utc()
    waited = int((now - job.requested_at).total_seconds())
    ahead = queue.position(db, job) if job.status is CompileState.QUEUED else 0
    return render_template("briefs/progress.html", job=job, event=event, waited=waited, ahead=ahead,
                           # Said at once when no scheduler is alive to take it (its heartbeat, as /readyz).
                           stalled=job.status is CompileState.QUEUED and (
                               waited > QUEUE_PATIENCE or not scheduler_running(db, now)),
                           # Running, but the process compiling it is gone: not "compiling now" until taken again.
                           abandoned=job.status is CompileState.RUNNING and queue.abandoned(db, job, now),
                           failed=job.status is CompileState.FAILED, error=compile_error(job))


def compile_error(job: CompileRequest) -> str | None:
    """Why a compile failed, in the reader's language where the reason is one of the queue's own."""
    reasons = {queue.ASKER_INACTIVE: _("the account that asked for it is no longer active"),
               queue.ASKER_NOT_ALLOWED: _("the account that asked for it may no longer compile this event's briefs")}
    return reasons.get(job.error or "", job.error)


@bp.route("/briefs/<int:brief_id>/publish", methods=["POST"])
@requires(COORDINATE)
def publish(brief_id: int) -> ResponseReturnValue:
    """Mark a final brief published."""
    brief = _brief(brief_id)
    _managed(brief.event)
    db = request_session()
    try:
        services.publish(db, brief, current_user.id)
        # Enqueued only, in the same transaction: the scheduler sends; a dead server never blocks signing.
        told = distribution.brief_signed(db, brief)
    except services.Superseded as exc:
        db.rollback()
        # A refusal is a 409 on this brief's page (its link to the newest revision beside the reason), not a
        # redirect that reads as signed.
        flash(_("Revision %(n)s of this day replaces this one: sign that one off.", n=exc.newer.revision), "error")
        return show(brief.id), 409
    except ValueError as exc:
        db.rollback()
        flash(_("A provisional brief cannot be signed off; compile the day after it ends."), "error")
        current_app.logger.info("publish refused: %s", exc)
        return show(brief.id), 409
    db.commit()
    if told is None:  # the confirm promised the event's recipients: say when there were none
        flash(_("Brief signed off. This event has no recipients of briefs: it was sent to nobody (recipients "
                "are set under “Recipients” on this page)."))
    else:
        flash(_("Brief signed off."))
    return redirect(url_for("briefs.show", brief_id=brief.id)), 303


def _reading(brief: Brief) -> Reading:
    return Reading(services.load_content(brief), _lang())


# An English recipient's e-mail links the page with ?lang=en: the page, its links and its refusals (a brief not there)
# in English as the brief is, where only the brief was (its words around and its 404 in the session's language).
@bp.route("/briefs/<int:brief_id>")
@requires(READ)
@takes_lang
def show(brief_id: int) -> ResponseReturnValue:
    """One brief on screen."""
    brief = _brief(brief_id)
    r = _reading(brief)
    db = request_session()
    revisions = [b for row in services.briefs_by_day(db, brief.event, missing_days=0)
                 if row.day == brief.day for b in row.briefs]
    newest = max(revisions, key=lambda b: b.revision, default=brief)
    return render_template("briefs/show.html", brief=brief, r=r, event=brief.event, revisions=revisions,
                           newer=newest if newest.revision > brief.revision else None,
                           charts=[Markup(c) for c in trend_charts(r)], can_coordinate=_can_coordinate(brief.event),
                           bmap=map_parts(r),
                           tables=formats.CSV_TABLES)


@bp.route("/briefs/<int:brief_id>/print")
@requires(READ)
@takes_lang
def print_view(brief_id: int) -> ResponseReturnValue:
    """The brief on A4, ready to print (the PDF download is this page rendered on the server)."""
    brief = _brief(brief_id)
    r = _reading(brief)
    return render_template("briefs/print.html", brief=brief, r=r,
                           charts=[Markup(c) for c in trend_charts(r)], bmap=map_parts(r))


def _served_pdf(content: BriefContent, lang: str) -> bytes:
    """A reader's PDF: as made before for the same brief, else made one at a time (downloads.heavy).

    At the morning's brief the whole office asks for the same PDF: seconds of CPU each time, made once.
    """
    from incidents.briefs import pdf  # WeasyPrint's side is loaded on first use (formats.as_pdf)

    html = pdf.brief_html(content, lang)
    folder = Path(current_app.instance_path) / PDF_CACHE
    if (made := pdf.cached(folder, html)) is not None:
        return made
    with heavy("brief-pdf"):  # whoever waited for the slot may find it made meanwhile
        return pdf.cached(folder, html) or pdf.keep(folder, html, pdf.html_to_pdf(html))


@bp.route("/briefs/<int:brief_id>/export/<fmt>")
@requires(READ)
@token_reads("table")
def export(brief_id: int, fmt: str) -> ResponseReturnValue:
    """The brief as text, Markdown, CSV (?table=figures|subdistricts|outages|activity), JSON, DOCX or PDF."""
    if fmt not in formats.FORMATS:  # a bare 404 left a client (and a person) guessing which there are
        raise NoSuch("fmt", _("is not a format of a brief: it has %(names)s", names=", ".join(formats.FORMATS)))
    if fmt != "csv" and request.args.get("table"):  # ignored, ?table=outages gave the whole brief as that table
        raise BadField("table", _("only the CSV download has tables (%(names)s)", names=", ".join(formats.CSV_TABLES)))
    brief = _brief(brief_id)
    content = services.load_content(brief)
    lang = _lang()
    stem = formats.file_stem(brief)
    if fmt == "txt":
        body: str | bytes = formats.as_text(content, lang)
    elif fmt == "md":
        body = formats.as_markdown(content, lang)
    elif fmt == "csv":
        table = request.args.get("table", "figures")
        if table not in formats.CSV_TABLES:
            raise BadField("table", _("must be one of %(names)s", names=", ".join(formats.CSV_TABLES)))
        body = formats.as_csv(content, table, lang)
        stem += f"-{table}"
    elif fmt == "json":
        body = formats.as_json(content, {"id": brief.id, "event_id": brief.event_id, "day": brief.day.isoformat(),
                                         "revision": brief.revision, "number": brief.number,
                                         "status": brief.status.value,
                                         "signed_by": content.header.signed_by,
                                         "published_at": iso_utc(brief.published_at)})
    elif fmt == "pdf":
        body = _served_pdf(content, lang)
    else:
        body = formats.as_docx(content, lang)
    if lang == "en" and fmt != "json":
        stem += "-en"  # beside the Chinese file in a folder, not saved over it (JSON is one language)
    response = Response(body, content_type=formats.FORMATS[fmt])  # the charset is in it already
    response.headers["Content-Disposition"] = disposition(f"{stem}.{fmt}", inline=fmt in ("txt", "md", "json"))
    return response
