"""The other readers of a brief: pumping operations, activity, reports by status and subdistrict, late and
returned reports, and which reports a carried ledger has not counted.

Like every brief query: the event's counted reports known by the cut-off, grouped in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area, AreaLevel
from incidents.areas.tree import in_reference_order, subtree_ids
from incidents.briefs.intervals import CLEARED, PUMPED
from incidents.briefs.sql import code_of, enum_code, flag, known, num, subdistricts, utc_of
from incidents.reports.models import (
    ActivityEntry,
    DebrisClearance,
    PumpingOperation,
    PumpingVolume,
    Report,
    ReportKind,
    ReportStatus,
    ZeroReport,
)


@dataclass
class OperationRow:
    """A pumping operation overlapping the period."""

    id: int
    area_id: int
    area: str
    area_en: str | None
    team: str
    people: int | None
    people_lb: bool
    pumps: int | None
    pumps_lb: bool
    started_at: datetime
    started_precision: str
    ended_at: datetime | None
    ended_precision: str | None
    subdistrict_id: int | None
    team_en: str | None = None
    subdistrict: str | None = None  # its name, as 三、待办与风险 names an outage's
    subdistrict_en: str | None = None


def _works(op: type[PumpingOperation], start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    """An operation at work in [start, end): begun before its end and not ended by its start, as a volume's
    interval reaches into a day (one that stopped at 00:00 worked the day before only; one begun and ended at the
    same moment, its own day)."""
    return sa.and_(op.observed_at < end,
                   sa.or_(op.ended_at.is_(None), op.ended_at > start, op.observed_at >= start))


def operations(session: Session, event_id: int, start: datetime, end: datetime, cutoff: datetime,
               limit: int = 50) -> tuple[list[OperationRow], dict[str, Any]]:
    """Pumping operations active in the period (`_works`: begun before its end, not ended by its start)."""
    op = PumpingOperation
    sub = subdistricts()
    t = op.__table__
    # Candidates by the ended_at index (ended in or after the period, or not ended): not every
    # operation the event ever had.
    candidates = sa.union_all(sa.select(t.c.id).where(t.c.ended_at >= start),
                              sa.select(t.c.id).where(t.c.ended_at.is_(None))).subquery().select()
    active = sa.and_(op.id.in_(candidates), _works(op, start, end))
    still = sa.and_(op.observed_at < end, sa.or_(op.ended_at.is_(None), op.ended_at > end))
    totals = session.execute(
        sa.select(sa.func.count(), sa.func.sum(op.people), flag(sa.or_(op.people_lb, op.people.is_(None))),
                  sa.func.sum(op.pumps), flag(sa.or_(op.pumps_lb, op.pumps.is_(None))),
                  sa.func.sum(sa.case((still, 1), else_=0)), sa.func.sum(sa.case((op.observed_at >= start, 1),
                                                                                  else_=0)))
        .where(*known(op, event_id, cutoff), active)).one()
    sub_area = Area.__table__.alias("sub_area")
    rows = session.execute(
        sa.select(op.id, op.area_id, Area.name, Area.name_en, op.team, op.people, op.people_lb, op.pumps,
                  op.pumps_lb, op.observed_at, op.observed_precision, op.ended_at, op.ended_precision,
                  sub.c.subdistrict_id, op.team_en, sub_area.c.name, sub_area.c.name_en)
        .join(Area, Area.id == op.area_id).outerjoin(sub, sub.c.area_id == op.area_id)
        .outerjoin(sub_area, sub_area.c.id == sub.c.subdistrict_id)
        .where(*known(op, event_id, cutoff), active)
        .order_by(op.observed_at, op.id).limit(limit)).all()
    ops = [OperationRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], bool(r[8]), r[9],
                        code_of(r[10]), r[11], enum_code(r[12]), r[13], r[14], r[15], r[16]) for r in rows]
    summary = {"active": int(totals[0] or 0), "people": num(totals[1]), "people_lb": bool(totals[2]),
               "pumps": num(totals[3]), "pumps_lb": bool(totals[4]), "still": int(totals[5] or 0),
               "started": int(totals[6] or 0)}
    return ops, summary


def operations_by_subdistrict(session: Session, event_id: int, start: datetime, end: datetime,
                              cutoff: datetime) -> dict[int | None, tuple[int, int]]:
    """Per subdistrict (None: the district itself), its pumping operations at work in the period (`operations`'
    active ones) and begun before its end (`operations_before`'s): a row of 二、分街道 whose sites pumped and gave
    no m³ says 未报 for the day and to date, as the key figures do."""
    op = PumpingOperation
    sub = subdistricts()
    rows = session.execute(
        sa.select(sub.c.subdistrict_id, sa.func.count(sa.case((_works(op, start, end), 1))), sa.func.count(op.id))
        .outerjoin(sub, sub.c.area_id == op.area_id)
        .where(*known(op, event_id, cutoff), op.observed_at < end).group_by(sub.c.subdistrict_id)).all()
    return {r[0]: (int(r[1] or 0), int(r[2] or 0)) for r in rows}


def operations_per_day(session: Session, event_id: int, bounds: list[datetime], cutoff: datetime) -> list[int]:
    """How many pumping operations were at work on each of a few consecutive days (bounds: their edges), as
    `operations` counts a period's active ones (`_works`), in one query."""
    op = PumpingOperation
    cols = [sa.func.count(sa.case((_works(op, bounds[i], bounds[i + 1]), 1))) for i in range(len(bounds) - 1)]
    row = session.execute(sa.select(*cols).where(*known(op, event_id, cutoff), op.observed_at < bounds[-1],
                                                 sa.or_(op.ended_at.is_(None), op.ended_at >= bounds[0]))).one()
    return [int(n or 0) for n in row]


def recent_ids(event_id: int, above: int, known_by: datetime) -> sa.Select:
    """Ids of the event's reports above an id, known by then: read by the id range alone (SQLite
    would otherwise skip-scan the (event, reported_at) index, which is the whole history)."""
    # Wrapped columns: no index on them applies, only the id range does.
    return sa.select(Report.id).where(Report.id > above, (Report.event_id + 0) == event_id,
                                      sa.func.coalesce(Report.reported_at, Report.reported_at) <= known_by)


def new_reports(event_id: int, since: datetime, cutoff: datetime, top_id: int, recent: list[int],
                window: int, kinds: tuple[ReportKind, ...] = ()) -> sa.Select:
    """Ids of the event's reports known at the cut-off that a ledger taken at `since` did not count
    (of some kinds only, if named: the planner then expects few rows and looks each one up).

    The ledger counted reports known by `since` whose ids it saw: every id up to top_id - window,
    and the listed recent ones (a report still being written when the ledger was taken has an id
    near the top). Both parts are index ranges: by reported_at, by id.
    """
    late = sa.select(Report.id).where(Report.event_id == event_id, Report.reported_at > since,
                                      Report.reported_at <= cutoff)
    unseen = recent_ids(event_id, top_id - window, since)
    if recent:
        unseen = unseen.where(Report.id.not_in(recent))
    if kinds:
        late, unseen = late.where(Report.kind.in_(kinds)), unseen.where(Report.kind.in_(kinds))
    return sa.union(late, unseen).subquery("new_reports").select()


def operations_unmeasured(session: Session, event_id: int, at: datetime, cutoff: datetime) -> int:
    """Pumping operations begun before `at` with no volume begun before it reported by the cut-off: to date sums
    leave them out (a volume of hours after `at` is in no sum to `at`, so it measures none of them)."""
    op, pv = PumpingOperation, PumpingVolume
    # Not correlated: both kinds are rows of `reports`, which the inner select would otherwise share.
    measured = sa.select(pv.operation_id).where(*known(pv, event_id, cutoff), pv.period_start < at).correlate(None)
    return session.scalar(sa.select(sa.func.count()).select_from(op).where(
        *known(op, event_id, cutoff), op.observed_at < at, op.id.not_in(measured))) or 0


def operations_before(session: Session, event_id: int, at: datetime, cutoff: datetime,
                      only: sa.ColumnElement[bool] | None = None) -> int:
    """How many pumping operations began before `at` (of every report known, or of `only` some)."""
    op = PumpingOperation
    where = [*known(op, event_id, cutoff), op.observed_at < at]
    if only is not None:
        where.append(only)
    return session.scalar(sa.select(sa.func.count()).select_from(op).where(*where)) or 0



@dataclass
class ActivityRow:
    """An activity entry of the period."""

    observed_at: datetime
    precision: str
    area: str
    area_en: str | None
    title: str
    source: str | None
    note: str | None


def activity(session: Session, event_id: int, start: datetime, end: datetime, cutoff: datetime,
             limit: int = 200) -> tuple[list[ActivityRow], int]:
    """The period's activity log, oldest first, and how many entries there are."""
    a = ActivityEntry
    where = [*known(a, event_id, cutoff), a.observed_at >= start, a.observed_at < end]
    total = session.scalar(sa.select(sa.func.count()).select_from(a).where(*where)) or 0
    rows = session.execute(
        sa.select(a.observed_at, a.observed_precision, Area.name, Area.name_en, a.title, a.source, a.note)
        .join(Area, Area.id == a.area_id).where(*where).order_by(a.observed_at, a.id).limit(limit)).all()
    return [ActivityRow(r[0], code_of(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows], int(total)


def _observed_in(event_id: int, start: datetime, end: datetime, cutoff: datetime,
                 kinds: list[str] | None = None) -> sa.Select:
    """Ids of reports observed in the period (every kind named, so the (event, kind, time) index serves)."""
    return sa.select(Report.id).where(*known(Report, event_id, cutoff), Report.kind.in_(kinds or report_kinds()),
                                      Report.observed_at >= start, Report.observed_at < end)


def _affecting(event_id: int, start: datetime, end: datetime, cutoff: datetime) -> sa.Subquery:
    """Ids of reports bearing on the period: observed in it, or an interval overlapping it (a UNION,
    so each part uses its own index or scan; an OR of IN-subqueries plans badly at scale)."""
    pv, dc = PumpingVolume, DebrisClearance
    # An interval bears on a period by its interval alone: its observed time is its end, and one
    # ending at the period's start belongs to the day before, as in the period's sums.
    points = [k for k in report_kinds() if k not in (ReportKind.PUMPING_VOLUME.value, ReportKind.DEBRIS.value)]
    parts = [
        _observed_in(event_id, start, end, cutoff, points),
        sa.select(pv.id).where(*known(pv, event_id, cutoff), pv.id.in_(PUMPED.touching(start, end)),
                               PUMPED.overlap(start, end)),
        sa.select(dc.id).where(*known(dc, event_id, cutoff), dc.id.in_(CLEARED.touching(start, end)),
                               CLEARED.overlap(start, end)),
    ]
    return sa.union(*parts).subquery("affecting")


def _in_period(event_id: int, start: datetime, end: datetime, cutoff: datetime) -> sa.Subquery:
    """Ids of the reports with data bearing on the period (observed in it, or an interval reaching into
    it) or sent in it (a late one), known at the cut-off; zero reports are not among them."""
    sent = sa.select(Report.id).where(*known(Report, event_id, cutoff), Report.kind.in_(report_kinds()),
                                      Report.reported_at >= start, Report.reported_at < end)
    # Intervals count as the figures do: a volume pumped over the day, sent the next morning, is
    # that day's data; by its observed time (its end) alone the day would read 零报告 beside its m³.
    return sa.union(_affecting(event_id, start, end, cutoff).select(), sent).subquery("in_period")


def statuses_used(session: Session, event_id: int, start: datetime, end: datetime,
                  cutoff: datetime) -> dict[str, int]:
    """The period's reports (_in_period, as the subdistrict table counts them), counted by status."""
    ids = _in_period(event_id, start, end, cutoff)
    query = (sa.select(Report.status, sa.func.count()).join(ids, ids.c.id == Report.id)
             .group_by(Report.status))
    return {getattr(s, "value", s): int(n) for s, n in session.execute(query)}


def reports_by_subdistrict(session: Session, event_id: int, start: datetime, end: datetime,
                           cutoff: datetime) -> dict[int | None, int]:
    """The period's reports (_in_period) per subdistrict (for the table and 零报告); zero reports are not
    among them (zero_reports_by_subdistrict)."""
    ids = _in_period(event_id, start, end, cutoff)
    sub = subdistricts()
    query = (sa.select(sub.c.subdistrict_id, sa.func.count())
             .select_from(Report).join(ids, ids.c.id == Report.id)
             .outerjoin(sub, sub.c.area_id == Report.area_id)
             .group_by(sub.c.subdistrict_id))
    return {sub_id: int(n) for sub_id, n in session.execute(query)}


def zero_reports_by_subdistrict(session: Session, event_id: int, day: date,
                                cutoff: datetime) -> dict[int, int]:
    """Zero reports (零报告) answering the period `day`, known by the cut-off: subdistrict → the first one's id."""
    z = ZeroReport
    query = (sa.select(z.area_id, sa.func.min(z.id)).where(*known(z, event_id, cutoff), z.period_day == day)
             .group_by(z.area_id))
    return {area_id: int(first) for area_id, first in session.execute(query)}


@dataclass
class Answers:
    """Who has answered for a period, per subdistrict of the event's district."""

    with_data: list[Area]  # sent a report with data observed or sent in the period
    zero: list[Area]  # sent only a zero report for the period (零报告: nothing to report)
    silent: list[Area]  # sent nothing (未报送)


def answers(session: Session, event: Any, day: date, start: datetime, end: datetime, cutoff: datetime,
            counts: dict[int | None, int] | None = None, areas: list[Area] | None = None) -> Answers:
    """Which subdistricts have sent anything for the period known by the cut-off, and what (two
    grouped queries): the brief's 零报告 and 未报送 lists, the one-tap zero-report button, reminders.

    A subdistrict with a zero report and a later report with data counts as reported with data.
    """
    areas = subdistrict_areas(session, event.area_id) if areas is None else areas
    counts = reports_by_subdistrict(session, event.id, start, end, cutoff) if counts is None else counts
    zeros = zero_reports_by_subdistrict(session, event.id, day, cutoff)
    found = Answers([], [], [])
    for area in areas:
        (found.with_data if counts.get(area.id) else found.zero if area.id in zeros else found.silent).append(area)
    return found


def subdistrict_areas(session: Session, district_id: int | None) -> list[Area]:
    """The subdistricts/towns of the event's district (all of them when it names none), in the reference order."""
    query = sa.select(Area).where(Area.level == AreaLevel.SUBDISTRICT)
    if district_id is not None:
        query = query.where(Area.id.in_(subtree_ids(session, district_id)))
    return in_reference_order(session.scalars(query))


@dataclass
class LateRow:
    """A report that arrived after the period it bears on began, in the window looked at."""

    id: int
    kind: str
    area: str
    area_en: str | None
    observed_at: datetime
    observed_precision: str
    first_at: datetime
    reported_at: datetime


def arrived_for_earlier(session: Session, event_id: int, start: datetime, since: datetime,
                        cutoff: datetime, limit: int = 500) -> list[LateRow]:
    """Reports that became known in (since, cutoff] but bear on time before `start`."""
    pv, dc = sa.orm.aliased(PumpingVolume.__table__), sa.orm.aliased(DebrisClearance.__table__)
    first = sa.func.coalesce(pv.c.period_start, dc.c.period_start, Report.observed_at)
    query = (sa.select(Report.id, Report.kind, Area.name, Area.name_en, Report.observed_at,
                       Report.observed_precision, first, Report.reported_at)
             .join(Area, Area.id == Report.area_id)
             .outerjoin(pv, pv.c.id == Report.id).outerjoin(dc, dc.c.id == Report.id)
             .where(*known(Report, event_id, cutoff), Report.reported_at > since, first < start)
             .order_by(Report.reported_at, Report.id).limit(limit))
    # COALESCE over SQLite text loses the column type: read back as UTC.
    return [LateRow(r[0], code_of(r[1]), r[2], r[3], r[4], code_of(r[5]), utc_of(r[6]), r[7])
            for r in session.execute(query)]


def report_kinds() -> list[str]:
    """Every kind of report that carries data: all but the zero report (it says there is none)."""
    return [k.value for k in ReportKind if k is not ReportKind.ZERO_REPORT]


UNVERIFIED = (ReportStatus.SUBMITTED.value,)


@dataclass
class ReturnedRow:
    """A report sent back for correction: in no figure until resubmitted, named in data quality."""

    id: int
    kind: str
    area: str
    area_en: str | None
    observed_at: datetime
    observed_precision: str
    reason: str | None


def returned(session: Session, event_id: int, end: datetime, cutoff: datetime,
             limit: int = 30) -> tuple[list[ReturnedRow], int]:
    """Reports known by the cut-off, observed by the period's end, now sent back (returned); and how many.

    Not only the period's own: an outage of the day before sent back today is out of today's figures too,
    and the brief says which corrections it still waits for."""
    where = [Report.event_id == event_id, Report.status == ReportStatus.RETURNED, Report.reported_at <= cutoff,
             Report.observed_at < end]
    total = session.scalar(sa.select(sa.func.count()).select_from(Report).where(*where)) or 0
    rows = session.execute(
        sa.select(Report.id, Report.kind, Area.name, Area.name_en, Report.observed_at, Report.observed_precision,
                  Report.status_reason)
        .join(Area, Area.id == Report.area_id).where(*where).order_by(Report.observed_at, Report.id)
        .limit(limit)).all()
    return [ReturnedRow(r[0], code_of(r[1]), r[2], r[3], r[4], code_of(r[5]), r[6]) for r in rows], int(total)
