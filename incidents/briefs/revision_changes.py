"""What changed between two revisions of a day's brief: reports received since the previous revision's
cut-off, and earlier reports corrected, retracted, sent back or restored since then.

A brief counts the reports known by its cut-off (`reported_at`) as they stand when it is compiled, so a
correction, retraction or restore of an earlier report changes a new revision's figures without a new
report. Those changes are read from the audit trail (the ledger reads it the same way), once per report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.audit.models import AuditEntry
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
    ).where(*window, Report.event_id == event_id, Report.reported_at <= since, bearing,
            *([] if unseen is None else [Report.id.not_in(unseen)]),
            a.action.in_(("update", "retract", "return", "restore"))).group_by(Report.id, Report.status).subquery()
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
