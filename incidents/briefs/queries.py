"""The SQL aggregates a brief needs: per subdistrict, for the period and to date, as known at the cut-off.

Every query filters on the event, live statuses and `reported_at <= cutoff` (only what the office
knew by then), groups in SQL and returns a few rows per subdistrict.

Interval quantities (pumped volume, debris) are apportioned by overlap with cumulative rounding:
the share of [a, b) is F(b) − F(a) with F(x) = ⌊v · overlap([s, x]) / (t − s)⌋. Shares of
consecutive days telescope, so the daily figures of one report sum exactly to its total, each
day's figure is within one unit of its exact proportional share, and a day's share depends only
on its own bounds (no grid of days, the same answer whichever day is compiled first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from incidents.areas.models import Area, AreaLevel
from incidents.areas.services import subdistrict_of, subtree_ids
from incidents.briefs.content import Qty
from incidents.db import UTCDateTime
from incidents.reports.models import (
    COUNTED,
    ActivityEntry,
    Category,
    DebrisClearance,
    Disinfection,
    DisinfectionCount,
    PumpingOperation,
    PumpingVolume,
    Report,
    ReportKind,
    ReportStatus,
)

_UTC = UTCDateTime()


class epoch(FunctionElement):  # noqa: N801 (a SQL function name)
    """Seconds since 1970 of a UTC timestamp column, as an integer, on SQLite and PostgreSQL."""

    type = sa.BigInteger()
    inherit_cache = True
    name = "epoch"


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: epoch, compiler: Any, **kw: Any) -> str:
    # Stored as naive UTC text; strftime('%s') reads it as UTC.
    return "CAST(strftime('%s', " + compiler.process(element.clauses, **kw) + ") AS INTEGER)"


@compiles(epoch, "postgresql")
def _epoch_pg(element: epoch, compiler: Any, **kw: Any) -> str:
    return "CAST(FLOOR(EXTRACT(EPOCH FROM " + compiler.process(element.clauses, **kw) + ")) AS BIGINT)"


def seconds(at: datetime) -> int:
    """An aware datetime as whole epoch seconds (the same value `epoch` gives in SQL)."""
    return int(at.timestamp() // 1)


def _int(value: int) -> sa.ColumnElement[int]:
    return sa.literal(value, sa.BigInteger)


def cumulative_share(v: Any, s: Any, t: Any, x: int) -> sa.ColumnElement[int]:
    """F(x): the part of v (over [s, t], epoch seconds) up to instant x, rounded down; a point counts after s."""
    xv = _int(x)
    return sa.case(
        (t <= s, sa.case((s < xv, v), else_=0)),
        (xv <= s, 0),
        (xv >= t, v),
        else_=(v * (xv - s)) // (t - s),
    )


def _flag(cond: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.max(sa.case((cond, 1), else_=0))


def _known(model: Any, event_id: int, cutoff: datetime) -> list[sa.ColumnElement[bool]]:
    """Counted reports of the event known by the cut-off (the kind named too, so the indexes serve).

    A report sent back (returned) counts nowhere until it is resubmitted, like a retracted one.
    """
    conds = [model.event_id == event_id, model.status.in_(COUNTED), model.reported_at <= cutoff]
    identity = sa.inspect(model).mapper.polymorphic_identity
    if identity is not None:
        conds.append(model.kind == identity)
    return conds


def subdistricts() -> sa.Subquery:
    """area_id → subdistrict_id for every area at or below a subdistrict."""
    return subdistrict_of().subquery("sub_of")


@dataclass
class Sum:
    """A period sum and a to-date sum, with their honesty flags."""

    period: int | None = None
    period_lb: bool = False
    period_approx: bool = False
    period_reports: int = 0
    to_date: int | None = None
    to_date_lb: bool = False
    to_date_approx: bool = False


@dataclass
class IntervalSpec:
    """What to sum for an interval kind: apportioned quantities and deployed resources."""

    model: Any
    start: Any
    end: Any
    quantities: list[str]
    deployed: list[str] = field(default_factory=list)

    def touching(self, start: datetime, end: datetime) -> sa.Select:
        """Ids of the kind's reports reaching into [start, end) (any event), found by the interval indexes.

        An open-ended interval (no end) is a point at its start. The candidates are a superset of
        the overlap the queries test, so an index range replaces a scan of the kind's whole history.
        """
        t = self.model.__table__
        # By the period_end index (ends since the start are recent); the start is wrapped so
        # that SQLite, which cannot tell which range is narrower, never picks its index (the
        # whole history).
        spans = sa.select(t.c.id).where(t.c.period_end >= start,
                                        sa.func.coalesce(t.c.period_start, t.c.period_start) < end)
        if not t.c.period_end.nullable:
            return spans
        # Points by the period_start index (an IS NULL test would send the planner to every
        # open-ended row in the period_end index); zero-length spans match too, harmlessly.
        points = sa.select(t.c.id).where(t.c.period_start >= start, t.c.period_start < end,
                                         sa.func.coalesce(t.c.period_end, t.c.period_start) == t.c.period_start)
        return sa.union_all(spans, points).subquery().select()


PUMPED = IntervalSpec(PumpingVolume, PumpingVolume.period_start, PumpingVolume.period_end, ["volume_m3"])
CLEARED = IntervalSpec(DebrisClearance, DebrisClearance.period_start,
                       sa.func.coalesce(DebrisClearance.period_end, DebrisClearance.period_start),
                       ["mass_kg", "truckloads"], ["people", "vehicles"])


def _interval_columns(spec: IntervalSpec, x: int) -> list[sa.ColumnElement[Any]]:
    """Each quantity's part before x (apportioned), deployed resources of reports begun before x; flags."""
    m = spec.model
    s, t = epoch(spec.start), epoch(spec.end)
    cols: list[sa.ColumnElement[Any]] = []
    for name in spec.quantities:
        v, lb = getattr(m, name), getattr(m, f"{name}_lb")
        cols += [
            sa.func.sum(cumulative_share(v, s, t, x)).label(f"{name}_v"),
            # A sum with a lower bound in it, or with a report that gave no figure, is a lower bound.
            _flag(sa.or_(lb, v.is_(None))).label(f"{name}_lb"),
            _flag(sa.and_(v.is_not(None), s < _int(x), t > _int(x))).label(f"{name}_ax"),
        ]
    for name in spec.deployed:
        v, lb = getattr(m, name), getattr(m, f"{name}_lb")
        cols += [sa.func.sum(v).label(f"{name}_v"), _flag(sa.or_(lb, v.is_(None))).label(f"{name}_lb"),
                 sa.literal(0).label(f"{name}_ax")]
    return cols


def _sums(rows: Any, spec: IntervalSpec) -> dict[int | None, dict[str, Sum]]:
    out: dict[int | None, dict[str, Sum]] = {}
    for row in rows:
        out[row["sub_id"]] = {name: Sum(
            period=_num(row.get(f"{name}_p")), period_lb=bool(row.get(f"{name}_p_lb")),
            period_approx=bool(row.get(f"{name}_p_ax")), period_reports=int(row.get("n") or 0),
            to_date=_num(row[f"{name}_v"]), to_date_lb=bool(row[f"{name}_lb"]),
            to_date_approx=bool(row[f"{name}_ax"])) for name in spec.quantities + spec.deployed}
    return out


def interval_period(session: Session, spec: IntervalSpec, event_id: int, start: datetime, end: datetime,
                    cutoff: datetime) -> dict[int | None, dict[str, Sum]]:
    """Per subdistrict: each quantity's share of [start, end), and what the period adds to the to-date sums.

    Quantities are apportioned by overlap (the period's share is also what it adds to date).
    Deployed resources (people, vehicles) are not apportioned: the period counts every report
    overlapping it, the to-date sum counts each report once, on the day it began.
    """
    m = spec.model
    sub = subdistricts()
    s, t = epoch(spec.start), epoch(spec.end)
    a, b = seconds(start), seconds(end)
    runs_on = sa.and_(s < _int(b), t > _int(b))
    cols: list[sa.ColumnElement[Any]] = [sub.c.subdistrict_id.label("sub_id"), sa.func.count().label("n")]
    for name in spec.quantities:
        v, lb = getattr(m, name), getattr(m, f"{name}_lb")
        share = cumulative_share(v, s, t, b) - cumulative_share(v, s, t, a)
        vague = sa.or_(lb, v.is_(None))
        cols += [sa.func.sum(share).label(f"{name}_p"), _flag(vague).label(f"{name}_p_lb"),
                 _flag(sa.and_(v.is_not(None), sa.or_(sa.and_(s < _int(a), t > _int(a)), runs_on)))
                 .label(f"{name}_p_ax"),
                 sa.func.sum(share).label(f"{name}_v"), _flag(vague).label(f"{name}_lb"),
                 _flag(sa.and_(v.is_not(None), runs_on)).label(f"{name}_ax")]
    for name in spec.deployed:
        v, lb = getattr(m, name), getattr(m, f"{name}_lb")
        began = spec.start >= start
        cols += [sa.func.sum(v).label(f"{name}_p"), _flag(sa.or_(lb, v.is_(None))).label(f"{name}_p_lb"),
                 sa.literal(0).label(f"{name}_p_ax"),
                 sa.func.sum(sa.case((began, v))).label(f"{name}_v"),
                 _flag(sa.and_(began, sa.or_(lb, v.is_(None)))).label(f"{name}_lb"),
                 sa.literal(0).label(f"{name}_ax")]
    # Overlap (a point counts on its own day), found by the interval's own columns, never by a
    # derived time, so an edited interval is still found.
    overlap = sa.and_(spec.start < end, spec.end >= start, sa.or_(t > _int(a), s >= _int(a)))
    query = (sa.select(*cols).select_from(m).outerjoin(sub, sub.c.area_id == m.area_id)
             .where(*_known(m, event_id, cutoff), m.id.in_(spec.touching(start, end)), overlap)
             .group_by(sub.c.subdistrict_id))
    return _sums(session.execute(query).mappings(), spec)


def interval_before(session: Session, spec: IntervalSpec, event_id: int, at: datetime, cutoff: datetime,
                    only: sa.ColumnElement[bool] | None = None) -> dict[int | None, dict[str, Sum]]:
    """Per subdistrict: each quantity's part before `at` (to date), of every report or of `only` some."""
    m = spec.model
    sub = subdistricts()
    x = seconds(at)
    cols = [sub.c.subdistrict_id.label("sub_id"), *_interval_columns(spec, x)]
    where = [*_known(m, event_id, cutoff), spec.start < at]
    if only is not None:
        where.append(only)
    query = (sa.select(*cols).select_from(m).outerjoin(sub, sub.c.area_id == m.area_id)
             .where(*where).group_by(sub.c.subdistrict_id))
    return _sums(session.execute(query).mappings(), spec)


def interval_series(session: Session, spec: IntervalSpec, name: str, event_id: int,
                    bounds: list[datetime], cutoff: datetime) -> list[Qty]:
    """One quantity's share of each of a few consecutive days (bounds: their edges), in one query.

    Only reports reaching into the first day are read: older ones add nothing to these days.
    """
    m = spec.model
    s, t = epoch(spec.start), epoch(spec.end)
    v, lb = getattr(m, name), getattr(m, f"{name}_lb")
    xs = [seconds(b) for b in bounds]
    cols = []
    for i in range(len(bounds) - 1):
        a, b = xs[i], xs[i + 1]
        touches = sa.and_(s < _int(b), sa.or_(t > _int(a), s >= _int(a)))
        cols += [sa.func.sum(sa.case((touches, cumulative_share(v, s, t, b) - cumulative_share(v, s, t, a)))),
                 _flag(sa.and_(touches, sa.or_(lb, v.is_(None)))),
                 _flag(sa.and_(touches, v.is_not(None), sa.or_(sa.and_(s < _int(a), t > _int(a)),
                                                                sa.and_(s < _int(b), t > _int(b)))))]
    row = session.execute(sa.select(*cols).where(*_known(m, event_id, cutoff), spec.start < bounds[-1],
                                                 spec.end >= bounds[0],
                                                 m.id.in_(spec.touching(bounds[0], bounds[-1])))).one()
    out = []
    for i in range(len(bounds) - 1):
        value = _num(row[3 * i])
        out.append(Qty(value, bool(row[3 * i + 1]) and bool(value), bool(row[3 * i + 2]) and bool(value)))
    return out


def _num(value: Any) -> int | None:
    return None if value is None else int(value)


PERSON_TIMES = "_person_times"
# Staff on duty (people, 人) travel beside the categories too, never added to person-times (人次).
STAFF = "_staff"


@dataclass
class CountState:
    """Disinfection to date for one subdistrict and category: value and flags."""

    value: int | None = None
    lb: bool = False
    cum: bool = False


Counts = dict[tuple[int | None, str], CountState]


@dataclass
class AreaCount(CountState):
    """Disinfection to date for one area that sends totals to date, and one category: with the
    latest such report (time, id) that the count starts from (None: none for this category)."""

    cum_t: datetime | None = None
    cum_rid: int | None = None


def _utc(value: Any) -> datetime | None:
    """A timestamp read back through an aggregate (SQLite gives text; PostgreSQL may give naive)."""
    if value is None or (isinstance(value, datetime) and value.tzinfo is not None):
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return _UTC.process_result_value(value, None)


def _disinfection_rows(event_id: int, cutoff: datetime, before: datetime, since: datetime | None = None,
                       areas: Any = None, only: sa.Select | None = None) -> sa.Subquery:
    """One row per (report, category) plus one per report for person-times (NULL: not reported).

    `only`: a SELECT of report ids to keep (the reports a carried ledger has not counted).
    """

    def where(d: Any) -> list[sa.ColumnElement[bool]]:
        conds = [*_known(d, event_id, cutoff), d.observed_at < before]
        if since is not None:
            conds.append(d.observed_at >= since)
        if areas is not None:
            conds.append(d.area_id.in_(areas))
        if only is not None:
            conds.append(d.id.in_(only))
        return conds

    d = sa.orm.aliased(Disinfection, name="d")
    counts = (sa.select(d.id.label("rid"), d.area_id.label("area_id"), d.observed_at.label("t"),
                        d.cumulative.label("cum"), DisinfectionCount.category_code.label("code"),
                        DisinfectionCount.count.label("n"), DisinfectionCount.count_lb.label("lb"))
              .join(DisinfectionCount, DisinfectionCount.report_id == d.id).where(*where(d)))
    d2 = sa.orm.aliased(Disinfection, name="d2")
    people = (sa.select(d2.id, d2.area_id, d2.observed_at, d2.cumulative, sa.literal(PERSON_TIMES, sa.String(40)),
                        d2.person_times, sa.or_(d2.person_times_lb, d2.person_times.is_(None)))
              .where(*where(d2)))
    d3 = sa.orm.aliased(Disinfection, name="d3")
    staff = (sa.select(d3.id, d3.area_id, d3.observed_at, d3.cumulative, sa.literal(STAFF, sa.String(40)),
                       d3.staff, d3.staff_lb)
             .where(*where(d3), d3.staff.is_not(None)))
    return sa.union_all(counts, people, staff).subquery("dis_rows")


def windowed_to_date(session: Session, event_id: int, at: datetime, cutoff: datetime,
                     areas: Any = None, since: datetime | None = None,
                     by_area: bool = False) -> dict[tuple[int | None, str], CountState]:
    """Per (subdistrict, category): disinfection to date before `at`, known at the cut-off (of `areas` only).

    A report marked cumulative gives its area's totals to date (截至目前): for that area and
    category it replaces everything reported earlier, and later rounds add to it. One pass of
    window functions finds each area's latest cumulative figure. `since`: only rows from then on
    (right for an area and category whose latest totals to date are that recent). `by_area`:
    keyed by area, not subdistrict.
    """
    rows = _disinfection_rows(event_id, cutoff, at, since=since, areas=areas)
    part = {"partition_by": (rows.c.area_id, rows.c.code)}
    is_cum = sa.and_(rows.c.cum == sa.true(), rows.c.n.is_not(None))
    l1 = sa.select(rows, sa.func.max(sa.case((is_cum, rows.c.t)), type_=rows.c.t.type).over(**part)
                   .label("cum_t")).subquery("l1")
    l1_cum = sa.and_(l1.c.cum == sa.true(), l1.c.n.is_not(None))
    l2 = sa.select(l1, sa.func.max(sa.case((sa.and_(l1_cum, l1.c.t == l1.c.cum_t), l1.c.rid))).over(
        partition_by=(l1.c.area_id, l1.c.code)).label("cum_rid")).subquery("l2")
    counted = sa.or_(l2.c.cum_t.is_(None), l2.c.rid == l2.c.cum_rid,
                     sa.and_(l2.c.cum == sa.false(), l2.c.t > l2.c.cum_t))
    if by_area:
        query = (sa.select(l2.c.area_id, l2.c.code, sa.func.sum(l2.c.n), _flag(l2.c.lb == sa.true()),
                           _flag(l2.c.cum == sa.true()), sa.func.max(l2.c.cum_t), sa.func.max(l2.c.cum_rid))
                 .where(counted).group_by(l2.c.area_id, l2.c.code))
        return {(area_id, code): AreaCount(_num(n), bool(lb), bool(cum), _utc(cum_t), cum_rid)
                for area_id, code, n, lb, cum, cum_t, cum_rid in session.execute(query)}
    sub = subdistricts()
    query = (
        sa.select(sub.c.subdistrict_id, l2.c.code, sa.func.sum(l2.c.n),
                  _flag(l2.c.lb == sa.true()), _flag(l2.c.cum == sa.true()))
        .select_from(l2).outerjoin(sub, sub.c.area_id == l2.c.area_id)
        .where(counted).group_by(sub.c.subdistrict_id, l2.c.code)
    )
    return {(sub_id, code): CountState(_num(n), bool(lb), bool(cum))
            for sub_id, code, n, lb, cum in session.execute(query)}


def disinfection_to_date(session: Session, event_id: int, at: datetime, cutoff: datetime
                         ) -> tuple[Counts, dict[tuple[int, str], AreaCount]]:
    """Disinfection to date before `at`, known at the cut-off: (per (subdistrict, category), the
    plain sums of areas that never sent totals to date; per (area, category), the areas that did).

    Plain sums are cheap; only the few areas that sent totals to date need the window functions.
    """
    d = Disinfection
    cum_ever = sa.select(d.area_id).where(*_known(d, event_id, cutoff), d.cumulative.is_(True),
                                          d.observed_at < at).distinct()
    rows = _disinfection_rows(event_id, cutoff, at)
    sub = subdistricts()
    plain = (sa.select(sub.c.subdistrict_id, rows.c.code, sa.func.sum(rows.c.n), _flag(rows.c.lb == sa.true()))
             .select_from(rows).outerjoin(sub, sub.c.area_id == rows.c.area_id)
             .where(rows.c.area_id.not_in(cum_ever)).group_by(sub.c.subdistrict_id, rows.c.code))
    totals = {(sub_id, code): CountState(_num(n), bool(lb), False) for sub_id, code, n, lb in session.execute(plain)}
    return totals, windowed_to_date(session, event_id, at, cutoff, areas=cum_ever, by_area=True)


def add_counts(plain: Counts, areas: dict[tuple[int, str], CountState], sub_of: dict[int, int | None]) -> Counts:
    """Per (subdistrict, category): the plain sums with each area's count added to its subdistrict's."""
    totals = dict(plain)
    for (area_id, code), state in areas.items():
        key = (sub_of.get(area_id), code)
        totals[key] = merge_counts(totals.get(key), state)
    return totals


def subdistrict_map(session: Session, area_ids: Any) -> dict[int, int | None]:
    """area id → its subdistrict id (None above or outside any), for a few areas."""
    ids = list(area_ids)
    if not ids:
        return {}
    sub = subdistricts()
    found = dict(session.execute(sa.select(sub.c.area_id, sub.c.subdistrict_id).where(sub.c.area_id.in_(ids))).all())
    return {a: found.get(a) for a in ids}


@dataclass
class DisinfectionRow:
    """One (report, category) row, or the report's person-times (code PERSON_TIMES)."""

    rid: int
    area_id: int
    sub_id: int | None
    t: datetime
    cum: bool
    code: str
    n: int | None
    lb: bool


def disinfection_rows(session: Session, event_id: int, cutoff: datetime, before: datetime,
                      since: datetime | None = None, only: sa.Select | None = None) -> list[DisinfectionRow]:
    """The rows themselves (for a day's worth, or the reports a carried ledger has not counted)."""
    rows = _disinfection_rows(event_id, cutoff, before, since=since, only=only)
    sub = subdistricts()
    query = (sa.select(rows.c.rid, rows.c.area_id, sub.c.subdistrict_id, rows.c.t, rows.c.cum, rows.c.code,
                       rows.c.n, rows.c.lb)
             .select_from(rows).outerjoin(sub, sub.c.area_id == rows.c.area_id)
             .order_by(rows.c.t, rows.c.rid))
    return [DisinfectionRow(r[0], r[1], r[2], _utc(r[3]), bool(r[4]), r[5], _num(r[6]), bool(r[7]))
            for r in session.execute(query)]


def merge_counts(a: CountState | None, b: CountState | None, sign: int = 1) -> CountState:
    """a + sign·b, keeping lower-bound and to-date flags (None stays None only when both are)."""
    if a is None:
        a = CountState()
    if b is None:
        return CountState(a.value, a.lb, a.cum)
    value = None if a.value is None and b.value is None else (a.value or 0) + sign * (b.value or 0)
    return CountState(value, a.lb or b.lb, a.cum or b.cum)


def cumulative_areas(event_id: int, start: datetime, end: datetime, cutoff: datetime) -> sa.Select:
    """Areas that sent a report of totals to date observed in the period (their period needs their history)."""
    d = Disinfection
    return sa.select(d.area_id).where(*_known(d, event_id, cutoff), d.cumulative.is_(True),
                                      d.observed_at >= start, d.observed_at < end).distinct()


def disinfection_in_period(session: Session, event_id: int, start: datetime, end: datetime,
                           cutoff: datetime) -> tuple[Counts, Counts]:
    """Per (subdistrict, category) for the period: (what was reported in it, with lb/cum flags and a count;
    the plain rounds of areas that sent no totals to date, summed)."""
    rows = _disinfection_rows(event_id, cutoff, end, since=start)
    sub = subdistricts()
    seen = (sa.select(sub.c.subdistrict_id, rows.c.code, sa.func.count(),
                      _flag(rows.c.lb == sa.true()), _flag(rows.c.cum == sa.true()))
            .select_from(rows).outerjoin(sub, sub.c.area_id == rows.c.area_id)
            .group_by(sub.c.subdistrict_id, rows.c.code))
    cum_areas = cumulative_areas(event_id, start, end, cutoff)
    plain = (sa.select(sub.c.subdistrict_id, rows.c.code, sa.func.sum(rows.c.n),
                       _flag(rows.c.lb == sa.true()), sa.literal(0))
             .select_from(rows).outerjoin(sub, sub.c.area_id == rows.c.area_id)
             .where(rows.c.area_id.not_in(cum_areas))
             .group_by(sub.c.subdistrict_id, rows.c.code))
    return ({(sub_id, code): CountState(int(n), bool(lb), bool(cum))
             for sub_id, code, n, lb, cum in session.execute(seen)},
            {(sub_id, code): CountState(_num(n), bool(lb), False)
             for sub_id, code, n, lb, _cum in session.execute(plain)})


def disinfection_reports(session: Session, event_id: int, start: datetime, end: datetime,
                         cutoff: datetime) -> int:
    """How many disinfection reports were observed in the period."""
    return session.scalar(sa.select(sa.func.count()).select_from(Disinfection).where(
        *_known(Disinfection, event_id, cutoff), Disinfection.observed_at >= start,
        Disinfection.observed_at < end)) or 0


def categories(session: Session) -> list[Category]:
    """The category reference list, in display order."""
    return list(session.scalars(sa.select(Category).order_by(Category.sort, Category.code)))


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


def operations(session: Session, event_id: int, start: datetime, end: datetime, cutoff: datetime,
               limit: int = 50) -> tuple[list[OperationRow], dict[str, Any]]:
    """Pumping operations active in the period (started before its end, not ended before its start)."""
    op = PumpingOperation
    sub = subdistricts()
    t = op.__table__
    # Candidates by the ended_at index (ended in or after the period, or not ended): not every
    # operation the event ever had.
    candidates = sa.union_all(sa.select(t.c.id).where(t.c.ended_at >= start),
                              sa.select(t.c.id).where(t.c.ended_at.is_(None))).subquery().select()
    active = sa.and_(op.id.in_(candidates), op.observed_at < end,
                     sa.or_(op.ended_at.is_(None), op.ended_at >= start))
    still = sa.and_(op.observed_at < end, sa.or_(op.ended_at.is_(None), op.ended_at > end))
    totals = session.execute(
        sa.select(sa.func.count(), sa.func.sum(op.people), _flag(sa.or_(op.people_lb, op.people.is_(None))),
                  sa.func.sum(op.pumps), _flag(sa.or_(op.pumps_lb, op.pumps.is_(None))),
                  sa.func.sum(sa.case((still, 1), else_=0)), sa.func.sum(sa.case((op.observed_at >= start, 1),
                                                                                  else_=0)))
        .where(*_known(op, event_id, cutoff), active)).one()
    rows = session.execute(
        sa.select(op.id, op.area_id, Area.name, Area.name_en, op.team, op.people, op.people_lb, op.pumps,
                  op.pumps_lb, op.observed_at, op.observed_precision, op.ended_at, op.ended_precision,
                  sub.c.subdistrict_id, op.team_en)
        .join(Area, Area.id == op.area_id).outerjoin(sub, sub.c.area_id == op.area_id)
        .where(*_known(op, event_id, cutoff), active)
        .order_by(op.observed_at, op.id).limit(limit)).all()
    ops = [OperationRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], bool(r[8]), r[9],
                        _code(r[10]), r[11], _code(r[12]), r[13], r[14]) for r in rows]
    summary = {"active": int(totals[0] or 0), "people": _num(totals[1]), "people_lb": bool(totals[2]),
               "pumps": _num(totals[3]), "pumps_lb": bool(totals[4]), "still": int(totals[5] or 0),
               "started": int(totals[6] or 0)}
    return ops, summary


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


def operations_before(session: Session, event_id: int, at: datetime, cutoff: datetime,
                      only: sa.ColumnElement[bool] | None = None) -> int:
    """How many pumping operations began before `at` (of every report known, or of `only` some)."""
    op = PumpingOperation
    where = [*_known(op, event_id, cutoff), op.observed_at < at]
    if only is not None:
        where.append(only)
    return session.scalar(sa.select(sa.func.count()).select_from(op).where(*where)) or 0


def _code(value: Any) -> str | None:
    return None if value is None else getattr(value, "value", value)


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
    where = [*_known(a, event_id, cutoff), a.observed_at >= start, a.observed_at < end]
    total = session.scalar(sa.select(sa.func.count()).select_from(a).where(*where)) or 0
    rows = session.execute(
        sa.select(a.observed_at, a.observed_precision, Area.name, Area.name_en, a.title, a.source, a.note)
        .join(Area, Area.id == a.area_id).where(*where).order_by(a.observed_at, a.id).limit(limit)).all()
    return [ActivityRow(r[0], _code(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows], int(total)


def _observed_in(event_id: int, start: datetime, end: datetime, cutoff: datetime) -> sa.Select:
    """Ids of reports observed in the period (every kind named, so the (event, kind, time) index serves)."""
    return sa.select(Report.id).where(*_known(Report, event_id, cutoff), Report.kind.in_(report_kinds()),
                                      Report.observed_at >= start, Report.observed_at < end)


def _affecting(event_id: int, start: datetime, end: datetime, cutoff: datetime,
               since: datetime | None = None) -> sa.Subquery:
    """Ids of reports bearing on the period: observed in it, or an interval overlapping it (a UNION,
    so each part uses its own index or scan; an OR of IN-subqueries plans badly at scale)."""
    pv, dc = PumpingVolume, DebrisClearance
    parts = [
        _observed_in(event_id, start, end, cutoff),
        sa.select(pv.id).where(*_known(pv, event_id, cutoff), pv.id.in_(PUMPED.touching(start, end))),
        sa.select(dc.id).where(*_known(dc, event_id, cutoff), dc.id.in_(CLEARED.touching(start, end))),
    ]
    if since is not None:
        parts = [part.where(part.selected_columns[0].in_(
            sa.select(Report.id).where(Report.event_id == event_id, Report.reported_at > since,
                                       Report.reported_at <= cutoff))) for part in parts]
    return sa.union(*parts).subquery("affecting")


def statuses_used(session: Session, event_id: int, start: datetime, end: datetime,
                  cutoff: datetime) -> dict[str, int]:
    """Reports bearing on the period, known at the cut-off, counted by status."""
    ids = _affecting(event_id, start, end, cutoff)
    query = (sa.select(Report.status, sa.func.count()).join(ids, ids.c.id == Report.id)
             .group_by(Report.status))
    return {getattr(s, "value", s): int(n) for s, n in session.execute(query)}


def added_since(session: Session, event_id: int, start: datetime, end: datetime, since: datetime,
                cutoff: datetime) -> int:
    """Reports bearing on the period that became known after `since` (for a new revision)."""
    ids = _affecting(event_id, start, end, cutoff, since)
    return session.scalar(sa.select(sa.func.count()).select_from(ids)) or 0


def reports_by_subdistrict(session: Session, event_id: int, start: datetime, end: datetime,
                           cutoff: datetime) -> dict[int | None, int]:
    """Reports observed or sent in the period, per subdistrict (for the table and 零报告)."""
    sent = sa.select(Report.id).where(*_known(Report, event_id, cutoff), Report.reported_at >= start,
                                      Report.reported_at < end)
    ids = sa.union(_observed_in(event_id, start, end, cutoff), sent).subquery("in_period")
    sub = subdistricts()
    query = (sa.select(sub.c.subdistrict_id, sa.func.count())
             .select_from(Report).join(ids, ids.c.id == Report.id)
             .outerjoin(sub, sub.c.area_id == Report.area_id)
             .group_by(sub.c.subdistrict_id))
    return {sub_id: int(n) for sub_id, n in session.execute(query)}


def subdistrict_areas(session: Session, district_id: int | None) -> list[Area]:
    """The subdistricts/towns of the event's district (all of them when it names none)."""
    query = sa.select(Area).where(Area.level == AreaLevel.SUBDISTRICT)
    if district_id is not None:
        query = query.where(Area.id.in_(subtree_ids(session, district_id)))
    return list(session.scalars(query.order_by(Area.id)))


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
             .where(*_known(Report, event_id, cutoff), Report.reported_at > since, first < start)
             .order_by(Report.reported_at, Report.id).limit(limit))
    # COALESCE over SQLite text loses the column type: read back as UTC.
    return [LateRow(r[0], _code(r[1]), r[2], r[3], r[4], _code(r[5]), _utc(r[6]), r[7])
            for r in session.execute(query)]


def report_kinds() -> list[str]:
    """Every report kind code."""
    return [k.value for k in ReportKind]


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


def returned(session: Session, event_id: int, start: datetime, end: datetime, cutoff: datetime,
             limit: int = 30) -> tuple[list[ReturnedRow], int]:
    """Reports known by the cut-off, observed in the period, now sent back (returned); and how many."""
    where = [Report.event_id == event_id, Report.status == ReportStatus.RETURNED, Report.reported_at <= cutoff,
             Report.observed_at >= start, Report.observed_at < end]
    total = session.scalar(sa.select(sa.func.count()).select_from(Report).where(*where)) or 0
    rows = session.execute(
        sa.select(Report.id, Report.kind, Area.name, Area.name_en, Report.observed_at, Report.observed_precision,
                  Report.status_reason)
        .join(Area, Area.id == Report.area_id).where(*where).order_by(Report.observed_at, Report.id)
        .limit(limit)).all()
    return [ReturnedRow(r[0], _code(r[1]), r[2], r[3], r[4], _code(r[5]), r[6]) for r in rows], int(total)
