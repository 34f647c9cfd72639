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
from incidents.areas.models import Area, AreaLevel
from incidents.db import UTCDateTime, now_utc
from incidents.events.models import Event
from incidents.reports.models import OutageUpdate, PowerOutage
from incidents.vague import Precision

LIVE_STATUSES = ("submitted", "verified", "returned")
# The state points: as a subquery, or kept in a temporary table for one timeline.
Points = sa.Subquery | sa.Table


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
    return _apply_rule(p)


# Carrying "the latest value given so far" forward, with one window ordering for everything:
# a value is packed with its row number (rn * 2^32 + value) so that a running MAX picks the
# latest row that gave one; the remainder unpacks it. Times pack as whole epoch seconds.
K32 = 2**32
K34 = 2**34
PRECISION_CODES = {p.value: i for i, p in enumerate(Precision)}


def _prec_code(column: Any) -> sa.ColumnElement[int]:
    return sa.case(PRECISION_CODES, value=column, else_=0)


def _prec_decode(code: Any) -> sa.ColumnElement[str]:
    return sa.case({i: v for v, i in PRECISION_CODES.items()}, value=code)


def _apply_rule(p: sa.Subquery) -> sa.Subquery:
    """The outage state rule, applied at every point, with window functions over one ordering."""
    l0 = sa.select(p, sa.func.row_number().over(
        partition_by=p.c.outage_id, order_by=(p.c.t, p.c.seq, p.c.rid)).label("rn")).subquery("l0")

    def run(window_over: Any, c: Any) -> sa.ColumnElement[Any]:
        # Running window: from the outage's first point to this one.
        return window_over.over(partition_by=c.outage_id, order_by=c.rn, rows=(None, 0))

    c = l0.c
    h_news = sa.or_(c.ho.is_not(None), c.hr.is_not(None), c.full == 1)
    b_news = sa.or_(c.bo.is_not(None), c.br.is_not(None), c.full == 1)

    def latest_int(value: Any, lb: Any = 0) -> sa.ColumnElement[int]:
        return run(sa.func.max(sa.case((value.is_not(None), c.rn * K32 + value * 2 + lb))), c)

    def latest_news(news: Any, out: Any, out_lb: Any) -> sa.ColumnElement[int]:
        # The latest news row's "still out" (+1, 0 = not given), its lower bound and full flag.
        code = (sa.func.coalesce(out + 1, 0) * 4 + out_lb * 2 + c.full)
        return run(sa.func.max(sa.case((news, c.rn * K32 + code))), c)

    etr_packed = sa.case((c.etr.is_not(None), c.rn * K34 + epoch_seconds(c.etr)))
    etr_prec_packed = sa.case((c.etr.is_not(None), c.rn * 8 + _prec_code(c.etr_prec)))
    l1 = sa.select(
        c.outage_id, c.t, c.prec, c.seq, c.rid, c.rn,
        c.etr.label("etr_new"), c.etr_prec.label("etr_new_precision"),
        sa.case((h_news, 1), else_=0).label("is_hn"), sa.case((b_news, 1), else_=0).label("is_bn"),
        latest_int(c.ha, c.ha_lb).label("a_h_p"), latest_int(c.ba, c.ba_lb).label("a_b_p"),
        latest_int(c.hr).label("r_h_p"), latest_int(c.br).label("r_b_p"),
        latest_news(h_news, c.ho, c.ho_lb).label("n_h_p"),
        latest_news(b_news, c.bo, c.bo_lb).label("n_b_p"),
        run(sa.func.max(etr_packed), c).label("etr_p"),
        run(sa.func.max(etr_prec_packed), c).label("etr_prec_p"),
        run(sa.func.min(etr_packed), c).label("first_etr_p"),
        run(sa.func.min(etr_prec_packed), c).label("first_etr_prec_p"),
        run(sa.func.max(sa.case((c.seq == 1, c.t)), type_=UTCDateTime()), c).label("last_update_at"),
        run(sa.func.sum(c.seq), c).label("updates"),
    ).subquery("l1")

    c = l1.c

    def unpack(packed: Any) -> sa.ColumnElement[int]:
        return (packed % K32) // 2

    def news_affected(is_news: Any, packed: Any) -> sa.ColumnElement[int]:
        # The affected total as it stood at the latest news row (+1; 0 = unknown then).
        value = sa.case((packed.is_not(None), unpack(packed) + 1), else_=0)
        return run(sa.func.max(sa.case((is_news == 1, c.rn * K32 + value))), c)

    l2 = sa.select(
        c.outage_id, c.t, c.prec, c.seq, c.rid, c.rn, c.etr_new, c.etr_new_precision,
        c.last_update_at, c.updates, c.etr_p, c.etr_prec_p, c.first_etr_p, c.first_etr_prec_p,
        unpack(c.a_h_p).label("a_h"), (c.a_h_p % 2).label("a_h_lb"),
        unpack(c.a_b_p).label("a_b"), (c.a_b_p % 2).label("a_b_lb"),
        unpack(c.r_h_p).label("r_h"), unpack(c.r_b_p).label("r_b"),
        (c.n_h_p % K32).label("n_h"), (c.n_b_p % K32).label("n_b"),
        news_affected(c.is_hn, c.a_h_p).label("a_h_news_p"),
        news_affected(c.is_bn, c.a_b_p).label("a_b_news_p"),
    ).subquery("l2")
    c = l2.c

    def out(a: Any, a_lb: Any, news: Any, r: Any, a_news_p: Any) -> tuple[Any, Any]:
        full = news % 2
        o_lb = (news // 2) % 2
        o_plus_1 = news // 4
        a_news = sa.case((a_news_p % K32 > 0, a_news_p % K32 - 1))
        growth = sa.func.coalesce(a - a_news, 0)
        value = sa.case(
            (news.is_(None), a),                   # no word yet: all affected are out
            (full == 1, growth),                   # fully restored, plus any growth since
            (o_plus_1 > 0, o_plus_1 - 1 + growth),  # "N still out", plus growth since
            (a.is_(None), None),                   # restored so far, but of an unknown total
            else_=a - sa.func.coalesce(r, 0),
        )
        clamped = sa.case((value < 0, 0), else_=value)
        lower = sa.case((news.is_(None), a_lb), (full == 1, 0), (o_plus_1 > 0, o_lb), else_=a_lb)
        return clamped, lower

    h_out, h_lb = out(c.a_h, c.a_h_lb, c.n_h, c.r_h, c.a_h_news_p)
    b_out, b_lb = out(c.a_b, c.a_b_lb, c.n_b, c.r_b, c.a_b_news_p)
    l3 = sa.select(
        c.outage_id, c.t, c.prec, c.seq, c.rid, c.rn, c.etr_new, c.etr_new_precision,
        c.last_update_at, c.updates, c.etr_p, c.etr_prec_p, c.first_etr_p, c.first_etr_prec_p,
        c.a_h, c.a_h_lb, c.a_b, c.a_b_lb,
        h_out.label("h_out"), h_lb.label("h_out_lb"), b_out.label("b_out"), b_lb.label("b_out_lb"),
        sa.case((sa.or_(c.n_h.is_not(None), c.n_b.is_not(None)), 1), else_=0).label("news"),
    ).subquery("l3")
    c = l3.c
    # Restored: some word of restoration, nothing known still out, and something known.
    restored = sa.case((sa.and_(
        c.news == 1, sa.func.coalesce(c.h_out, 0) == 0, sa.func.coalesce(c.b_out, 0) == 0,
        sa.or_(c.h_out.is_not(None), c.b_out.is_not(None))), 1), else_=0)
    l4 = sa.select(l3, restored.label("restored")).subquery("l4")
    c = l4.c
    # A restored run starts where the row before was not restored.
    run_start = sa.and_(c.restored == 1, sa.func.coalesce(
        sa.func.lag(c.restored).over(partition_by=c.outage_id, order_by=c.rn), 0) == 0)
    l5 = sa.select(
        l4,
        sa.func.lead(c.rn).over(partition_by=c.outage_id, order_by=c.rn).label("next_rn"),
        sa.case((run_start, 1), else_=0).label("run_start"),
    ).subquery("l5")
    c = l5.c
    l6 = sa.select(
        l5,
        run(sa.func.max(sa.case((c.run_start == 1, c.rn * K34 + epoch_seconds(c.t)))), c)
        .label("run_p"),
        run(sa.func.max(sa.case((c.run_start == 1, c.rn * 8 + _prec_code(c.prec)))), c)
        .label("run_prec_p"),
    ).subquery("l6")
    c = l6.c
    return sa.select(
        c.outage_id, c.t, c.prec, c.seq, c.rid, c.rn, c.seq.label("is_update"),
        c.a_h, c.a_h_lb, c.a_b, c.a_b_lb, c.h_out, c.h_out_lb, c.b_out, c.b_out_lb, c.restored,
        from_epoch(c.etr_p % K34).label("etr_at"), _prec_decode(c.etr_prec_p % 8).label("etr_precision"),
        from_epoch(c.first_etr_p % K34).label("first_etr_at"),
        _prec_decode(c.first_etr_prec_p % 8).label("first_etr_precision"),
        c.etr_new, c.etr_new_precision,
        sa.case((c.restored == 1, from_epoch(c.run_p % K34))).label("restored_at"),
        sa.case((c.restored == 1, _prec_decode(c.run_prec_p % 8))).label("restored_precision"),
        c.last_update_at, c.updates,
        sa.case((c.next_rn.is_(None), 1), else_=0).label("latest"),
    ).subquery("state_points")


class _Subdistrict:
    """An outage area's subdistrict by walking up at most three parents (the tree has four levels).

    Three primary-key joins per outage; a join on the recursive CTE of every area would cost
    areas x outages on SQLite.
    """

    def __init__(self) -> None:
        self.hops = [sa.orm.aliased(Area, name=f"up{i}") for i in range(3)]
        level = AreaLevel.SUBDISTRICT
        self.id = sa.case(*[(a.level == level, a.id) for a in self.hops])

    def join(self, query: sa.Select, area_id: Any) -> sa.Select:
        """Add the joins from an area id column to the query."""
        a0, a1, a2 = self.hops
        return (query.join(a0, a0.id == area_id).outerjoin(a1, a1.id == a0.parent_id)
                .outerjoin(a2, a2.id == a1.parent_id))


def _precision(value: str | None) -> Precision | None:
    return Precision(value) if value else None


def outage_states(session: Session, event_id: int, at: datetime,
                  known_at: datetime | None = None) -> list[OutageState]:
    """One state per live outage of the event started by `at`, as known at `known_at` (default: at)."""
    known_at = known_at or at
    return _states(session, _state_points(event_id, at, known_at))


# The state points, kept for the length of one timeline computation so that the page's
# several aggregates read them instead of applying the rule again each time.
POINT_COLUMNS: dict[str, Any] = {
    **dict.fromkeys(("outage_id", "seq", "rid", "rn", "is_update", "a_h", "a_h_lb", "a_b", "a_b_lb",
                     "h_out", "h_out_lb", "b_out", "b_out_lb", "restored", "updates", "latest"),
                    sa.BigInteger),
    **dict.fromkeys(("t", "etr_at", "first_etr_at", "etr_new", "restored_at", "last_update_at"),
                    UTCDateTime),
    **dict.fromkeys(("prec", "etr_precision", "first_etr_precision", "etr_new_precision",
                     "restored_precision"), sa.String),
}


def _materialize(session: Session, sp: sa.Subquery) -> sa.Table:
    """Write the state points to a temporary table (one per call, dropped by _drop)."""
    import uuid

    names = [c.name for c in sp.c]
    name = f"tl_points_{uuid.uuid4().hex[:12]}"
    table = sa.Table(name, sa.MetaData(), *[sa.Column(n, POINT_COLUMNS[n]()) for n in names],
                     sa.Index(f"{name}_order", "outage_id", "rn"),
                     sa.Index(f"{name}_latest", "latest", "outage_id"), prefixes=["TEMPORARY"])
    connection = session.connection()
    table.create(connection)
    connection.execute(table.insert().from_select(names, sa.select(sp)))
    # Fresh statistics, so the planner drives joins from the points, not from the areas.
    connection.exec_driver_sql(f"ANALYZE {name}")
    return table


def _drop(session: Session, table: sa.Table) -> None:
    table.drop(session.connection())


def _states(session: Session, sp: Points) -> list[OutageState]:
    """The latest point of each outage, with names, as OutageState (one query)."""
    sub = _Subdistrict()
    area = sub.hops[0]
    subarea = sa.orm.aliased(Area, name="subarea")
    query = sub.join(
        sa.select(sp, PowerOutage.area_id, PowerOutage.started_at, PowerOutage.started_precision,
                  area.name, area.name_en, sub.id.label("subdistrict_id"), subarea.name,
                  subarea.name_en)
        .join(PowerOutage, PowerOutage.id == sp.c.outage_id), PowerOutage.area_id)
    query = (query.outerjoin(subarea, subarea.id == sub.id)
             .where(sp.c.latest == 1).order_by(PowerOutage.started_at, PowerOutage.id))
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


class epoch_seconds(sa.sql.functions.GenericFunction[int]):  # noqa: N801 - a SQL function name
    """Whole seconds since 1970 of a UTC timestamp column (an integer, for packing)."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_seconds_sqlite(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_seconds_postgresql(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"


class from_epoch(sa.sql.functions.GenericFunction[datetime]):  # noqa: N801 - a SQL function name
    """The UTC timestamp of whole epoch seconds, stored the way UTCDateTime stores times."""

    type = UTCDateTime()
    inherit_cache = True


@compiles(from_epoch, "sqlite")
def _from_epoch_sqlite(element: from_epoch, compiler: Any, **kw: Any) -> str:
    # The same text form SQLAlchemy writes, so comparisons with stored times stay right.
    x = compiler.process(element.clauses, **kw)
    return f"(strftime('%Y-%m-%d %H:%M:%S', {x}, 'unixepoch') || '.000000')"


@compiles(from_epoch, "postgresql")
def _from_epoch_postgresql(element: from_epoch, compiler: Any, **kw: Any) -> str:
    return f"to_timestamp({compiler.process(element.clauses, **kw)})"


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
                      sp.c.etr_new, sp.c.etr_new_precision).order_by(sp.c.outage_id, sp.c.rn)
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


def _group_totals(session: Session, sp: Points, groups: list[Group]) -> None:
    """Per subdistrict: outages, open, households and buildings still out (one GROUP BY)."""
    sub = _Subdistrict()
    open_ = 1 - sp.c.restored
    query = (
        sa.select(sub.id, sa.func.count(), sa.func.sum(open_),
                  sa.func.sum(sa.func.coalesce(sp.c.h_out, 0)), sa.func.max(sp.c.h_out_lb * open_),
                  sa.func.sum(sa.case((sp.c.h_out.is_(None), open_), else_=0)),
                  sa.func.sum(sa.func.coalesce(sp.c.b_out, 0)), sa.func.max(sp.c.b_out_lb * open_),
                  sa.func.sum(sa.case((sp.c.b_out.is_(None), open_), else_=0)))
        .select_from(sp).join(PowerOutage, PowerOutage.id == sp.c.outage_id)
    )
    query = sub.join(query, PowerOutage.area_id).where(sp.c.latest == 1).group_by(sub.id)
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


def _curve_points(session: Session, sp: Points, by_subdistrict: bool) -> dict[int, list[CurvePoint]]:
    """Step curves as cumulative sums of per-outage changes: SQL window functions and GROUP BY."""
    sub = _Subdistrict()
    key = sa.func.coalesce(sub.id, 0) if by_subdistrict else sa.literal(0)
    h = sa.func.coalesce(sp.c.h_out, 0)
    b = sa.func.coalesce(sp.c.b_out, 0)
    open_ = 1 - sp.c.restored
    h_unknown = sa.case((sp.c.h_out.is_(None), open_), else_=0)
    b_unknown = sa.case((sp.c.b_out.is_(None), open_), else_=0)
    w = {"partition_by": sp.c.outage_id, "order_by": sp.c.rn}

    def change(value: Any) -> sa.ColumnElement[int]:
        return value - sa.func.lag(value, 1, 0).over(**w)

    deltas = sa.select(key.label("k"), sp.c.t, change(h).label("dh"), change(b).label("db"),
                       change(open_).label("do"), change(h_unknown).label("dhu"),
                       change(b_unknown).label("dbu")).select_from(sp)
    if by_subdistrict:
        deltas = sub.join(deltas.join(PowerOutage, PowerOutage.id == sp.c.outage_id),
                          PowerOutage.area_id)
    deltas = deltas.subquery("deltas")
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


def restoration_curves(session: Session, event_id: int, at: datetime | None = None,
                       known_at: datetime | None = None) -> tuple[Curve, list[Curve]]:
    """The event's curve and each subdistrict's (district-level outages under None), only."""
    at = (at or now_utc()).astimezone(UTC)
    sp = _materialize(session, _state_points(event_id, at, (known_at or at).astimezone(UTC)))
    try:
        whole = _curve(_curve_points(session, sp, False).get(0, []), at, None, None)
        by_sub = _curve_points(session, sp, True)
    finally:
        _drop(session, sp)
    names = dict(session.execute(sa.select(Area.id, Area.name).where(Area.id.in_(list(by_sub)))).all())
    curves = [_curve(points, at, k or None, names.get(k)) for k, points in by_sub.items()]
    curves.sort(key=lambda c: (c.subdistrict_id is None, c.name or ""))
    return whole, curves


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


def _per_unit(session: Session, sp: Points, out_col: str, at: datetime) -> PerUnit:
    """Unit-hours, and the mean and weighted median per unit, in SQL."""
    out = sa.func.coalesce(sp.c[out_col], 0)
    w = {"partition_by": sp.c.outage_id, "order_by": sp.c.rn}
    at_lit = sa.literal(at, UTCDateTime())
    next_t = sa.func.lead(sp.c.t, 1, at_lit, type_=UTCDateTime()).over(**w)
    seg = sa.select((out * (epoch(next_t) - epoch(sp.c.t))).label("s")).subquery("seg")
    unit_seconds = session.scalar(sa.select(sa.func.sum(seg.c.s))) or 0.0

    # Each fall in what is out restores that many units after (t - start); what is still out at
    # `at` counts with its time so far, marked open.
    start = PowerOutage.started_at
    restored_now = (sa.func.lag(out, 1, 0).over(**w) - out)
    falls = sa.select(restored_now.label("n"), (epoch(sp.c.t) - epoch(start)).label("d"),
                      sa.literal(0).label("open")).join(PowerOutage, PowerOutage.id == sp.c.outage_id) \
        .subquery("falls")
    still = sa.select(out.label("n"), (epoch(at_lit) - epoch(start)).label("d"),
                      sa.literal(1).label("open")).join(PowerOutage, PowerOutage.id == sp.c.outage_id) \
        .where(sp.c.latest == 1)
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


def _stats(session: Session, sp: Points, at: datetime) -> Stats:
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
        .where(durations.c.rn.in_([(durations.c.n + 1) // 2, (durations.c.n + 2) // 2]))).one()
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
    sp = _materialize(session, _state_points(event.id, at, known_at))
    try:
        return _timeline(session, event, sp, at, known_at, sort, desc)
    finally:
        _drop(session, sp)


def _timeline(session: Session, event: Event, sp: sa.Table, at: datetime, known_at: datetime,
              sort: str, desc: bool) -> Timeline:
    tz = event.tz
    states = _states(session, sp)
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


def curve_csv(whole: Curve, curves: list[Curve]) -> str:
    """The whole event's curve (scope all), then each subdistrict's, one line per change.

    Outages reported for the district itself, not a subdistrict, have scope district_level.
    """
    rows = []
    for curve in [whole, *curves]:
        scope = ("all" if curve is whole else
                 "subdistrict" if curve.subdistrict_id else "district_level")
        for point in curve.points:
            rows.append({"scope": scope, "subdistrict_id": curve.subdistrict_id,
                         "subdistrict_name": curve.name,
                         **{k: _value(v) for k, v in vars(point).items()}})
    return _csv(CURVE_CSV_COLUMNS, rows)
