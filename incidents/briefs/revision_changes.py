"""What changed between two revisions of a day's brief: reports received since the previous revision's
cut-off, and earlier reports corrected, retracted, sent back or restored since then.

A brief counts the reports known by its cut-off (`reported_at`) as they stand when it is compiled, so a
correction, retraction or restore of an earlier report changes a new revision's figures without a new
report. Those changes are read from the audit trail (the ledger reads it the same way), once per report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.models import AuditEntry
from incidents.briefs.ledger import CHANGING_ACTIONS
from incidents.briefs.sql import flag, known
from incidents.reports.models import (
    COUNTED,
    DebrisClearance,
    PumpingVolume,
    Report,
    ReportKind,
    ReportStatus,
    ZeroReport,
)


@dataclass(frozen=True)
class RevisionChanges:
    """How many reports a new revision took in, and how many earlier ones changed, since the previous one."""

    added: int = 0
    corrected: int = 0
    retracted: int = 0
    returned: int = 0
    restored: int = 0


def _bearing(day: date, start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    """Reports that can change the day's brief: figures up to the period's end (to-date sums, what is still
    out at the end), the period's activity entries, zero reports answering the day.

    Needs the interval and zero-report tables outer-joined (their columns are NULL for other kinds).
    """
    pv, dc, zr = PumpingVolume.__table__, DebrisClearance.__table__, ZeroReport.__table__
    figures = [k for k in ReportKind if k not in (ReportKind.ACTIVITY, ReportKind.ZERO_REPORT)]
    return sa.or_(
        sa.and_(Report.kind.in_(figures),
                sa.or_(Report.observed_at < end, pv.c.period_start < end, dc.c.period_start < end)),
        sa.and_(Report.kind == ReportKind.ACTIVITY, Report.observed_at >= start, Report.observed_at < end),
        sa.and_(Report.kind == ReportKind.ZERO_REPORT, zr.c.period_day == day))


def _bore(before: dict[str, Any], day: date, start: datetime, end: datetime) -> bool:
    """Whether a report as it stood before a correction (its audit `before`) bore on the day, as `_bearing` reads."""
    def instant(key: str) -> datetime | None:
        text = before.get(key)
        if not isinstance(text, str):
            return None
        t = datetime.fromisoformat(text)
        return t if t.tzinfo is not None else t.replace(tzinfo=UTC)  # the trail writes instants in UTC

    kind = before.get("kind")
    if kind == ReportKind.ZERO_REPORT.value:
        return before.get("period_day") == day.isoformat()
    observed = instant("observed_at")
    if kind == ReportKind.ACTIVITY.value:
        return observed is not None and start <= observed < end
    return any(t is not None and t < end for t in (observed, instant("period_start")))


def _moved_out(session: Session, event_id: int, window: list[sa.ColumnElement[bool]], day: date, start: datetime,
               end: datetime) -> set[int]:
    """Reports a correction in the window moved out of the day (an update's time put past its midnight): they no
    longer bear on it, yet its figures changed by them, so a revision counts them as corrected."""
    a = AuditEntry
    rows = session.execute(sa.select(a.entity_id, a.before).join(Report, Report.id == a.entity_id).where(
        *window, Report.event_id == event_id, a.action == "update"))
    return {rid for rid, before in rows if before and _bore(before, day, start, end)}


def _with_kinds(query: sa.Select) -> sa.Select:
    pv, dc, zr = PumpingVolume.__table__, DebrisClearance.__table__, ZeroReport.__table__
    return (query.outerjoin(pv, pv.c.id == Report.id).outerjoin(dc, dc.c.id == Report.id)
            .outerjoin(zr, zr.c.id == Report.id))


def changes_since(session: Session, event_id: int, day: date, start: datetime, end: datetime, since: datetime,
                  cutoff: datetime, audit_top: int | None = None, unseen: sa.Select | None = None) -> RevisionChanges:
    """What a revision cut off at `cutoff` counts that the one cut off at `since` did not, for the day's brief.

    `audit_top` is the highest audit id the previous revision saw (its ledger keeps it): a change made
    after its cut-off but before it was compiled (a catch-up compile) is already in it. `unseen`: ids of
    the reports the previous revision did not count (`queries.new_reports` over its ledger), so one
    entered after it with a stated `reported_at` before its cut-off is new too; without it, those
    received after its cut-off.
    """
    bearing = _bearing(day, start, end)
    new = Report.reported_at > since if unseen is None else Report.id.in_(unseen)
    added = session.scalar(_with_kinds(sa.select(sa.func.count()).select_from(Report)).where(
        *known(Report, event_id, cutoff), new, bearing)) or 0
    a = AuditEntry
    window = [a.entity == "reports", a.at > since, a.at <= cutoff]
    if audit_top is not None:
        window.append(a.id > audit_top)
    # One row per earlier report changed in the window: which actions it saw, where it stands now.
    per_report = _with_kinds(
        sa.select(Report.status.label("status"), flag(a.action == "update").label("edited"),
                  flag(a.action == "retract").label("retracted"), flag(a.action == "return").label("returned"),
                  flag(a.action == "restore").label("restored"))
        .select_from(a).join(Report, Report.id == a.entity_id)
    ).where(*window, Report.event_id == event_id, Report.reported_at <= since,
            sa.or_(bearing, Report.id.in_(_moved_out(session, event_id, window, day, start, end))),
            *([] if unseen is None else [Report.id.not_in(unseen)]),
            a.action.in_(CHANGING_ACTIONS)).group_by(Report.id, Report.status).subquery()
    # Each report once, by its effect: out of the figures now (retracted, sent back), back in (restored,
    # or resubmitted after being sent back), or counted with corrected values.
    counted = per_report.c.status.in_(COUNTED)
    change = sa.case(
        (sa.and_(per_report.c.status == ReportStatus.RETRACTED, per_report.c.retracted == 1), "retracted"),
        (sa.and_(per_report.c.status == ReportStatus.RETURNED, per_report.c.returned == 1), "returned"),
        (sa.and_(counted, per_report.c.restored == 1), "restored"),
        (sa.and_(counted, per_report.c.edited == 1), "corrected"),
        else_="none").label("change")
    inner = sa.select(change).subquery()
    counts = {name: int(n) for name, n in session.execute(
        sa.select(inner.c.change, sa.func.count()).group_by(inner.c.change))}
    return RevisionChanges(added=int(added), corrected=counts.get("corrected", 0),
                           retracted=counts.get("retracted", 0), returned=counts.get("returned", 0),
                           restored=counts.get("restored", 0))
