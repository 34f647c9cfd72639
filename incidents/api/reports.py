"""Reports over the API: create a report of any kind through the same rules as the forms."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from incidents.api.bodies import CONTROL, json_object
from incidents.api.docs import documented
from incidents.api.problems import problem
from incidents.api.schemas import REPORT_CREATE, ReportCreatedSchema
from incidents.auth.decorators import requires
from incidents.auth.permissions import BACKDATE, REPORT, allows
from incidents.db import locks_at_first_write, now_utc
from incidents.errors import Message, ValidationError
from incidents.formatting import iso_utc
from incidents.reports import services
from incidents.reports.api import json_data
from incidents.reports.listing import UNKNOWN_KIND
from incidents.reports.messages import KEY_LENGTH, REQUIRED_MSG
from incidents.reports.models import Report, ReportKind
from incidents.reports.parsing import parse_json_time, time_candidates
from incidents.reports.payloads import json_errors
from incidents.reports.speedups import Added
from incidents.reports.validation import CONTROL_CHARS, check_reported_at
from incidents.reports.views import all_errors, event_or_404, scope_problems
from incidents.request_db import request_session

bp = Blueprint("api_reports", __name__)

KINDS = frozenset(k.value for k in ReportKind)

TAG = "reports"
IDEMPOTENCY_KEY = ("Idempotency-Key", _l("a key of your own for this submission: a retry with the same key "
                                         "and body returns the first result (200, Idempotent-Replayed: true); "
                                         "the same key with another body is refused (422)"))

NOT_YOURS_TO_STATE = _l("cannot be stated by your role: the office's clock records when a report arrives "
                        "(coordinators may state it, e.g. for a late import)")


def report_json(report: Report | Added) -> dict[str, Any]:
    """What a client learns of a stored report: id, kind, status, version and its page."""
    return {"id": report.id, "kind": report.kind.value, "status": report.status.value, "version": report.version,
            "event_id": report.event_id, "area_id": report.area_id,
            "reported_at": iso_utc(report.reported_at),
            "url": url_for("reports.show", report_id=report.id, _external=False)}


@bp.route("/api/v1/events/<int:event_id>/reports", methods=["POST"])
@locks_at_first_write
@documented(_l("Create a report"), tag=TAG, request=REPORT_CREATE,
            responses={201: ReportCreatedSchema, 200: ReportCreatedSchema}, headers=[IDEMPOTENCY_KEY],
            errors=(415,),
            description=_l("Any kind, by the same rules as the forms; every refused field is named in `errors`. "
                           "A local time that happened twice needs its UTC offset: `candidates` lists both. "
                           "`reported_at` (when the office learned of it) is the server's time; only a role "
                           "that may backdate (coordinators) may state it, as an exact zoned or event-local "
                           "time, not in the future and not before observed_at; anyone else is refused (422)."))
@requires(REPORT)
def create(event_id: int) -> ResponseReturnValue:
    """Create a report from JSON; an Idempotency-Key header makes a retry return the first report."""
    db = request_session()
    event = event_or_404(db, event_id)
    payload = json_object()  # 415 if not JSON, 422 naming `body` if not an object
    kind = payload.get("kind")
    if kind is None or kind == "":
        return problem(422, {"kind": REQUIRED_MSG})
    if not isinstance(kind, str) or kind not in KINDS:
        # Given but not a kind: "required" would send the client looking for a missing field.
        return problem(422, {"kind": UNKNOWN_KIND})
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > services.MAX_KEY_LENGTH:
        return problem(422, {"idempotency_key": Message(KEY_LENGTH.msgid, n=services.MAX_KEY_LENGTH)})
    if CONTROL_CHARS.search(key):  # as bodies.idempotency_key: PostgreSQL refuses a NUL in text
        return problem(422, {"idempotency_key": CONTROL})
    reported_at = None
    if payload.get("reported_at") is not None:  # null is "not stated", as a client omitting it
        # Refused, not ignored: a client that believes it set the time must learn it did not.
        if not allows(current_user.role, BACKDATE):
            return problem(422, {"reported_at": NOT_YOURS_TO_STATE})
        value, precision = parse_json_time(payload["reported_at"], None, event.tz)
        try:
            reported_at = check_reported_at(value, precision, now_utc())
        except ValidationError as exc:
            return problem(422, exc.errors)
    data, typing = json_data(payload, event)
    if typing:
        # A place or parent outside the writer's scope is a 403 before any 422; a body without typing errors has
        # its scope judged where every write path's is (services.add_report), not twice (~2.5% of a create).
        if found := scope_problems(db, ReportKind(kind), data):
            return problem(403, found)
        return problem(422, json_errors(all_errors(db, ReportKind(kind), data, typing), payload))
    try:
        # Answered from the stored values (add_report): no object of the session is made for the answer.
        if key:
            report, created = services.add_report_once(db, payload["kind"], data, current_user.id, key,
                                                       reported_at=reported_at)
        else:
            report = services.add_report(db, payload["kind"], data, current_user.id, reported_at=reported_at)
            created = True
            services.remember_choice(db, current_user.id, report.event_id, report.area_id, kind=report.kind)
    except ValidationError as exc:
        db.rollback()
        status = 403 if isinstance(exc, services.OutOfScope) else 422
        candidates = time_candidates(exc.errors)
        return problem(status, json_errors(exc.errors, payload),
                       extra={"candidates": candidates} if candidates else None)
    db.commit()
    body = {**report_json(report), "replayed": not created}
    # The created resource is the API's report (as for events and areas), not the page in `url`.
    headers = {"Location": url_for("api_report_reads.show", report_id=report.id)}
    if not created:
        headers["Idempotent-Replayed"] = "true"
    return body, (201 if created else 200), headers
