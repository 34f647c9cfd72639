"""Restoration timelines: outage state at any moment, as known at any moment, all from one rule.

The rule (DESIGN.md): an outage's state at t is its latest live update at or before t. Households
(and, separately, buildings) still out are what the field reported as still out, else affected
minus restored so far; affected can grow, and growth reported after a statement of "still out" or
"fully restored" adds to what is out. One SQL query (`_state_points`) applies the rule at every
point where an outage changes (its start and each update), with window functions; the state now,
the timeline, the curve and the statistics are all read from those points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session

from incidents import vague
from incidents.areas.models import Area
from incidents.areas.services import subdistrict_of
from incidents.db import UTCDateTime, now_utc
from incidents.events.models import Event
from incidents.reports.models import OutageUpdate, PowerOutage
from incidents.vague import Precision

LIVE_STATUSES = ("submitted", "verified", "returned")


@dataclass(frozen=True)
class OutageState:
    """One outage as it stood at `at`, as known at `known_at`. None means not reported."""

    outage_id: int
    area_id: int
    area_name: str
    subdistrict_id: int | None
    subdistrict_name: str | None
    started_at: datetime
    started_precision: Precision
    households_affected: int | None
    households_affected_lb: bool
    buildings_affected: int | None
    buildings_affected_lb: bool
    households_out: int | None
    buildings_out: int | None
    restored: bool
    restored_at: datetime | None
    restored_precision: Precision | None
    etr_at: datetime | None
    etr_precision: Precision | None
    first_etr_at: datetime | None
    last_update_at: datetime | None
    # Beyond the brief's list: lower-bound flags and names a page needs.
    households_out_lb: bool = False
    buildings_out_lb: bool = False
    area_name_en: str | None = None
    subdistrict_name_en: str | None = None
    first_etr_precision: Precision | None = None
    updates: int = 0

    @property
    def open(self) -> bool:
        """Not fully restored at `at`."""
        return not self.restored


def _flag(column: Any) -> sa.ColumnElement[int]:
    """A boolean as 0/1, so MAX works on PostgreSQL too."""
    return sa.case((column, 1), else_=0)


def _lb(column: Any) -> sa.ColumnElement[int]:
    """A quantity's "more than" flag as 0/1, only where the quantity itself was given."""
    flag = getattr(column.class_, column.key + "_lb")
    return sa.case((sa.and_(column.is_not(None), flag), 1), else_=0)


def _state_points(event_id: int, at: datetime, known_at: datetime) -> sa.Subquery:
    """Every change point of every live outage of the event up to `at`, with its state there.

    Columns: outage_id, t, prec (precision of t), seq, rid, households/buildings affected (+lb),
    out (+lb), restored (0/1), restored_at/restored_precision (start of the current restored run),
    etr_at/etr_precision (latest ETR), first_etr_at/first_etr_precision, etr_new (an ETR given
    at this point), is_update, last_update_at, updates, latest (1 on the outage's last point).
    """
    outages = (
        sa.select(PowerOutage.id)
        .where(PowerOutage.event_id == event_id, PowerOutage.status.in_(LIVE_STATUSES),
               PowerOutage.reported_at <= known_at, PowerOutage.started_at <= at)
        .correlate(None)
    )
    null_int = sa.literal(None, sa.Integer)
    starts = sa.select(
        PowerOutage.id.label("outage_id"),
        PowerOutage.started_at.label("t"),
        PowerOutage.started_precision.label("prec"),
        sa.literal(0).label("seq"),
        PowerOutage.id.label("rid"),
        PowerOutage.households_affected.label("ha"),
        _lb(PowerOutage.households_affected).label("ha_lb"),
        PowerOutage.buildings_affected.label("ba"),
        _lb(PowerOutage.buildings_affected).label("ba_lb"),
        null_int.label("hr"), null_int.label("br"), null_int.label("ho"),
        sa.literal(0).label("ho_lb"), null_int.label("bo"), sa.literal(0).label("bo_lb"),
        sa.literal(0).label("full"),
        PowerOutage.etr_at.label("etr"),
        PowerOutage.etr_precision.label("etr_prec"),
    ).where(PowerOutage.id.in_(outages))
    updates = sa.select(
        OutageUpdate.outage_id,
        OutageUpdate.observed_at,
        OutageUpdate.observed_precision,
        sa.literal(1),
        OutageUpdate.id,
        OutageUpdate.households_affected,
        _lb(OutageUpdate.households_affected),
        OutageUpdate.buildings_affected,
        _lb(OutageUpdate.buildings_affected),
        OutageUpdate.households_restored, OutageUpdate.buildings_restored,
        OutageUpdate.households_out, _lb(OutageUpdate.households_out),
        OutageUpdate.buildings_out, _lb(OutageUpdate.buildings_out),
        _flag(OutageUpdate.fully_restored),
        OutageUpdate.etr_at,
        OutageUpdate.etr_precision,
    ).where(OutageUpdate.outage_id.in_(outages), OutageUpdate.status.in_(LIVE_STATUSES),
            OutageUpdate.reported_at <= known_at, OutageUpdate.observed_at <= at)
    p = sa.union_all(starts, updates).subquery("points")

    order = (p.c.t, p.c.seq, p.c.rid)

    def running(expr: Any) -> sa.ColumnElement[int]:
        # Running count of rows carrying a value: rows sharing it form a "carry" group.
        return sa.func.count(expr).over(partition_by=p.c.outage_id, order_by=order, rows=(None, 0))

    h_news = sa.case((sa.or_(p.c.ho.is_not(None), p.c.hr.is_not(None), p.c.full == 1), 1))
    b_news = sa.case((sa.or_(p.c.bo.is_not(None), p.c.br.is_not(None), p.c.full == 1), 1))
    l1 = sa.select(
        p, running(p.c.ha).label("g_ha"), running(p.c.ba).label("g_ba"),
        running(p.c.hr).label("g_hr"), running(p.c.br).label("g_br"),
        running(h_news).label("g_hn"), running(b_news).label("g_bn"),
        running(p.c.etr).label("g_etr"),
        sa.func.row_number().over(partition_by=p.c.outage_id,
                                  order_by=(p.c.etr.is_(None), *order)).label("etr_rank"),
        h_news.label("is_hn"), b_news.label("is_bn"),
    ).subquery("l1")

    def carry(col: Any, group: Any, type_: Any = None) -> sa.ColumnElement[Any]:
        # Within a carry group only its first row has a value: MAX carries it forward.
        return sa.func.max(col, type_=type_).over(partition_by=(l1.c.outage_id, group))

    def first_etr(col: Any, type_: Any) -> sa.ColumnElement[Any]:
        return sa.func.max(sa.case((l1.c.etr_rank == 1, col)), type_=type_).over(
            partition_by=l1.c.outage_id)

    l2 = sa.select(
        l1.c.outage_id, l1.c.t, l1.c.prec, l1.c.seq, l1.c.rid, l1.c.g_hn, l1.c.g_bn,
        l1.c.is_hn, l1.c.is_bn,
        carry(l1.c.ha, l1.c.g_ha).label("a_h"), carry(l1.c.ha_lb, l1.c.g_ha).label("a_h_lb"),
        carry(l1.c.ba, l1.c.g_ba).label("a_b"), carry(l1.c.ba_lb, l1.c.g_ba).label("a_b_lb"),
        carry(l1.c.hr, l1.c.g_hr).label("r_h"), carry(l1.c.br, l1.c.g_br).label("r_b"),
        carry(l1.c.ho, l1.c.g_hn).label("n_ho"), carry(l1.c.ho_lb, l1.c.g_hn).label("n_ho_lb"),
        carry(l1.c.hr, l1.c.g_hn).label("n_hr"), carry(l1.c.full, l1.c.g_hn).label("n_hfull"),
        carry(l1.c.bo, l1.c.g_bn).label("n_bo"), carry(l1.c.bo_lb, l1.c.g_bn).label("n_bo_lb"),
        carry(l1.c.br, l1.c.g_bn).label("n_br"), carry(l1.c.full, l1.c.g_bn).label("n_bfull"),
        carry(l1.c.etr, l1.c.g_etr, UTCDateTime()).label("etr_at"),
        carry(l1.c.etr_prec, l1.c.g_etr, sa.String()).label("etr_precision"),
        # The first ETR ever given, even if given after `t`: for slip, not for state.
        first_etr(l1.c.etr, UTCDateTime()).label("first_etr_at"),
        first_etr(l1.c.etr_prec, sa.String()).label("first_etr_precision"),
        l1.c.seq.label("is_update"),
        l1.c.etr.label("etr_new"), l1.c.etr_prec.label("etr_new_precision"),
    ).subquery("l2")

    def at_news(col: Any, is_news: Any, group: Any) -> sa.ColumnElement[Any]:
        # The affected total as it stood at the latest news row (for growth since then).
        return sa.func.max(sa.case((is_news == 1, col))).over(partition_by=(l2.c.outage_id, group))

    l3 = sa.select(
        l2, at_news(l2.c.a_h, l2.c.is_hn, l2.c.g_hn).label("a_h_news"),
        at_news(l2.c.a_b, l2.c.is_bn, l2.c.g_bn).label("a_b_news"),
    ).subquery("l3")

    def out(a: Any, a_lb: Any, g_news: Any, full: Any, o: Any, o_lb: Any, r: Any,
            a_news: Any) -> tuple[sa.ColumnElement[int], sa.ColumnElement[int]]:
        growth = sa.func.coalesce(a - a_news, 0)
        value = sa.case(
            (g_news == 0, a),                      # no word yet: all affected are out
            (full == 1, growth),                   # fully restored, plus any growth since
            (o.is_not(None), o + growth),          # "N still out", plus growth since
            (a.is_(None), None),                   # restored so far, but of an unknown total
            else_=a - sa.func.coalesce(r, 0),
        )
        clamped = sa.case((value < 0, 0), else_=value)
        lower = sa.case((g_news == 0, a_lb), (full == 1, 0), (o.is_not(None), o_lb),
                        else_=a_lb)
        return clamped, lower

    h_out, h_lb = out(l3.c.a_h, l3.c.a_h_lb, l3.c.g_hn, l3.c.n_hfull, l3.c.n_ho, l3.c.n_ho_lb,
                      l3.c.r_h, l3.c.a_h_news)
    b_out, b_lb = out(l3.c.a_b, l3.c.a_b_lb, l3.c.g_bn, l3.c.n_bfull, l3.c.n_bo, l3.c.n_bo_lb,
                      l3.c.r_b, l3.c.a_b_news)
    l4 = sa.select(
        l3.c.outage_id, l3.c.t, l3.c.prec, l3.c.seq, l3.c.rid, l3.c.is_update,
        l3.c.a_h, l3.c.a_h_lb, l3.c.a_b, l3.c.a_b_lb, l3.c.etr_at, l3.c.etr_precision,
        l3.c.first_etr_at, l3.c.first_etr_precision, l3.c.etr_new, l3.c.etr_new_precision,
        h_out.label("h_out"), h_lb.label("h_out_lb"), b_out.label("b_out"), b_lb.label("b_out_lb"),
        (l3.c.g_hn + l3.c.g_bn).label("news"),
    ).subquery("l4")

    # Restored: some word of restoration, nothing known still out, and something known.
    restored = sa.case((sa.and_(
        l4.c.news > 0, sa.func.coalesce(l4.c.h_out, 0) == 0, sa.func.coalesce(l4.c.b_out, 0) == 0,
        sa.or_(l4.c.h_out.is_not(None), l4.c.b_out.is_not(None))), 1), else_=0)
    l5 = sa.select(l4, restored.label("restored")).subquery("l5")
    l6 = sa.select(
        l5, sa.func.count(sa.case((l5.c.restored == 0, 1))).over(
            partition_by=l5.c.outage_id, order_by=(l5.c.t, l5.c.seq, l5.c.rid),
            rows=(None, 0)).label("g_open"),
    ).subquery("l6")
    run = (l6.c.outage_id, l6.c.g_open, l6.c.restored)
    run_order = (l6.c.t, l6.c.seq, l6.c.rid)
    l7 = sa.select(
        l6.c.outage_id, l6.c.t, l6.c.prec, l6.c.seq, l6.c.rid, l6.c.is_update,
        l6.c.a_h, l6.c.a_h_lb, l6.c.a_b, l6.c.a_b_lb, l6.c.h_out, l6.c.h_out_lb,
        l6.c.b_out, l6.c.b_out_lb, l6.c.restored, l6.c.etr_at, l6.c.etr_precision,
        l6.c.first_etr_at, l6.c.first_etr_precision, l6.c.etr_new, l6.c.etr_new_precision,
        sa.case((l6.c.restored == 1, sa.func.first_value(l6.c.t, type_=UTCDateTime()).over(
            partition_by=run, order_by=run_order))).label("restored_at"),
        sa.case((l6.c.restored == 1, sa.func.first_value(l6.c.prec, type_=sa.String()).over(
            partition_by=run, order_by=run_order))).label("restored_precision"),
        sa.func.max(sa.case((l6.c.is_update == 1, l6.c.t)), type_=UTCDateTime()).over(
            partition_by=l6.c.outage_id, order_by=run_order, rows=(None, 0)).label("last_update_at"),
        sa.func.sum(l6.c.is_update).over(
            partition_by=l6.c.outage_id, order_by=run_order, rows=(None, 0)).label("updates"),
        sa.func.row_number().over(partition_by=l6.c.outage_id,
                                  order_by=(l6.c.t.desc(), l6.c.seq.desc(), l6.c.rid.desc()))
        .label("latest"),
    ).subquery("state_points")
    return l7


def _precision(value: str | None) -> Precision | None:
    return Precision(value) if value else None


def outage_states(session: Session, event_id: int, at: datetime,
                  known_at: datetime | None = None) -> list[OutageState]:
    """One state per live outage of the event started by `at`, as known at `known_at` (default: at)."""
    known_at = known_at or at
    sp = _state_points(event_id, at, known_at)
    sub = subdistrict_of().subquery("sub_of")
    area = sa.orm.aliased(Area, name="area")
    subarea = sa.orm.aliased(Area, name="subarea")
    query = (
        sa.select(sp, PowerOutage.area_id, PowerOutage.started_at, PowerOutage.started_precision,
                  area.name, area.name_en, sub.c.subdistrict_id, subarea.name, subarea.name_en)
        .join(PowerOutage, PowerOutage.id == sp.c.outage_id)
        .join(area, area.id == PowerOutage.area_id)
        .outerjoin(sub, sub.c.area_id == PowerOutage.area_id)
        .outerjoin(subarea, subarea.id == sub.c.subdistrict_id)
        .where(sp.c.latest == 1)
        .order_by(PowerOutage.started_at, PowerOutage.id)
    )
    states = []
    for row in session.execute(query):
        m = row._mapping
        states.append(OutageState(
            outage_id=m["outage_id"], area_id=m["area_id"], area_name=row[-5],
            area_name_en=row[-4], subdistrict_id=m["subdistrict_id"], subdistrict_name=row[-2],
            subdistrict_name_en=row[-1],
            started_at=m["started_at"], started_precision=Precision(m["started_precision"]),
            households_affected=m["a_h"], households_affected_lb=bool(m["a_h_lb"]),
            buildings_affected=m["a_b"], buildings_affected_lb=bool(m["a_b_lb"]),
            households_out=m["h_out"], buildings_out=m["b_out"],
            households_out_lb=bool(m["h_out_lb"]) and bool(m["h_out"]),
            buildings_out_lb=bool(m["b_out_lb"]) and bool(m["b_out"]),
            restored=bool(m["restored"]), restored_at=m["restored_at"],
            restored_precision=_precision(m["restored_precision"]),
            etr_at=m["etr_at"], etr_precision=_precision(m["etr_precision"]),
            first_etr_at=m["first_etr_at"],
            first_etr_precision=_precision(m["first_etr_precision"]),
            last_update_at=m["last_update_at"], updates=int(m["updates"] or 0),
        ))
    return states


# ---- time arithmetic in SQL, on both databases -------------------------------------------------

class epoch(sa.sql.functions.GenericFunction[float]):  # noqa: N801 - a SQL function name
    """Seconds since 1970 of a UTC timestamp column."""

    type = sa.Float()
    inherit_cache = True


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: epoch, compiler: Any, **kw: Any) -> str:
    # Whole seconds from strftime('%s'), milliseconds from '%f' (julianday() would round).
    x = compiler.process(element.clauses, **kw)
    return (f"(CAST(strftime('%s', {x}) AS REAL) - CAST(strftime('%S', {x}) AS REAL)"
            f" + CAST(strftime('%f', {x}) AS REAL))")


@compiles(epoch, "postgresql")
def _epoch_postgresql(element: epoch, compiler: Any, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else float(seconds) / 3600.0


# ---- the timeline: rows, steps, ETR marks --------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """A point in an outage's state series: what was still out from `at` on."""

    at: datetime
    precision: Precision
    households_out: int | None
    buildings_out: int | None
    restored: bool


@dataclass(frozen=True)
class EtrMark:
    """An estimated restoration time as given at `given_at`; slip against the ETR before it."""

    given_at: datetime
    etr_at: datetime
    precision: Precision
    slip: timedelta | None


@dataclass
class OutageRow:
    """One bar of the timeline: the state at `at`, its series of steps and its ETR history."""

    state: OutageState
    steps: list[Step]
    etrs: list[EtrMark]
    end: datetime                   # restoration, or `at` while open
    duration: timedelta             # between representative instants
    duration_min: timedelta         # the shortest the vague edges allow
    duration_max: timedelta         # the longest they allow
    overdue: bool                   # open and the latest ETR has passed
    update_age: timedelta           # since the last update (or the start, if none)
    etr_slip: timedelta | None      # restoration minus the first ETR

    @property
    def vague(self) -> bool:
        """Either edge is known only approximately."""
        return self.duration_min != self.duration_max


@dataclass
class Group:
    """The outages of one subdistrict/town (or of the district itself, subdistrict None)."""

    subdistrict_id: int | None
    name: str | None
    name_en: str | None
    rows: list[OutageRow]
    outages: int = 0
    open: int = 0
    households_out: int = 0
    households_out_lb: bool = False
    households_unknown: int = 0     # open outages whose households were not reported
    buildings_out: int = 0
    buildings_out_lb: bool = False
    buildings_unknown: int = 0


def _series(session: Session, sp: sa.Subquery) -> tuple[dict[int, list[Step]], dict[int, list[EtrMark]]]:
    """Every outage's steps and ETR history, from the state points (one query)."""
    steps: dict[int, list[Step]] = {}
    etrs: dict[int, list[EtrMark]] = {}
    query = sa.select(sp.c.outage_id, sp.c.t, sp.c.prec, sp.c.h_out, sp.c.b_out, sp.c.restored,
                      sp.c.etr_new, sp.c.etr_new_precision).order_by(sp.c.outage_id, sp.c.t, sp.c.seq,
                                                                     sp.c.rid)
    for oid, t, prec, h, b, restored, etr, etr_prec in session.execute(query):
        steps.setdefault(oid, []).append(Step(t, Precision(prec), h, b, bool(restored)))
        if etr is not None:
            marks = etrs.setdefault(oid, [])
            slip = etr - marks[-1].etr_at if marks else None
            marks.append(EtrMark(t, etr, Precision(etr_prec), slip))
    return steps, etrs


SORTS = ("start", "duration", "households")


def _sort_key(sort: str) -> Any:
    if sort == "duration":
        return lambda r: (r.duration, r.state.outage_id)
    if sort == "households":
        # Unknown sizes sort as the smallest, never as a guess.
        return lambda r: (r.state.households_affected is not None, r.state.households_affected or 0,
                          r.state.buildings_affected or 0, r.state.outage_id)
    return lambda r: (r.state.started_at, r.state.outage_id)


def _row(state: OutageState, steps: list[Step], etrs: list[EtrMark], at: datetime,
         tz: ZoneInfo) -> OutageRow:
    end = state.restored_at if state.restored and state.restored_at else at
    start_w = vague.window(state.started_at, state.started_precision, tz)
    if state.restored and state.restored_at and state.restored_precision:
        end_w = vague.window(state.restored_at, state.restored_precision, tz)
    else:
        end_w = vague.Window(at, at)
    shortest = max(end_w.earliest - start_w.latest, timedelta(0))
    longest = max(end_w.latest - start_w.earliest, timedelta(0))
    since = state.last_update_at or state.started_at
    slip = (state.restored_at - state.first_etr_at
            if state.restored and state.restored_at and state.first_etr_at else None)
    return OutageRow(
        state=state, steps=steps, etrs=etrs, end=end, duration=end - state.started_at,
        duration_min=shortest, duration_max=longest,
        overdue=bool(state.open and state.etr_at and state.etr_at < at),
        update_age=at - since, etr_slip=slip,
    )


def _groups(rows: list[OutageRow], sort: str, desc: bool) -> list[Group]:
    groups: dict[int | None, Group] = {}
    for row in rows:
        s = row.state
        group = groups.get(s.subdistrict_id)
        if group is None:
            group = groups[s.subdistrict_id] = Group(s.subdistrict_id, s.subdistrict_name,
                                                      s.subdistrict_name_en, [])
        group.rows.append(row)
    for group in groups.values():
        group.rows.sort(key=_sort_key(sort), reverse=desc)
    return sorted(groups.values(), key=lambda g: (g.subdistrict_id is None, g.name or ""))


def _group_totals(session: Session, sp: sa.Subquery, groups: list[Group]) -> None:
    """Per subdistrict: outages, open, households and buildings still out (one GROUP BY)."""
    sub = subdistrict_of().subquery("sub_of")
    open_ = 1 - sp.c.restored
    query = (
        sa.select(sub.c.subdistrict_id, sa.func.count(), sa.func.sum(open_),
                  sa.func.sum(sa.func.coalesce(sp.c.h_out, 0)), sa.func.max(sp.c.h_out_lb * open_),
                  sa.func.sum(sa.case((sp.c.h_out.is_(None), open_), else_=0)),
                  sa.func.sum(sa.func.coalesce(sp.c.b_out, 0)), sa.func.max(sp.c.b_out_lb * open_),
                  sa.func.sum(sa.case((sp.c.b_out.is_(None), open_), else_=0)))
        .select_from(sp).join(PowerOutage, PowerOutage.id == sp.c.outage_id)
        .outerjoin(sub, sub.c.area_id == PowerOutage.area_id)
        .where(sp.c.latest == 1).group_by(sub.c.subdistrict_id)
    )
    by_id = {g.subdistrict_id: g for g in groups}
    for sub_id, n, n_open, h, h_lb, h_unknown, b, b_lb, b_unknown in session.execute(query):
        group = by_id.get(sub_id)
        if group is None:
            continue
        group.outages, group.open = int(n), int(n_open or 0)
        group.households_out, group.households_out_lb = int(h or 0), bool(h_lb)
        group.households_unknown = int(h_unknown or 0)
        group.buildings_out, group.buildings_out_lb = int(b or 0), bool(b_lb)
        group.buildings_unknown = int(b_unknown or 0)


# ---- the restoration curve ---------------------------------------------------------------------

THRESHOLDS = (50, 90, 95, 100)


@dataclass(frozen=True)
class CurvePoint:
    """From `at` on (until the next point): what was out across the scope."""

    at: datetime
    households_out: int
    buildings_out: int
    open_outages: int
    households_unknown: int   # open outages whose households were not reported (not in the sum)
    buildings_unknown: int


@dataclass(frozen=True)
class Measure:
    """Peak, now, and when the scope got back 50/90/95/100 % of the peak, for one measure."""

    name: str
    peak: int
    peak_at: datetime | None
    current: int
    restored_pct: float | None          # of the peak, restored by `at`
    reached: dict[int, datetime | None]  # threshold % → first instant after the peak
    hours_to: dict[int, float | None]    # threshold % → hours from the peak

    @property
    def reported(self) -> bool:
        """Whether any outage in scope reported this measure at all."""
        return self.peak > 0


@dataclass
class Curve:
    """Households and buildings still out, and open outages, vs time (a step function)."""

    subdistrict_id: int | None
    name: str | None
    points: list[CurvePoint]
    households: Measure
    buildings: Measure
    open_peak: int
    at: datetime

    def value_at(self, when: datetime) -> CurvePoint | None:
        """The curve's value at an instant (None before the first outage)."""
        current = None
        for point in self.points:
            if point.at > when:
                break
            current = point
        return current


def _measure(name: str, points: list[CurvePoint], attr: str) -> Measure:
    # Reading thresholds off the curve already aggregated in SQL: one pass over its points.
    peak, peak_at = 0, None
    for p in points:
        value = getattr(p, attr)
        if value > peak:
            peak, peak_at = value, p.at
    current = getattr(points[-1], attr) if points else 0
    reached: dict[int, datetime | None] = dict.fromkeys(THRESHOLDS)
    if peak and peak_at is not None:
        for p in points:
            if p.at < peak_at:
                continue
            restored = peak - getattr(p, attr)
            for pct in THRESHOLDS:
                if reached[pct] is None and restored * 100 >= pct * peak:
                    reached[pct] = p.at
    hours = {pct: (_hours((t - peak_at).total_seconds()) if t and peak_at else None)
             for pct, t in reached.items()}
    pct_now = round(100.0 * (peak - current) / peak, 1) if peak else None
    return Measure(name, peak, peak_at, current, pct_now, reached, hours)


def _curve_points(session: Session, sp: sa.Subquery, by_subdistrict: bool) -> dict[int, list[CurvePoint]]:
    """Step curves as cumulative sums of per-outage changes: SQL window functions and GROUP BY."""
    sub = subdistrict_of().subquery("sub_of")
    key = sa.func.coalesce(sub.c.subdistrict_id, 0) if by_subdistrict else sa.literal(0)
    h = sa.func.coalesce(sp.c.h_out, 0)
    b = sa.func.coalesce(sp.c.b_out, 0)
    open_ = 1 - sp.c.restored
    h_unknown = sa.case((sp.c.h_out.is_(None), open_), else_=0)
    b_unknown = sa.case((sp.c.b_out.is_(None), open_), else_=0)
    w = {"partition_by": sp.c.outage_id, "order_by": (sp.c.t, sp.c.seq, sp.c.rid)}

    def change(value: Any) -> sa.ColumnElement[int]:
        return value - sa.func.lag(value, 1, 0).over(**w)

    deltas = (
        sa.select(key.label("k"), sp.c.t, change(h).label("dh"), change(b).label("db"),
                  change(open_).label("do"), change(h_unknown).label("dhu"),
                  change(b_unknown).label("dbu"))
        .select_from(sp).join(PowerOutage, PowerOutage.id == sp.c.outage_id)
        .outerjoin(sub, sub.c.area_id == PowerOutage.area_id)
    ).subquery("deltas")
    per_t = (
        sa.select(deltas.c.k, deltas.c.t, sa.func.sum(deltas.c.dh).label("dh"),
                  sa.func.sum(deltas.c.db).label("db"), sa.func.sum(deltas.c["do"]).label("do"),
                  sa.func.sum(deltas.c.dhu).label("dhu"), sa.func.sum(deltas.c.dbu).label("dbu"))
        .group_by(deltas.c.k, deltas.c.t)
    ).subquery("per_t")
    cw = {"partition_by": per_t.c.k, "order_by": per_t.c.t, "rows": (None, 0)}
    query = sa.select(
        per_t.c.k, per_t.c.t, sa.func.sum(per_t.c.dh).over(**cw), sa.func.sum(per_t.c.db).over(**cw),
        sa.func.sum(per_t.c["do"]).over(**cw), sa.func.sum(per_t.c.dhu).over(**cw),
        sa.func.sum(per_t.c.dbu).over(**cw),
    ).order_by(per_t.c.k, per_t.c.t)
    curves: dict[int, list[CurvePoint]] = {}
    for k, t, hv, bv, ov, hu, bu in session.execute(query):
        curves.setdefault(k, []).append(CurvePoint(t, int(hv), int(bv), int(ov), int(hu), int(bu)))
    return curves


def _curve(points: list[CurvePoint], at: datetime, subdistrict_id: int | None,
           name: str | None) -> Curve:
    if points and points[-1].at < at:
        last = points[-1]
        points = [*points, CurvePoint(at, last.households_out, last.buildings_out, last.open_outages,
                                      last.households_unknown, last.buildings_unknown)]
    return Curve(subdistrict_id, name, points, _measure("households", points, "households_out"),
                 _measure("buildings", points, "buildings_out"),
                 max((p.open_outages for p in points), default=0), at)


def restoration_curve(session: Session, event_id: int, at: datetime,
                      known_at: datetime | None = None) -> Curve:
    """Households and buildings without power, and open outages, vs time, for the whole event."""
    at = at.astimezone(UTC)
    sp = _state_points(event_id, at, known_at or at)
    return _curve(_curve_points(session, sp, False).get(0, []), at, None, None)


# ---- statistics --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PerUnit:
    """CAIDI-style: mean and median hours without power per household (or building)."""

    interrupted: int            # restored so far plus still out
    still_out: int
    unit_hours: float           # household-hours (building-hours) up to `at`
    mean_hours: float | None
    median_hours: float | None
    median_open: bool           # the median unit is still without power (a lower bound)

    @property
    def mean_is_lower_bound(self) -> bool:
        """Open units count with their time so far: the true mean can only be higher."""
        return self.still_out > 0


@dataclass(frozen=True)
class Stats:
    """Event statistics, open outages counted as open (their time so far, flagged)."""

    outages: int
    open: int
    mean_hours: float | None
    median_hours: float | None
    median_open: bool
    longest_outage_id: int | None
    longest_hours: float | None
    longest_open: bool
    households: PerUnit
    buildings: PerUnit
    with_etr: int
    etr_slip_mean_hours: float | None
    etr_slip_max_hours: float | None
    overdue: int


def _per_unit(session: Session, sp: sa.Subquery, out_col: str, at: datetime) -> PerUnit:
    """Unit-hours, and the mean and weighted median per unit, in SQL."""
    out = sa.func.coalesce(sp.c[out_col], 0)
    w = {"partition_by": sp.c.outage_id, "order_by": (sp.c.t, sp.c.seq, sp.c.rid)}
    at_lit = sa.literal(at, UTCDateTime())
    next_t = sa.func.lead(sp.c.t, 1, at_lit, type_=UTCDateTime()).over(**w)
    seg = sa.select((out * (epoch(next_t) - epoch(sp.c.t))).label("s")).subquery("seg")
    unit_seconds = session.scalar(sa.select(sa.func.sum(seg.c.s))) or 0.0

    # Each fall in what is out restores that many units after (t - start); what is still out at
    # `at` counts with its time so far, marked open.
    start = sa.select(PowerOutage.started_at).where(PowerOutage.id == sp.c.outage_id) \
        .scalar_subquery()
    restored_now = (sa.func.lag(out, 1, 0).over(**w) - out)
    falls = sa.select(restored_now.label("n"), (epoch(sp.c.t) - epoch(start)).label("d"),
                      sa.literal(0).label("open")).subquery("falls")
    still = sa.select(out.label("n"), (epoch(at_lit) - epoch(start)).label("d"),
                      sa.literal(1).label("open")).where(sp.c.latest == 1)
    units = sa.union_all(sa.select(falls).where(falls.c.n > 0), still.where(out > 0)).subquery("u")
    ordered = sa.select(
        units.c.n, units.c.d, units.c.open,
        sa.func.sum(units.c.n).over(order_by=(units.c.d, units.c.open), rows=(None, 0)).label("cum"),
        sa.func.sum(units.c.n).over().label("total"),
    ).subquery("ordered")
    total, still_out, weighted = session.execute(sa.select(
        sa.func.sum(units.c.n), sa.func.sum(units.c.n * units.c.open),
        sa.func.sum(units.c.n * units.c.d))).one()
    median = session.execute(
        sa.select(ordered.c.d, ordered.c.open).where(ordered.c.cum * 2 >= ordered.c.total)
        .order_by(ordered.c.cum).limit(1)).first()
    total = int(total or 0)
    return PerUnit(
        interrupted=total, still_out=int(still_out or 0), unit_hours=_hours(unit_seconds) or 0.0,
        mean_hours=_hours(weighted / total) if total else None,
        median_hours=_hours(median[0]) if median else None,
        median_open=bool(median[1]) if median else False,
    )


def _stats(session: Session, sp: sa.Subquery, at: datetime) -> Stats:
    """Outage durations, unit-hours, CAIDI-style figures and ETR slip, all in SQL."""
    at_lit = sa.literal(at, UTCDateTime())
    latest = (sa.select(sp.c.outage_id, sp.c.restored, sp.c.restored_at, sp.c.first_etr_at,
                        sp.c.etr_at, PowerOutage.started_at)
              .join(PowerOutage, PowerOutage.id == sp.c.outage_id).where(sp.c.latest == 1)
              .subquery("latest_state"))
    end = sa.case((latest.c.restored == 1, latest.c.restored_at), else_=at_lit)
    dur = (epoch(end) - epoch(latest.c.started_at)).label("dur")
    durations = sa.select(
        latest.c.outage_id, latest.c.restored, dur,
        sa.func.row_number().over(order_by=(dur, latest.c.outage_id)).label("rn"),
        sa.func.count().over().label("n"),
    ).subquery("durations")
    n, n_open, mean, longest = session.execute(sa.select(
        sa.func.count(), sa.func.sum(1 - durations.c.restored), sa.func.avg(durations.c.dur),
        sa.func.max(durations.c.dur))).one()
    median, median_open = session.execute(sa.select(
        sa.func.avg(durations.c.dur), sa.func.max(1 - durations.c.restored))
        .where(durations.c.rn.in_([(durations.c.n + 1) / 2, (durations.c.n + 2) / 2]))).one()
    longest_row = session.execute(sa.select(durations.c.outage_id, durations.c.restored)
                                  .order_by(durations.c.dur.desc(), durations.c.outage_id)
                                  .limit(1)).first()
    slip = epoch(latest.c.restored_at) - epoch(latest.c.first_etr_at)
    with_etr, slip_mean, slip_max, overdue = session.execute(sa.select(
        sa.func.count(latest.c.first_etr_at),
        sa.func.avg(sa.case((latest.c.restored == 1, slip))),
        sa.func.max(sa.case((latest.c.restored == 1, slip))),
        sa.func.sum(sa.case((sa.and_(latest.c.restored == 0, latest.c.etr_at < at_lit), 1),
                            else_=0)))).one()
    return Stats(
        outages=int(n or 0), open=int(n_open or 0), mean_hours=_hours(mean),
        median_hours=_hours(median), median_open=bool(median_open),
        longest_outage_id=longest_row[0] if longest_row else None, longest_hours=_hours(longest),
        longest_open=bool(longest_row and not longest_row[1]),
        households=_per_unit(session, sp, "h_out", at), buildings=_per_unit(session, sp, "b_out", at),
        with_etr=int(with_etr or 0), etr_slip_mean_hours=_hours(slip_mean),
        etr_slip_max_hours=_hours(slip_max), overdue=int(overdue or 0),
    )


# ---- the whole timeline ------------------------------------------------------------------------

@dataclass
class Timeline:
    """Everything the timeline page, its exports, the JSON API and the brief read."""

    event_id: int
    timezone: str
    at: datetime
    known_at: datetime
    sort: str
    desc: bool
    rows: list[OutageRow]
    groups: list[Group]
    outstanding: list[OutageRow]
    curve: Curve
    curves: list[Curve]
    stats: Stats
    axis_start: datetime | None
    axis_end: datetime | None

    @property
    def states(self) -> list[OutageState]:
        """The state of every outage at `at`."""
        return [r.state for r in self.rows]


def _axis(rows: list[OutageRow], at: datetime, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """The time span to draw: from the earliest possible start to the last thing that happened.

    Open outages run to `at`; when `at` is long after the last report (a past event viewed
    today), the axis stops a little after the last report and open bars show a break.
    """
    if not rows:
        return None, None
    start = min(vague.window(r.state.started_at, r.state.started_precision, tz).earliest for r in rows)
    last = max(max(r.end if r.state.restored else r.state.started_at,
                   r.state.last_update_at or r.state.started_at,
                   max((m.etr_at for m in r.etrs), default=r.state.started_at)) for r in rows)
    for r in rows:
        if r.state.restored and r.state.restored_at and r.state.restored_precision:
            last = max(last, vague.window(r.state.restored_at, r.state.restored_precision, tz).latest)
    span = max(last - start, timedelta(hours=6))
    end = min(at, last + max(span / 10, timedelta(hours=3)))
    return start, max(end, start + timedelta(hours=1))


def restoration_timeline(session: Session, event: Event, at: datetime | None = None,
                         known_at: datetime | None = None, sort: str = "start",
                         desc: bool = False) -> Timeline:
    """The event's outages at `at` as known at `known_at` (default: at), with curve and statistics."""
    at = (at or now_utc()).astimezone(UTC)
    known_at = (known_at or at).astimezone(UTC)
    sort = sort if sort in SORTS else "start"
    tz = event.tz
    sp = _state_points(event.id, at, known_at)
    states = outage_states(session, event.id, at, known_at)
    steps, etrs = _series(session, sp)
    rows = [_row(s, steps.get(s.outage_id, []), etrs.get(s.outage_id, []), at, tz) for s in states]
    groups = _groups(rows, sort, desc)
    _group_totals(session, sp, groups)
    names = {g.subdistrict_id or 0: g.name for g in groups}
    by_sub = _curve_points(session, sp, True)
    district_points = _curve_points(session, sp, False).get(0, [])
    curves = [_curve(points, at, k or None, names.get(k)) for k, points in by_sub.items()]
    curves.sort(key=lambda c: (c.subdistrict_id is None, c.name or ""))
    outstanding = sorted((r for r in rows if r.state.open), key=lambda r: (-r.duration.total_seconds(),
                                                                          r.state.outage_id))
    axis_start, axis_end = _axis(rows, at, tz)
    return Timeline(
        event_id=event.id, timezone=event.timezone, at=at, known_at=known_at, sort=sort, desc=desc,
        rows=rows, groups=groups, outstanding=outstanding,
        curve=_curve(district_points, at, None, None), curves=curves,
        stats=_stats(session, sp, at), axis_start=axis_start, axis_end=axis_end,
    )


# ---- exports: one structure, JSON and CSV ------------------------------------------------------

def iso_utc(value: datetime | None) -> str | None:
    """An instant as UTC ISO 8601 with Z; None stays None."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Precision):
        return value.value
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600.0, 4)
    return value


def row_dict(row: OutageRow) -> dict[str, Any]:
    """One outage of the timeline as plain data (times in UTC ISO 8601, durations in hours)."""
    state = {k: _value(v) for k, v in vars(row.state).items()}
    return {
        **state,
        "open": row.state.open,
        "duration_hours": _value(row.duration),
        "duration_hours_min": _value(row.duration_min),
        "duration_hours_max": _value(row.duration_max),
        "overdue": row.overdue,
        "update_age_hours": _value(row.update_age),
        "etr_slip_hours": _value(row.etr_slip),
        "steps": [{k: _value(v) for k, v in vars(s).items()} for s in row.steps],
        "etrs": [{k: _value(v) for k, v in vars(m).items()} for m in row.etrs],
    }


def curve_dict(curve: Curve) -> dict[str, Any]:
    """A curve and its peak/threshold figures as plain data."""

    def measure(m: Measure) -> dict[str, Any]:
        return {"peak": m.peak, "peak_at": iso_utc(m.peak_at), "current": m.current,
                "restored_pct_of_peak": m.restored_pct,
                "reached": {str(k): iso_utc(v) for k, v in m.reached.items()},
                "hours_from_peak": {str(k): v for k, v in m.hours_to.items()}}

    return {
        "subdistrict_id": curve.subdistrict_id, "subdistrict_name": curve.name,
        "households": measure(curve.households), "buildings": measure(curve.buildings),
        "open_outages_peak": curve.open_peak,
        "points": [{k: _value(v) for k, v in vars(p).items()} for p in curve.points],
    }


def timeline_dict(timeline: Timeline) -> dict[str, Any]:
    """The whole timeline as plain data: the JSON endpoint and export."""
    stats = timeline.stats
    return {
        "event_id": timeline.event_id, "timezone": timeline.timezone,
        "at": iso_utc(timeline.at), "known_at": iso_utc(timeline.known_at),
        "rule": "state at t = latest live update observed at or before t, among reports "
                "known (reported) by known_at; vague times at their representative instant",
        "outages": [row_dict(r) for r in timeline.rows],
        "outstanding": [r.state.outage_id for r in timeline.outstanding],
        "groups": [{"subdistrict_id": g.subdistrict_id, "subdistrict_name": g.name,
                    "outages": g.outages, "open": g.open, "households_out": g.households_out,
                    "households_out_lb": g.households_out_lb,
                    "households_not_reported": g.households_unknown,
                    "buildings_out": g.buildings_out, "buildings_out_lb": g.buildings_out_lb,
                    "buildings_not_reported": g.buildings_unknown,
                    "outage_ids": [r.state.outage_id for r in g.rows]} for g in timeline.groups],
        "stats": {**{k: v for k, v in vars(stats).items() if k not in ("households", "buildings")},
                  "households": {**vars(stats.households),
                                 "mean_is_lower_bound": stats.households.mean_is_lower_bound},
                  "buildings": {**vars(stats.buildings),
                                "mean_is_lower_bound": stats.buildings.mean_is_lower_bound}},
        "curve": curve_dict(timeline.curve),
        "curves_by_subdistrict": [curve_dict(c) for c in timeline.curves],
    }


TIMELINE_CSV_COLUMNS = (
    "outage_id", "subdistrict_name", "area_name", "started_at", "started_precision",
    "households_affected", "households_affected_lb", "buildings_affected", "buildings_affected_lb",
    "households_out", "households_out_lb", "buildings_out", "buildings_out_lb", "open",
    "restored_at", "restored_precision", "duration_hours", "duration_hours_min",
    "duration_hours_max", "first_etr_at", "etr_at", "etr_precision", "overdue", "etr_slip_hours",
    "last_update_at", "update_age_hours", "updates",
)
CURVE_CSV_COLUMNS = ("scope", "subdistrict_id", "subdistrict_name", "at", "households_out", "buildings_out",
                     "open_outages", "households_unknown", "buildings_unknown")


def _csv(header: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, header, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        # Empty means not reported, never 0; flags as true/false.
        writer.writerow({k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
                         for k, v in row.items()})
    return out.getvalue()


def timeline_csv(timeline: Timeline) -> str:
    """One line per outage (grouped by subdistrict, in the page's order)."""
    ordered = [row for group in timeline.groups for row in group.rows]
    return _csv(TIMELINE_CSV_COLUMNS, [row_dict(r) for r in ordered])


def curve_csv(timeline: Timeline) -> str:
    """The whole event's curve (scope all), then each subdistrict's, one line per change.

    Outages reported for the district itself, not a subdistrict, have scope district_level.
    """
    rows = []
    for curve in [timeline.curve, *timeline.curves]:
        scope = ("all" if curve is timeline.curve else
                 "subdistrict" if curve.subdistrict_id else "district_level")
        for point in curve.points:
            rows.append({"scope": scope, "subdistrict_id": curve.subdistrict_id,
                         "subdistrict_name": curve.name,
                         **{k: _value(v) for k, v in vars(point).items()}})
    return _csv(CURVE_CSV_COLUMNS, rows)
