"""Interval quantities (pumped volume, debris): apportioned to days by overlap, summed per subdistrict in SQL.

The share of [a, b) is F(b) − F(a) with F(x) = ⌊v · overlap([s, x]) / (t − s)⌋ (cumulative
rounding). Shares of consecutive days telescope, so the daily figures of one report sum exactly to
its total, each day's figure is within one unit of its exact proportional share, and a day's share
depends only on its own bounds (no grid of days, the same answer whichever day is compiled first).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from incidents.briefs.quantities import Qty
from incidents.briefs.sql import flag, known, num, subdistricts
from incidents.reports.models import DebrisClearance, PumpingVolume


class epoch(FunctionElement):  # noqa: N801 (a SQL function name)
    """Seconds since 1970 of a UTC timestamp column, as an integer, on SQLite and PostgreSQL."""

    type = sa.BigInteger()
    inherit_cache = True
    name = "epoch"


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: epoch, compiler: Any, **kw: Any) -> str:
    # Stored as naive UTC text; strftime('%s') reads it as UTC. Its whole seconds only: a fraction is read to the
    # millisecond and rounded, 23:59:59.999999 made the next day's 00:00:00 (PostgreSQL floors).
    return "CAST(strftime('%s', substr(" + compiler.process(element.clauses, **kw) + ", 1, 19)) AS INTEGER)"


@compiles(epoch, "postgresql")
def _epoch_pg(element: epoch, compiler: Any, **kw: Any) -> str:
    return "CAST(FLOOR(EXTRACT(EPOCH FROM " + compiler.process(element.clauses, **kw) + ")) AS BIGINT)"


def seconds(at: datetime) -> int:
    """An aware datetime as whole epoch seconds (the same value `epoch` gives in SQL)."""
    return int(at.timestamp() // 1)


def _int(value: int | sa.BindParameter[int]) -> sa.ColumnElement[int]:
    """An epoch second as a BIGINT value; a named one (a cached statement's) as it is."""
    return value if isinstance(value, sa.BindParameter) else sa.literal(value, sa.BigInteger)


def cumulative_share(v: Any, s: Any, t: Any, x: int | sa.BindParameter[int]) -> sa.ColumnElement[int]:
    """F(x): the part of v (over [s, t], epoch seconds) up to instant x, rounded down; a point counts after s."""
    xv = _int(x)
    return sa.case(
        (t <= s, sa.case((s < xv, v), else_=0)),
        (xv <= s, 0),
        (xv >= t, v),
        else_=(v * (xv - s)) // (t - s),
    )


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
    # Reports begun before the end (interval_period: begun in the period, what it adds): none is "—", not 未报.
    to_date_reports: int = 0


@dataclass(eq=False)  # one object a kind, hashed by identity: a key of interval_series' built statements
class IntervalSpec:
    """What to sum for an interval kind: apportioned quantities and deployed resources."""

    model: Any
    start: Any
    end: Any
    quantities: list[str]
    deployed: list[str] = field(default_factory=list)

    def overlap(self, start: datetime, end: datetime) -> sa.ColumnElement[bool]:
        """The interval reaches into [start, end): one ending at the start does not; a point counts on its own day.

        Tested on the interval's own columns, never on a derived time, so an edited interval is still found.
        """
        s, t, a = epoch(self.start), epoch(self.end), seconds(start)
        return sa.and_(self.start < end, self.end >= start, sa.or_(t > _int(a), s >= _int(a)))

    def touching(self, start: datetime | sa.BindParameter[datetime], end: datetime | sa.BindParameter[datetime]
                 ) -> sa.Select:
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
    cols: list[sa.ColumnElement[Any]] = []
    for name in spec.quantities:
        cols += _part_before(spec, name, x)
    for name in spec.deployed:
        v, lb = getattr(m, name), getattr(m, f"{name}_lb")
        cols += [sa.func.sum(v).label(f"{name}_v"), flag(sa.or_(lb, v.is_(None))).label(f"{name}_lb"),
                 sa.literal(0).label(f"{name}_ax")]
    return cols


def _part_before(spec: IntervalSpec, name: str, x: int) -> list[sa.ColumnElement[Any]]:
    """One quantity's sum of parts before x (apportioned), "more than" and "about" (a period running at x)."""
    m = spec.model
    s, t = epoch(spec.start), epoch(spec.end)
    v, lb = getattr(m, name), getattr(m, f"{name}_lb")
    return [
        sa.func.sum(cumulative_share(v, s, t, x)).label(f"{name}_v"),
        # A sum with a lower bound in it, or with a report that gave no figure, is a lower bound.
        flag(sa.or_(lb, v.is_(None))).label(f"{name}_lb"),
        flag(sa.and_(v.is_not(None), s < _int(x), t > _int(x))).label(f"{name}_ax"),
    ]


def _sums(rows: Any, spec: IntervalSpec) -> dict[int | None, dict[str, Sum]]:
    out: dict[int | None, dict[str, Sum]] = {}
    for row in rows:
        out[row["sub_id"]] = {name: Sum(
            period=num(row.get(f"{name}_p")), period_lb=bool(row.get(f"{name}_p_lb")),
            period_approx=bool(row.get(f"{name}_p_ax")), period_reports=int(row.get("n") or 0),
            to_date=num(row[f"{name}_v"]), to_date_lb=bool(row[f"{name}_lb"]),
            to_date_approx=bool(row[f"{name}_ax"]), to_date_reports=int(row.get("n_to_date") or 0))
            for name in spec.quantities + spec.deployed}
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
    began = spec.start >= start
    cols: list[sa.ColumnElement[Any]] = [sub.c.subdistrict_id.label("sub_id"), sa.func.count().label("n"),
                                         sa.func.count(sa.case((began, 1))).label("n_to_date")]
    for name in spec.quantities:
        v, lb = getattr(m, name), getattr(m, f"{name}_lb")
        share = cumulative_share(v, s, t, b) - cumulative_share(v, s, t, a)
        vague = sa.or_(lb, v.is_(None))
        cols += [sa.func.sum(share).label(f"{name}_p"), flag(vague).label(f"{name}_p_lb"),
                 flag(sa.and_(v.is_not(None), sa.or_(sa.and_(s < _int(a), t > _int(a)), runs_on)))
                 .label(f"{name}_p_ax"),
                 sa.func.sum(share).label(f"{name}_v"), flag(vague).label(f"{name}_lb"),
                 flag(sa.and_(v.is_not(None), runs_on)).label(f"{name}_ax")]
    for name in spec.deployed:
        v, lb = getattr(m, name), getattr(m, f"{name}_lb")
        cols += [sa.func.sum(v).label(f"{name}_p"), flag(sa.or_(lb, v.is_(None))).label(f"{name}_p_lb"),
                 sa.literal(0).label(f"{name}_p_ax"),
                 sa.func.sum(sa.case((began, v))).label(f"{name}_v"),
                 flag(sa.and_(began, sa.or_(lb, v.is_(None)))).label(f"{name}_lb"),
                 sa.literal(0).label(f"{name}_ax")]
    query = (sa.select(*cols).select_from(m).outerjoin(sub, sub.c.area_id == m.area_id)
             .where(*known(m, event_id, cutoff), m.id.in_(spec.touching(start, end)), spec.overlap(start, end))
             .group_by(sub.c.subdistrict_id))
    return _sums(session.execute(query).mappings(), spec)


def interval_before(session: Session, spec: IntervalSpec, event_id: int, at: datetime, cutoff: datetime,
                    only: sa.ColumnElement[bool] | None = None) -> dict[int | None, dict[str, Sum]]:
    """Per subdistrict: each quantity's part before `at` (to date), of every report or of `only` some."""
    m = spec.model
    sub = subdistricts()
    x = seconds(at)
    cols = [sub.c.subdistrict_id.label("sub_id"), *_interval_columns(spec, x), sa.func.count().label("n_to_date")]
    where = [*known(m, event_id, cutoff), spec.start < at]
    if only is not None:
        where.append(only)
    query = (sa.select(*cols).select_from(m).outerjoin(sub, sub.c.area_id == m.area_id)
             .where(*where).group_by(sub.c.subdistrict_id))
    return _sums(session.execute(query).mappings(), spec)


def total_by_event(spec: IntervalSpec, name: str, event_ids: Sequence[int], at: datetime) -> sa.Select:
    """Per event: (event_id, one quantity's total to date at `at` as known now, "more than", "about"), by the
    brief's rule (interval_before: counted reports only, a volume only while its operation counts, a period
    running at `at` counted up to it), for the headline figures of several events in one statement."""
    m = spec.model
    return (sa.select(m.event_id, *_part_before(spec, name, seconds(at)))
            .where(*known(m, event_ids, None), spec.start < at).group_by(m.event_id))


# interval_series' statement per (kind, quantity, number of days), its values named and given at execution (as
# timelines.rule's): building and compiling it afresh was 11-13 ms of CPU a call on the seed, two a brief; 0.5 ms
# so (SQLite; PostgreSQL 15-20 -> 1.5-1.9 ms, 6 December).
_SERIES_EVENT, _SERIES_CUTOFF, _SERIES_FROM, _SERIES_TO = "series_event", "series_cutoff", "series_from", "series_to"


def _series_x(i: int) -> str:
    return f"series_x{i}"


@functools.cache
def _series_query(spec: IntervalSpec, name: str, days: int) -> sa.Select:
    """interval_series' statement for `days` consecutive days, built once per process."""
    m = spec.model
    s, t = epoch(spec.start), epoch(spec.end)
    v, lb = getattr(m, name), getattr(m, f"{name}_lb")
    xs = [sa.bindparam(_series_x(i), type_=sa.BigInteger) for i in range(days + 1)]
    # Typed by the columns they meet, as a datetime is.
    first: sa.BindParameter[datetime] = sa.bindparam(_SERIES_FROM)
    last: sa.BindParameter[datetime] = sa.bindparam(_SERIES_TO)
    cols = []
    for i in range(days):
        a, b = xs[i], xs[i + 1]
        touches = sa.and_(s < _int(b), sa.or_(t > _int(a), s >= _int(a)))
        cols += [sa.func.sum(sa.case((touches, cumulative_share(v, s, t, b) - cumulative_share(v, s, t, a)))),
                 flag(sa.and_(touches, sa.or_(lb, v.is_(None)))),
                 flag(sa.and_(touches, v.is_not(None), sa.or_(sa.and_(s < _int(a), t > _int(a)),
                                                                sa.and_(s < _int(b), t > _int(b))))),
                 sa.func.count(sa.case((touches, 1)))]
    query = sa.select(*cols).where(
        *known(m, sa.bindparam(_SERIES_EVENT, type_=sa.Integer), sa.bindparam(_SERIES_CUTOFF)),
        spec.start < last, spec.end >= first, m.id.in_(spec.touching(first, last)))
    return query


def interval_series(session: Session, spec: IntervalSpec, name: str, event_id: int,
                    bounds: list[datetime], cutoff: datetime) -> tuple[list[Qty], list[int]]:
    """One quantity's share of each of a few consecutive days (bounds: their edges), and how many reports
    reach into each (none: nothing was reported of that day, not a figure unreported), in one query.

    Only reports reaching into the first day are read: older ones add nothing to these days.
    """
    values = {_SERIES_EVENT: event_id, _SERIES_CUTOFF: cutoff, _SERIES_FROM: bounds[0], _SERIES_TO: bounds[-1],
              **{_series_x(i): seconds(b) for i, b in enumerate(bounds)}}
    row = session.execute(_series_query(spec, name, len(bounds) - 1), values).one()
    out, reports = [], []
    for i in range(len(bounds) - 1):
        value = num(row[4 * i])
        out.append(Qty(value, bool(row[4 * i + 1]) and bool(value), bool(row[4 * i + 2]) and bool(value)))
        reports.append(int(row[4 * i + 3] or 0))
    return out, reports
