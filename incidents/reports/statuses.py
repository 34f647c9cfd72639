"""A report's status: verify, send back, retract, restore; the statuses each action starts from."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit import services as audit
from incidents.db import logged_in, now_utc
from incidents.errors import ValidationError
from incidents.reports import restoration
from incidents.reports.kind_rules import restore_errors
from incidents.reports.models import (
    COUNTED,
    OutageUpdate,
    PowerOutage,
    Report,
    ReportKind,
    ReportStatus,
)
from incidents.reports.parents import children
from incidents.reports.validation import _l, check_reason


class StatusConflict(ValidationError):
    """The report's status does not allow this action (a 409): nothing is saved."""


class RestoreFirst(StatusConflict):
    """A retracted report no longer counts: it is restored before it is verified or sent back (a 409)."""


RETRACTED_NOW = _l("the report is retracted: restore it first")
WRONG_STATUS = _l("its status does not allow this action")
# A single report's refusal names where it stands (the bulk list says WRONG_STATUS beside each report).
STATUS_NOW = _l("the report is %(status)s now: this action does not apply to it")
STATUS_NAMES = {ReportStatus.SUBMITTED: _l("submitted"), ReportStatus.VERIFIED: _l("verified"),
                ReportStatus.RETURNED: _l("sent back"), ReportStatus.RETRACTED: _l("retracted")}
# The statuses each action starts from, for one report as for many (bulk.py): an action that would
# change nothing (verify a verified report) or skip a step (restore a verified one) is refused.
FROM = {
    ReportStatus.VERIFIED: (ReportStatus.SUBMITTED, ReportStatus.RETURNED),
    ReportStatus.RETURNED: (ReportStatus.SUBMITTED, ReportStatus.VERIFIED),
    ReportStatus.RETRACTED: (ReportStatus.SUBMITTED, ReportStatus.VERIFIED, ReportStatus.RETURNED),
    ReportStatus.SUBMITTED: (ReportStatus.RETRACTED, ReportStatus.RETURNED),
}
# A reporter's outage or operation that others' updates or volumes hang on: retracted, they would count nowhere
# with it, their reporters never told (docs/domain.md, "Nothing is overwritten"); a coordinator may still retract it.
OTHERS_HANG_ON = {
    ReportKind.OUTAGE: _l("updates by other reporters belong to this outage (%(n)s) and would count nowhere "
                          "with it: ask a coordinator to retract it"),
    ReportKind.PUMPING: _l("volumes by other reporters belong to this operation (%(n)s) and would count "
                           "nowhere with it: ask a coordinator to retract it"),
}


def others_hanging_on(session: Session, report: Report, user_id: int) -> int:
    """How many live updates or volumes of others hang on a report this user (not a coordinator) would retract."""
    from incidents.auth.models import User
    from incidents.auth.permissions import COORDINATE, allows

    user = logged_in(session, User, user_id)
    found = children(report.kind)
    if found is None or user is None or allows(user.role, COORDINATE):
        return 0
    model, parent = found
    # Sent back counts too: resubmitted, it would hang on a retracted parent all the same.
    return session.scalar(sa.select(sa.func.count()).select_from(model).where(
        parent == report.id, model.reporter_id != user_id, model.status != ReportStatus.RETRACTED)) or 0


def after_outage_change(session: Session, report: Report, user_id: int | None,
                        former_outage_id: int | None = None) -> None:
    """An outage or its update changed: its restoration mirror follows the timeline's rule (restoration.py)."""
    if isinstance(report, OutageUpdate):
        restoration.mirror(session, report.outage_id, user_id)
        # An update moved to another outage no longer restores the one it left: that one's mirror follows too.
        if former_outage_id is not None and former_outage_id != report.outage_id:
            restoration.mirror(session, former_outage_id, user_id)
    elif isinstance(report, PowerOutage):
        restoration.mirror(session, report.id, user_id)


def set_status(session: Session, report: Report, status: ReportStatus, user_id: int,
               reason: str | None = None) -> Report:
    """Verify, return (with a reason), retract or restore a report, with its audit row."""
    # What was sent first, whatever the report's status (as the bulk bar judges its one reason): a reason of the
    # wrong type on a report retracted already was the 409 of its status, on a live one the 422 naming it.
    reason = check_reason(reason)
    if status is ReportStatus.RETURNED and not reason:
        raise ValidationError({"reason": _l("required when sending a report back")})
    if report.status is ReportStatus.RETRACTED and status in (ReportStatus.VERIFIED, ReportStatus.RETURNED):
        raise RestoreFirst({"status": RETRACTED_NOW})
    if report.status not in FROM[status]:
        raise StatusConflict({"status": _l(STATUS_NOW.msgid, status=STATUS_NAMES[report.status])})
    if status is ReportStatus.RETRACTED and (others := others_hanging_on(session, report, user_id)):
        raise StatusConflict({"status": _l(OTHERS_HANG_ON[report.kind].msgid, n=others)})
    # Counted again (restored, or a report sent back verified or restored): the rules a new report meets, met again.
    if report.status not in COUNTED and status in COUNTED:
        problems = restore_errors(session, report)
        if problems:
            raise ValidationError(problems)
    before = audit.snapshot(report)
    report.status = status
    report.status_reason = reason
    if status is ReportStatus.VERIFIED:
        report.verified_by_id, report.verified_at = user_id, now_utc()
    session.flush()
    after_outage_change(session, report, user_id)
    action = {ReportStatus.VERIFIED: "verify", ReportStatus.RETURNED: "return",
              ReportStatus.RETRACTED: "retract", ReportStatus.SUBMITTED: "restore"}[status]
    audit.record(session, user_id, action, report, before=before)
    return report
