"""Briefs over the API: the list per event, one brief in every format, compile requests and their status, sign-off."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from incidents.api.bodies import IDEMPOTENCY_KEY, answer, create_once, json_object, no_body
from incidents.api.docs import documented
from incidents.api.problems import ApiProblem, problem, refuse_unknown_parameters
from incidents.api.schemas import (
    BriefFormatQuery,
    BriefJsonSchema,
    BriefListSchema,
    BriefSchema,
    CompileBodySchema,
    CompileRequestSchema,
)
from incidents.auth.decorators import requires
from incidents.auth.permissions import COORDINATE, READ
from incidents.auth.policy import OUTSIDE_YOUR_AREAS, can_manage_place
from incidents.briefs import formats, queue, services
from incidents.briefs import views as pages
from incidents.briefs.models import Brief, CompileRequest, CompileState
from incidents.db import now_utc
from incidents.distribution import services as distribution
from incidents.downloads import takes_lang
from incidents.events.models import Event
from incidents.formatting import iso_utc
from incidents.ops.services import scheduler_running
from incidents.reports.messages import NOT_A_DAY
from incidents.reports.parsing import parse_day
from incidents.request_db import request_session

bp = Blueprint("api_briefs", __name__)

TAG = "briefs"
FORMAT_NAMES = tuple(formats.FORMATS)
FORMAT_PARAMS = ("table", "lang")
UNKNOWN_FIELD = _l("is not a field of a compile request")
DAY_REASONS = {"before the event began": _l("before the event began"),
               "the period has not begun": _l("the period has not begun"),
               "after the event ended": _l("after the event ended")}
NOT_FINAL = _l("a provisional brief cannot be signed off: compile the day after it ends")


def brief_json(brief: Brief) -> dict[str, Any]:
    """A brief's metadata and where to read it in each format (its facts: the `json` format)."""
    return {"id": brief.id, "event_id": brief.event_id, "day": brief.day.isoformat(), "revision": brief.revision,
            "number": brief.number, "status": brief.status.value, "compiled_at": iso_utc(brief.compiled_at),
            "published_at": iso_utc(brief.published_at),
            "formats": {fmt: url_for("api_briefs.content", brief_id=brief.id, fmt=fmt) for fmt in FORMAT_NAMES}}


def compile_json(job: CompileRequest) -> dict[str, Any]:
    """A compile request as it stands, and whether a scheduler is alive to run it (its heartbeat, as /readyz)."""
    db = request_session()
    return {"id": job.id, "event_id": job.event_id, "day": job.day.isoformat(), "new_revision": job.new_revision,
            "status": job.status.value, "outcome": job.outcome, "brief_id": job.brief_id,
            "ahead": queue.position(db, job) if job.status is CompileState.QUEUED else 0,
            # A request queued while no scheduler runs waits for one to start: said at once, as the web's page says
            # it, rather than `queued` polled for ever.
            "scheduler_running": scheduler_running(db, now_utc()),
            # Running, but the process compiling it is gone (its heartbeat): a live scheduler's next tick takes it.
            "abandoned": job.status is CompileState.RUNNING and queue.abandoned(db, job),
            "brief_url": url_for("api_briefs.read", brief_id=job.brief_id) if job.brief_id else None,
            "error": pages.compile_error(job), "url": url_for("api_briefs.status", request_id=job.id)}


def _brief(brief_id: int) -> Brief:
    return request_session().get(Brief, brief_id) or abort(404)


def _managed(event: Event) -> None:
    """Compiling and signing an event's brief is its managers' work: a subdistrict's coordinator, only its own."""
    if not can_manage_place(request_session(), current_user, event.area_id):
        raise ApiProblem(403, {"area_id": OUTSIDE_YOUR_AREAS})  # the event's place


def _queued(event: Event, day: date, new_revision: bool) -> ResponseReturnValue:
    """Queue a compile (or return the open one, or the key's first): 202 and the status URL."""
    db = request_session()
    try:
        request_id, created = create_once(
            db, current_user.id, "compile_requests",
            {"event_id": event.id, "day": day, "new_revision": new_revision},
            lambda: queue.request_compile(db, event, day, current_user.id, new_revision=new_revision))
    except ValueError as exc:
        db.rollback()
        reason = str(exc).partition(": ")[2]
        return problem(422, {"day": DAY_REASONS.get(reason, reason)})
    db.commit()
    job = db.get(CompileRequest, request_id) or abort(404)
    body = compile_json(job)
    return answer(body, created, status=202, location=body["url"])


@bp.route("/api/v1/events/<int:event_id>/briefs")
@documented(_l("List an event's briefs by day"), tag=TAG, responses={200: BriefListSchema})
@requires(READ)
def index(event_id: int) -> ResponseReturnValue:
    """Every day's revisions, newest day first, with every due day still missing."""
    db = request_session()
    event = db.get(Event, event_id) or abort(404)
    rows = services.briefs_by_day(db, event, now_utc())
    return {"days": [{"day": row.day.isoformat(), "number": row.number, "due_at": iso_utc(row.due_at),
                      "briefs": [brief_json(b) for b in row.briefs]} for row in rows]}


@bp.route("/api/v1/briefs/<int:brief_id>")
@documented(_l("Read a brief: its day, revision, status and a link to each format"), tag=TAG,
            responses={200: BriefSchema})
@requires(READ)
def read(brief_id: int) -> ResponseReturnValue:
    """One brief: day, revision, number, status and the URL of each format."""
    return brief_json(_brief(brief_id))


# Any part, not <any(json,md…)>: a format the brief has not (xlsx) is a 404 naming `fmt` and the formats there are.
@bp.route("/api/v1/briefs/<int:brief_id>/<fmt>")
@documented(_l("Read a brief in a format"), tag=TAG, query=BriefFormatQuery, responses={200: BriefJsonSchema},
            errors=(503,), path_values={"fmt": FORMAT_NAMES},
            media={200: tuple(dict.fromkeys(v.split(";")[0] for v in formats.FORMATS.values()))},
            description=_l("json (the typed content and its facts), md, txt, csv (?table=figures|subdistricts|"
                           "outages|activity), docx, or pdf (A4, the print page rendered on the server, one at a time: "
                           "503 with Retry-After while another takes longer than 8 s); ?lang=zh|en, else "
                           "Accept-Language."))
@requires(READ)
@takes_lang
def content(brief_id: int, fmt: str) -> ResponseReturnValue:
    """The brief in one format: the same bytes as the brief page's downloads."""
    if fmt not in FORMAT_NAMES:
        _beside()
    # `tabel=outages` was the figures table, `language=en` the reader's language: named, never ignored.
    refuse_unknown_parameters(FORMAT_PARAMS)
    return pages.export(brief_id, fmt)


def _beside() -> None:
    """A GET of a POST route beside a brief's formats (/publish, /recompile) stays that route's 405."""
    adapter = current_app.create_url_adapter(request)
    try:
        rule, _args = adapter.match(method="POST", return_rule=True)  # type: ignore[union-attr]
    except HTTPException:
        return
    raise MethodNotAllowed(valid_methods=sorted(rule.methods or ()))


@bp.route("/api/v1/events/<int:event_id>/briefs/compile", methods=["POST"])
@documented(_l("Ask for a day's brief to be compiled"), tag=TAG, request=CompileBodySchema,
            responses={202: CompileRequestSchema, 200: CompileRequestSchema}, headers=[IDEMPOTENCY_KEY],
            errors=(415,),
            description=_l("Queued like the web's compile-now: the scheduler compiles it. Poll the status URL "
                           "(Location) until done; a second request while one is open gets the same. A day that "
                           "has a final brief answers that brief (outcome exists: nothing compiled; recompile makes "
                           "a new revision). Otherwise the cut-off is the day's due time once it has passed (the "
                           "brief the scheduler would make), else the moment the scheduler compiles it: a "
                           "provisional brief while the day is not over, a final one between its end and the due "
                           "time. The brief's content.header.cutoff says which."))
@requires(COORDINATE)
def compile_day(event_id: int) -> ResponseReturnValue:
    """Queue the compile of one local day: its final brief if it has one, else one cut off at the due time or then."""
    event = request_session().get(Event, event_id) or abort(404)
    _managed(event)
    payload = json_object()
    parsed = parse_day(payload.get("day"))
    day = parsed if isinstance(parsed, date) else None
    errors: dict[str, Any] = {name: UNKNOWN_FIELD for name in payload if name != "day"}
    if day is None:
        errors["day"] = NOT_A_DAY
    if errors or day is None:
        return problem(422, errors)
    return _queued(event, day, new_revision=False)


@bp.route("/api/v1/briefs/<int:brief_id>/recompile", methods=["POST"])
@documented(_l("Ask for a new revision of a brief"), tag=TAG,
            responses={202: CompileRequestSchema, 200: CompileRequestSchema}, headers=[IDEMPOTENCY_KEY],
            errors=(415, 422),
            description=_l("With every report known now; the old revision stays readable."))
@requires(COORDINATE)
def recompile(brief_id: int) -> ResponseReturnValue:
    """Queue a new revision of the brief's day."""
    brief = _brief(brief_id)
    _managed(brief.event)  # 404/403 before the body's 422: a request out of scope learns nothing more
    no_body()
    return _queued(brief.event, brief.day, new_revision=True)


@bp.route("/api/v1/briefs/compiles/<int:request_id>")
@documented(_l("A compile request's status"), tag=TAG, responses={200: CompileRequestSchema})
@requires(READ)
def status(request_id: int) -> ResponseReturnValue:
    """Queued, running, done (with the brief) or failed (with why)."""
    job = request_session().get(CompileRequest, request_id) or abort(404)
    return compile_json(job)


@bp.route("/api/v1/briefs/<int:brief_id>/publish", methods=["POST"])
@documented(_l("Sign off a brief"), tag=TAG, responses={200: BriefSchema}, errors=(415, 422),
            description=_l("A final brief, the newest revision of its day; signing a signed brief again changes "
                           "nothing."))
@requires(COORDINATE)
def publish(brief_id: int) -> ResponseReturnValue:
    """Sign off a final brief, as the brief page's button does."""
    db = request_session()
    brief = _brief(brief_id)
    _managed(brief.event)
    no_body()
    try:
        services.publish(db, brief, current_user.id)
        # Enqueued only, in the same transaction: the scheduler sends; a dead server never blocks signing.
        distribution.brief_signed(db, brief)
    except services.Superseded as exc:
        db.rollback()
        # Only the newest revision of a day is signed off: an older one holds figures corrected since.
        return problem(422, {"revision": _l("revision %(n)s of this day replaces this one: sign that one off",
                                            n=exc.newer.revision)})
    except ValueError:
        db.rollback()
        return problem(422, {"status": NOT_FINAL})
    db.commit()
    return brief_json(brief)
