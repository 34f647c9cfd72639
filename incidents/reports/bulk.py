"""Verify, send back or retract several reports at once, each through the single action's rules.

Each report is checked and changed on its own (a savepoint each): a report the user may not
change, one someone else changed meanwhile, or one whose status does not allow the action is left
as it was and listed with the reason; the others are changed, each with its own audit row. An
office sending back twenty reports wants the eighteen done and to know which two were not.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.auth.models import User
from incidents.auth.policy import status_refusal
from incidents.errors import Message, ValidationError
from incidents.reports.models import Report, ReportStatus
from incidents.reports.statuses import FROM, WRONG_STATUS, StatusConflict, set_status
from incidents.reports.validation import check_reason

_l = Message

# The actions offered in bulk; restoring stays one at a time, from a report's history.
ACTIONS = {"verify": ReportStatus.VERIFIED, "return": ReportStatus.RETURNED, "retract": ReportStatus.RETRACTED}
# More than a few pages at once is a mistake or a script, not an office at work.
MAX_ITEMS = 500

NOT_FOUND = _l("not a report of this event")
CHANGED = _l("changed by someone else meanwhile (now version %(version)s): look at it again")
NONE_CHOSEN = _l("choose at least one report")
TOO_MANY = _l("at most %(n)s reports at once")
NOT_AN_ITEM = _l("not a report and version: %(value)s")


@dataclass(frozen=True)
class Outcome:
    """What happened to one report of a bulk action: changed, or left as it was and why."""

    report_id: int
    changed: bool
    problem: Message | None = None
    forbidden: bool = False
    field: str = ""  # a refusal's field (policy.status_refusal's), as a single status change names it


def parse_items(values: list[str]) -> list[tuple[int, int]]:
    """The checked reports as (id, version) pairs from "id:version" values; a malformed one is refused."""
    from incidents.limits import form_version, parse_id

    items: list[tuple[int, int]] = []
    seen: set[int] = set()
    for value in values:
        head, _sep, tail = value.partition(":")
        # A version is read as every form's (0 or ten nines was "changed by someone else meanwhile").
        report_id, version = parse_id(head), form_version(tail)
        if report_id is None or version is None:
            raise ValidationError({"report": _l(NOT_AN_ITEM.msgid, value=value[:40])})
        if report_id not in seen:
            seen.add(report_id)
            items.append((report_id, version))
            # Counted as read: the limit asked after the last of a 2 MB form's 116,000 items, each checked against
            # a set of those before it built anew, held a worker for minutes (tests/security/test_bulk_many_items.py).
            if len(items) > MAX_ITEMS:
                raise ValidationError({"report": _l(TOO_MANY.msgid, n=MAX_ITEMS)})
    if not items:
        raise ValidationError({"report": NONE_CHOSEN})
    return items


def set_statuses(session: Session, user: User, event_id: int, items: list[tuple[int, int]],
                 status: ReportStatus, reason: str | None = None) -> list[Outcome]:
    """Apply one status change to each (report id, version seen); the caller commits what changed."""
    reason = check_reason(reason)
    if status is ReportStatus.RETURNED and not reason:
        raise ValidationError({"reason": _l("required when sending a report back")})
    reports = {r.id: r for r in session.scalars(
        sa.select(Report).where(Report.id.in_([i for i, _v in items]), Report.event_id == event_id))}
    outcomes = []
    for report_id, seen in items:
        report = reports.get(report_id)
        if report is None:
            outcomes.append(Outcome(report_id, False, NOT_FOUND))
        elif (refused := status_refusal(session, user, report, status)) is not None:
            field, why = refused
            outcomes.append(Outcome(report_id, False, why, forbidden=True, field=field))
        elif report.version != seen:
            outcomes.append(Outcome(report_id, False, _l(CHANGED.msgid, version=report.version)))
        elif report.status not in FROM[status]:
            outcomes.append(Outcome(report_id, False, WRONG_STATUS))
        else:
            outcomes.append(_change(session, report, status, user.id, reason))
    return outcomes


def _change(session: Session, report: Report, status: ReportStatus, user_id: int, reason: str | None) -> Outcome:
    """One report's change in a savepoint: a concurrent edit (the version moved) undoes only this one."""
    report_id = report.id
    try:
        with session.begin_nested():
            set_status(session, report, status, user_id, reason=reason)
    except sa.orm.exc.StaleDataError:
        current = session.get(Report, report_id, populate_existing=True)
        return Outcome(report_id, False, _l(CHANGED.msgid, version=current.version if current else 0))
    except StatusConflict as exc:
        # Where this one stands forbids it (others' updates hang on it): said beside it, the rest still changed.
        said = next(iter(exc.errors.values()))
        return Outcome(report_id, False, said if isinstance(said, Message) else Message(said))
    return Outcome(report_id, True)
