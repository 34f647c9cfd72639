"""Changing reports over the API: correct one (PUT/PATCH, optimistic locking), verify, send back, retract, restore.

Who may do what is the UI's rule (auth/policy.py: edit_refusal and status_refusal, can_edit_report and
can_set_status with their reasons, named in a 403), through the same services (reports/services.py:
correct_report, set_status); nothing is saved when refused.

The version a change is based on comes in `If-Match` (the ETag of GET: "3") or, for clients
that cannot set headers, as `version` in the body; `If-Match: *` is any current version (RFC 9110, documented in
docs/api-reports.md). A stale If-Match is a 412, a stale body
version a 409; both carry the current version and the report as it now stands. Neither: 422
naming `version` (as for events and areas, incidents/api/bodies.py). A body that cannot be read is
a 422 before any of these: nothing could be saved from it, whatever the version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from incidents.api.bodies import (
    VERSION_NEEDED,
    entity_tags,
    if_match_problem,
    json_object,
    names_current,
    sent_a_body,
    version_problem,
)
from incidents.api.docs import documented
from incidents.api.problems import problem
from incidents.api.report_reads import etag, load_report
from incidents.api.report_schemas import REPORT, REPORT_CHANGE, ReasonSchema
from incidents.auth.decorators import requires
from incidents.auth.permissions import REPORT as MAY_REPORT
from incidents.auth.policy import edit_refusal, status_refusal
from incidents.errors import StaleEdit, ValidationError
from incidents.limits import form_version
from incidents.reports import services, statuses
from incidents.reports.models import Report, ReportStatus
from incidents.reports.payloads import edit_data, json_errors, report_payload
from incidents.request_db import request_session

bp = Blueprint("api_report_edits", __name__)

TAG = "reports"
IF_MATCH = ("If-Match", _l('the version the change is based on, as GET gave it in ETag ("3"), or * for whatever '
                           "version is current; or send `version` in the body"))
RETRACTED = _l("the report is retracted: restore it before correcting it")
NOT_A_STATUS_FIELD = _l("is not a field of a status change (reason, version)")
STATUS_CONFLICT = _l("This action does not apply to the report's current status.")


def _if_match(header: str) -> tuple[int | None, int, bool]:
    """If-Match as a claim: its version (None for '*', -1 for an entity tag of someone else's), 412, whether '*'."""
    if header == "*":
        return None, 412, True
    for text in entity_tags(header) or ():
        # The forms' reading of a version: int() of a tag of over 4,300 digits raised (a 500); "²" is none either.
        if (version := form_version(text)) is not None:
            return version, 412, False
    return -1, 412, False


def _expected_version(payload: dict[str, Any], current: int) -> tuple[int | None, int, bool]:
    """The version the client read, the status a mismatch gets (412 If-Match, 409 body), and whether '*'.

    Sent both ways, each must be the current one: a stale body version beside a current (or "*")
    If-Match is a 409, never overwritten on the header's word.
    """
    sent = request.headers.get("If-Match")
    header = (sent or "").strip()
    version = payload.get("version")
    body = version if isinstance(version, int) and not isinstance(version, bool) else None
    if sent is not None:  # an empty one too: no tag is the 422 (if_match_problem), never "no If-Match"
        # A list naming the current version among others is a claim of it (bodies.names_current).
        claim = (current, 412, False) if header != "*" and names_current(header, current) else _if_match(header)
        if body is not None and body != current and claim[0] in (None, current):
            return body, 409, False
        return claim
    if body is not None:
        return body, 409, False
    return None, 422, False


def _stale(report: Report, status: int) -> ResponseReturnValue:
    """The conflict answer: the current version, and the report as it now stands."""
    stale = _l("the report is at version %(v)s now: read it again and redo your change", v=report.version)
    return problem(status, {"version": stale},
                   headers={"ETag": etag(report)},
                   extra={"current_version": report.version, "current": report_payload(report)})


def _change(report_id: int, replace: bool) -> ResponseReturnValue:
    db = request_session()
    report = load_report(db, report_id)
    if refused := edit_refusal(db, current_user, report):
        return problem(403, dict([refused]))
    payload = json_object()
    # A body that could never be saved (an unknown field, an unreadable value) is answered first, with
    # the missing version beside it: a client told 409 would read again and resend the same body.
    data, found = edit_data(report, payload, replace)
    expected, stale_status, any_version = _expected_version(payload, report.version)
    if expected is None and not any_version:
        found["version"] = version_problem(payload) or VERSION_NEEDED
    elif problem_ := version_problem(payload) or if_match_problem(request.headers.get("If-Match")):
        # beside If-Match: a version sent is checked, never dropped; an ETag no GET gives is no version either
        found["version"] = problem_
    if found:
        return problem(422, found)
    if expected is not None and expected != report.version:
        return _stale(report, stale_status)
    if report.status is ReportStatus.RETRACTED:
        # Titled by what is wrong (the status), not 409's default "someone else changed this first".
        return problem(409, {"status": RETRACTED}, title=STATUS_CONFLICT, extra={"current": report_payload(report)})
    try:
        services.correct_report(db, report, data, current_user.id,
                                expected_version=report.version if expected is None else expected)
    except StaleEdit as exc:
        db.rollback()
        current: Report = exc.current
        return _stale(current, stale_status)
    except ValidationError as exc:
        db.rollback()
        return problem(403 if isinstance(exc, services.OutOfScope) else 422, json_errors(exc.errors, payload))
    db.commit()
    return report_payload(report), 200, {"ETag": etag(report)}


@bp.route("/api/v1/reports/<int:report_id>", methods=["PUT"])
@documented(_l("Replace a report's fields"), tag=TAG, request=REPORT_CHANGE, responses={200: REPORT},
            errors=(409, 412, 415), headers=[IF_MATCH], etag=(200, 409, 412),
            description=_l("Every field of its kind: one left out is cleared. A new version; the old one stays "
                           "in the history. A report sent back goes back for review."))
@requires(MAY_REPORT)
def replace(report_id: int) -> ResponseReturnValue:
    """Replace a report's fields (a new version)."""
    return _change(report_id, replace=True)


@bp.route("/api/v1/reports/<int:report_id>", methods=["PATCH"])
@documented(_l("Correct some of a report's fields"), tag=TAG, request=REPORT_CHANGE, responses={200: REPORT},
            errors=(409, 412, 415), headers=[IF_MATCH], etag=(200, 409, 412),
            description=_l("Only the fields sent change. A quantity sent without its `_lb` flag is exact; a time "
                           "sent without its precision is exact."))
@requires(MAY_REPORT)
def patch(report_id: int) -> ResponseReturnValue:
    """Change some of a report's fields (a new version)."""
    return _change(report_id, replace=False)


def _set_status(report_id: int, status: ReportStatus) -> ResponseReturnValue:
    db = request_session()
    report = load_report(db, report_id)
    if refused := status_refusal(db, current_user, report, status):
        return problem(403, dict([refused]))
    # No body is an empty one; a body is a JSON object of these fields, as for every other write.
    payload = json_object() if sent_a_body() else {}
    errors: dict[str, Any] = {name: NOT_A_STATUS_FIELD for name in payload if name not in ("reason", "version")}
    if problem_ := version_problem(payload) or if_match_problem(request.headers.get("If-Match")):
        errors["version"] = problem_
    if errors:
        return problem(422, errors)
    # Optional here: a coordinator who sends the version reviewed never verifies a report changed since.
    expected, stale_status, _any = _expected_version(payload, report.version)
    if expected is not None and expected != report.version:
        return _stale(report, stale_status)
    try:
        services.set_status(db, report, status, current_user.id, reason=payload.get("reason"))
    except statuses.StatusConflict as exc:
        # Nobody else changed it: the action does not fit where it stands, shown as for a stale version.
        db.rollback()
        return problem(409, exc.errors, title=STATUS_CONFLICT, extra={"current": report_payload(report)})
    except ValidationError as exc:
        db.rollback()
        return problem(422, exc.errors)
    except StaleDataError:
        # Changed by another request between our read and our write (PostgreSQL): as a stale version.
        db.rollback()
        return _stale(load_report(db, report_id), 409)
    db.commit()
    return report_payload(report), 200, {"ETag": etag(report)}


def _status_doc(summary: Any, description: Any, *, reason_required: bool = False,
                ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The documentation every status change shares: a reason in (optional but for sending back), the report out."""
    # _set_status reads no body as {}: only sending back, which needs its reason, needs a body.
    return documented(summary, tag=TAG, request=ReasonSchema, responses={200: REPORT}, errors=(409, 412, 415),
                      headers=[IF_MATCH], description=description, body_required=reason_required,
                      etag=(200, 409, 412))


@bp.route("/api/v1/reports/<int:report_id>/verify", methods=["POST"])
@_status_doc(_l("Verify a report"), _l("Coordinators, within their scope."))
@requires(MAY_REPORT)
def verify(report_id: int) -> ResponseReturnValue:
    """Mark a report verified."""
    return _set_status(report_id, ReportStatus.VERIFIED)


@bp.route("/api/v1/reports/<int:report_id>/return", methods=["POST"])
@_status_doc(_l("Send a report back"), _l("Coordinators, within their scope, with a reason: the "
                                         "report counts nowhere until it is corrected."), reason_required=True)
@requires(MAY_REPORT)
def send_back(report_id: int) -> ResponseReturnValue:
    """Send a report back for correction (a reason is required)."""
    return _set_status(report_id, ReportStatus.RETURNED)


@bp.route("/api/v1/reports/<int:report_id>/retract", methods=["POST"])
@_status_doc(_l("Retract a report"), _l("Its reporter or a coordinator: kept, but counted nowhere."))
@requires(MAY_REPORT)
def retract(report_id: int) -> ResponseReturnValue:
    """Retract a report (kept, no longer counted)."""
    return _set_status(report_id, ReportStatus.RETRACTED)


@bp.route("/api/v1/reports/<int:report_id>/restore", methods=["POST"])
@_status_doc(_l("Restore a report"), _l("Coordinators: a retracted or returned report counts again."))
@requires(MAY_REPORT)
def restore(report_id: int) -> ResponseReturnValue:
    """Restore a retracted report (submitted again)."""
    return _set_status(report_id, ReportStatus.SUBMITTED)
