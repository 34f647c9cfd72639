"""Restoration timelines: outage state at any moment, as known at any moment, all from one rule.

The rule (DESIGN.md): an outage's state at t is its latest live update at or before t. Households
(and, separately, buildings) still out are what the field reported as still out, else affected
minus restored so far; affected can grow, and growth reported after a statement of "still out" or
"fully restored" adds to what is out. One SQL statement (`_state_points`) applies the rule at every
point where an outage changes (its start and each update), with window functions, and returns
times as whole epoch seconds (cheap to sort, send and convert).

A request applies the rule once. The timeline page must hold every point anyway (the steps inside
each bar), so each outage's state, the curves, group totals and statistics are read from those
same rows in one pass per outage (`_read`, `_Tally`) rather than by asking the database again:
that would apply the rule a second time or materialise it in a temporary table, and both cost
more than adding up rows already in memory (benches/timeline_bench.py). The curve alone
(`restoration_curve`) reads the same points and sums only the curve; the brief takes its states
and curve from one pass (`states_and_curve`).
Instants derived from the points (restoration, last update, steps, curve) are whole seconds.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased

from incidents import vague
from incidents.areas.models import Area, AreaLevel
from incidents.db import now_utc
from incidents.events.models import Event
from incidents.reports.models import OutageUpdate, PowerOutage, ReportKind
from incidents.vague import Precision

LIVE_STATUSES = ("submitted", "verified")  # a report sent back counts again once resubmitted


@dataclass(slots=True)
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


# ---- time arithmetic in SQL, on both databases -------------------------------------------------

class epoch_seconds(sa.sql.functions.GenericFunction[int]):  # noqa: N801 - a SQL function name
    """Whole seconds since 1970 of a UTC timestamp column (an integer)."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_seconds_sqlite(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    x = compiler.process(element.clauses, **kw)
    # unixepoch() (SQLite 3.38+) does the same as strftime('%s') at half the cost.
    if sqlite3.sqlite_version_info >= (3, 38):
        return f"unixepoch({x})"
    return f"CAST(strftime('%s', {x}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_seconds_postgresql(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else float(seconds) / 3600.0


# ---- the rule, in SQL --------------------------------------------------------------------------

# Carrying "the latest value given so far" forward, with one window ordering for everything:
# a value is packed with its row number (rn * 2^32 + value) so that a running MAX picks the
# latest row that gave one; the remainder unpacks it. A quantity packs with its "more than"
# flag (value * 2 + lb), an instant with its precision (epoch_seconds * 8 + precision code);
# a point's time also carries whether it is an update: tk = (seconds * 2 + is_update) * 8 + code.
K32 = 2**32
PRECISIONS = tuple(Precision)
PRECISION_CODES = {p.value: i for i, p in enumerate(PRECISIONS)}
ZERO = sa.literal_column("0", sa.Integer)
NULL = sa.cast(sa.null(), sa.Integer)


def _prec_code(column: Any) -> sa.ColumnElement[int]:
    return sa.case(PRECISION_CODES, value=column, else_=0)


def _with_lb(column: Any) -> sa.ColumnElement[int]:
    """A quantity and its "more than" flag as value * 2 + flag (NULL when not given)."""
    flag = getattr(column.class_, column.key + "_lb")
    return column * 2 + sa.case((flag, 1), else_=0)


def _live_outages(event_id: int, at: datetime, known_at: datetime,
                  only: sa.Select | None = None) -> sa.ColumnElement[bool]:
    """The outages a timeline counts: live, known by `known_at`, started by `at` (of `only` these ids)."""
    # The kind is implied by the join; naming it, and comparing reported_at through COALESCE
    # (never NULL: the same test), lets SQLite find the event's outages by its
    # (event_id, kind, ...) index instead of reading all the event's reports by reported_at.
    cond = sa.and_(PowerOutage.event_id == event_id, PowerOutage.kind == ReportKind.OUTAGE,
                   PowerOutage.status.in_(LIVE_STATUSES),
                   sa.func.coalesce(PowerOutage.reported_at, known_at) <= known_at,
                   PowerOutage.started_at <= at)
    return cond if only is None else sa.and_(cond, PowerOutage.id.in_(only))


def _points(event_id: int, at: datetime, known_at: datetime, only: sa.Select | None = None) -> sa.Subquery:
    """Each live outage's start and its live updates known by `known_at` and observed by `at`.

    Columns: oid, tk (time, is_update, precision packed), rid, hav/bav (affected, packed with
    its lower bound), hr/br (restored so far), hov/bov (still out, packed), full (0/1), etrp
    (an ETR given here, packed with its precision).
    """
    o, u = PowerOutage, OutageUpdate
    # Read once, used twice (the starts, and the outages the updates belong to).
    live = sa.select(
        o.id, o.started_at, o.started_precision, _with_lb(o.households_affected).label("hav"),
        _with_lb(o.buildings_affected).label("bav"), o.etr_at, o.etr_precision,
    ).where(_live_outages(event_id, at, known_at, only)).cte("live_outages")
    starts = sa.select(
        live.c.id.label("oid"),
        (epoch_seconds(live.c.started_at) * 16 + _prec_code(live.c.started_precision)).label("tk"),
        live.c.id.label("rid"), live.c.hav, live.c.bav, NULL.label("hr"), NULL.label("br"),
        NULL.label("hov"), NULL.label("bov"), ZERO.label("full"),
        (epoch_seconds(live.c.etr_at) * 8 + _prec_code(live.c.etr_precision)).label("etrp"),
    )
    updates = sa.select(
        u.outage_id, epoch_seconds(u.observed_at) * 16 + 8 + _prec_code(u.observed_precision), u.id,
        _with_lb(u.households_affected), _with_lb(u.buildings_affected),
        u.households_restored, u.buildings_restored,
        _with_lb(u.households_out), _with_lb(u.buildings_out),
        sa.case((u.fully_restored, 1), else_=0),
        epoch_seconds(u.etr_at) * 8 + _prec_code(u.etr_precision),
    ).join(live, live.c.id == u.outage_id).where(
        u.status.in_(LIVE_STATUSES), u.reported_at <= known_at, u.observed_at <= at)
    return sa.union_all(starts, updates).subquery("points")


def _news(out2: Any, restored: Any, full: Any) -> sa.ColumnElement[int]:
    """A point's word on what is out, packed: value * 8 + lower bound * 4 + kind.

    Kinds: 1 "N still out" (value N), 2 fully restored, 3 "N restored so far" (value N).
    A point giving several: full, then still out, then restored (the one that decides).
    """
    return sa.case((full == 1, 2), (out2.is_not(None), out2 * 4 + 1), else_=restored * 8 + 3)


def _still_out(a2: Any, news: Any, a_news_p: Any) -> tuple[Any, Any]:
    """Units still out, and whether that is a lower bound, from the latest word and totals."""
    a, a_lb = a2 // 2, a2 % 2
    kind = news % 4
    a_news = sa.case((a_news_p % K32 > 0, a_news_p % K32 - 1))
    growth = sa.func.coalesce(a - a_news, 0)
    value = sa.case(
        (news.is_(None), a),                    # no word yet: all affected are out
        (kind == 2, growth),                    # fully restored, plus any growth since
        (kind == 1, news // 8 + growth),        # "N still out", plus growth since
        (a2.is_(None), None),                   # restored so far, but of an unknown total
        else_=a - news // 8,                    # affected minus restored so far
    )
    clamped = sa.case((value < 0, 0), else_=value)
    lower = sa.case((news.is_(None), a_lb), (kind == 2, 0), (kind == 1, (news // 4) % 2), else_=a_lb)
    return clamped, lower


def _state_points(event_id: int, at: datetime, known_at: datetime, only: sa.Select | None = None) -> sa.Subquery:
    """Every change point of every live outage of the event up to `at`, with its state there.

    Columns: outage_id, rn (order within the outage), tk (time, is_update, precision), etrp
    (an ETR given here), a_h2/a_b2 (affected so far, packed with the lower bound), h_out/b_out
    still out, h_lb/b_lb (still out is a lower bound), restored (0/1).
    """
    p = _points(event_id, at, known_at, only)
    # Order within an outage: time, the start before its updates, then the order of entry.
    a = sa.select(p, sa.func.row_number().over(
        partition_by=p.c.oid, order_by=(p.c.tk // 8, p.c.rid)).label("rn")).subquery("a")

    def running(fn: Any, c: Any) -> Any:
        # From the outage's first point to this one. rn is unique, so the default frame
        # (RANGE ... CURRENT ROW) equals the ROWS frame, and SQLite runs it about twice as fast.
        return fn.over(partition_by=c.oid, order_by=c.rn)

    c = a.c
    h_news = sa.or_(c.hov.is_not(None), c.hr.is_not(None), c.full == 1)
    b_news = sa.or_(c.bov.is_not(None), c.br.is_not(None), c.full == 1)

    def latest(given: Any, value: Any) -> Any:
        return running(sa.func.max(sa.case((given, c.rn * K32 + value))), c)

    b = sa.select(
        c.oid, c.rn, c.tk, c.etrp,
        sa.case((h_news, 1), else_=0).label("hn"), sa.case((b_news, 1), else_=0).label("bn"),
        latest(c.hav.is_not(None), c.hav).label("a_h_p"),
        latest(c.bav.is_not(None), c.bav).label("a_b_p"),
        # The latest word on what is out (the restored-so-far count only matters when it is
        # the latest word, so it travels inside it).
        latest(h_news, _news(c.hov, c.hr, c.full)).label("n_h_p"),
        latest(b_news, _news(c.bov, c.br, c.full)).label("n_b_p"),
    ).subquery("b")

    c = b.c

    def news_affected(is_news: Any, packed: Any) -> Any:
        # The affected total as it stood at the latest news row (+1; 0 = unknown then).
        value = sa.case((packed.is_not(None), (packed % K32) // 2 + 1), else_=0)
        return running(sa.func.max(sa.case((is_news == 1, c.rn * K32 + value))), c)

    cc = sa.select(
        c.oid, c.rn, c.tk, c.etrp, (c.a_h_p % K32).label("a_h2"), (c.a_b_p % K32).label("a_b2"),
        (c.n_h_p % K32).label("n_h"), (c.n_b_p % K32).label("n_b"),
        news_affected(c.hn, c.a_h_p).label("a_h_news_p"),
        news_affected(c.bn, c.a_b_p).label("a_b_news_p"),
    ).subquery("c")

    c = cc.c
    h_out, h_lb = _still_out(c.a_h2, c.n_h, c.a_h_news_p)
    b_out, b_lb = _still_out(c.a_b2, c.n_b, c.a_b_news_p)
    # Restored: some word of restoration, nothing known still out, and something known.
    restored = sa.case((sa.and_(
        sa.or_(c.n_h.is_not(None), c.n_b.is_not(None)),
        sa.func.coalesce(h_out, 0) == 0, sa.func.coalesce(b_out, 0) == 0,
        sa.or_(h_out.is_not(None), b_out.is_not(None))), 1), else_=0)
    return sa.select(
        c.oid.label("outage_id"), c.rn, c.tk, c.etrp, c.a_h2, c.a_b2, h_out.label("h_out"),
        h_lb.label("h_lb"), b_out.label("b_out"), b_lb.label("b_lb"), restored.label("restored"),
    ).subquery("state_points")


# The columns read back, in this order: the tuple layout the Python passes unpack.
POINT = ("outage_id", "tk", "etrp", "a_h2", "a_b2", "h_out", "h_lb", "b_out", "b_lb", "restored")


def _fetch(session: Session, event_id: int, at: datetime, known_at: datetime,
           only: sa.Select | None = None) -> list[Any]:
    """The state points (one statement), each outage's together and in order."""
    sp = _state_points(event_id, at, known_at, only)
    query = sa.select(*[sp.c[name] for name in POINT]).order_by(sp.c.outage_id, sp.c.rn)
    return session.connection().execute(query).all()


def _by_outage(rows: Iterable[Any]) -> Iterator[tuple[int, list[Any]]]:
    """(outage id, its points) for each outage, from the rows in order."""
    for oid, points in itertools.groupby(rows, key=_first):
        yield oid, list(points)


def _first(row: Sequence[Any]) -> Any:
    return row[0]


class _Subdistrict:
    """An outage area's subdistrict by walking up at most three parents (the tree has four levels).

    Three primary-key joins per outage; a join on the recursive CTE of every area would cost
    areas x outages on SQLite.
    """

    def __init__(self) -> None:
        self.hops = [aliased(Area, name=f"up{i}") for i in range(3)]
        level = AreaLevel.SUBDISTRICT
        self.id = sa.case(*[(a.level == level, a.id) for a in self.hops])
        self.name = sa.case(*[(a.level == level, a.name) for a in self.hops])
        self.name_en = sa.case(*[(a.level == level, a.name_en) for a in self.hops])

    def join(self, query: sa.Select, area_id: Any) -> sa.Select:
        """Add the joins from an area id column to the query."""
        a0, a1, a2 = self.hops
        return (query.join(a0, a0.id == area_id).outerjoin(a1, a1.id == a0.parent_id)
                .outerjoin(a2, a2.id == a1.parent_id))


class _Outage(NamedTuple):
    area_id: int
    started_at: datetime
    started_precision: Precision
    area_name: str
    area_name_en: str | None
    subdistrict_id: int | None
    subdistrict_name: str | None
    subdistrict_name_en: str | None


def _outages(session: Session, event_id: int, at: datetime, known_at: datetime,
             only: sa.Select | None = None) -> dict[int, _Outage]:
    """The outages the rule counts, with their area and subdistrict names (one query)."""
    sub = _Subdistrict()
    area = sub.hops[0]
    query = sub.join(sa.select(
        PowerOutage.id, PowerOutage.area_id, PowerOutage.started_at, PowerOutage.started_precision,
        area.name, area.name_en, sub.id, sub.name, sub.name_en), PowerOutage.area_id)
    query = query.where(_live_outages(event_id, at, known_at, only))
    return {row[0]: _Outage(row[1], row[2], Precision(row[3]), *row[4:])
            for row in session.connection().execute(query).all()}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a timeline's objects are built (and used).

    Tens of thousands of small objects are made and all kept until the page is rendered;
    the collection passes their allocation triggers scan them again and again and free
    nothing (at 5,000 outages, about a third of the page's time: benches/timeline_bench.py).
    Reference counting frees memory as usual; the collector resumes afterwards.
    """
    if not gc.isenabled():  # paused by a caller already
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _instants() -> Callable[[int], datetime]:
    """Epoch seconds to aware UTC datetimes, each distinct instant made once per call."""
    made: dict[int, datetime] = {}

    def instant(seconds: int) -> datetime:
        value = made.get(seconds)
        if value is None:
            value = made[seconds] = datetime.fromtimestamp(seconds, UTC)
        return value

    return instant


class Step(NamedTuple):
    """A point in an outage's state series: what was still out from `at` on."""

    at: datetime
    precision: Precision
    households_out: int | None
    buildings_out: int | None
    restored: bool


class EtrMark(NamedTuple):
    """An estimated restoration time as given at `given_at`; slip against the ETR before it."""

    given_at: datetime
    etr_at: datetime
    precision: Precision
    slip: timedelta | None


def _read(oid: int, outage: _Outage, points: Sequence[Sequence[Any]],
          instant: Callable[[int], datetime]) -> tuple[OutageState, list[EtrMark]]:
    """One outage's state at its last point and its ETR history (POINT columns)."""
    marks: list[EtrMark] = []
    updates = 0
    last_update = run_start = None
    was_restored = 0
    for _oid, tk, etrp, _a_h2, _a_b2, _h, _h_lb, _b, _b_lb, restored in points:
        if tk & 8:
            updates += 1
            last_update = tk
        if restored and not was_restored:   # a restored run starts here
            run_start = tk
        was_restored = restored
        if etrp is not None:
            given, etr_at = instant(tk >> 4), instant(etrp >> 3)
            marks.append(EtrMark(given, etr_at, PRECISIONS[etrp & 7],
                                 etr_at - marks[-1].etr_at if marks else None))
    _oid, _tk, _etrp, a_h2, a_b2, h_out, h_lb, b_out, b_lb, restored = points[-1]
    run = run_start if restored else None
    latest = marks[-1] if marks else None
    first = marks[0] if marks else None
    state = OutageState(
        outage_id=oid, area_id=outage.area_id, area_name=outage.area_name,
        area_name_en=outage.area_name_en, subdistrict_id=outage.subdistrict_id,
        subdistrict_name=outage.subdistrict_name, subdistrict_name_en=outage.subdistrict_name_en,
        started_at=outage.started_at, started_precision=outage.started_precision,
        households_affected=a_h2 >> 1 if a_h2 is not None else None,
        households_affected_lb=bool(a_h2 is not None and a_h2 & 1),
        buildings_affected=a_b2 >> 1 if a_b2 is not None else None,
        buildings_affected_lb=bool(a_b2 is not None and a_b2 & 1),
        households_out=h_out, buildings_out=b_out,
        households_out_lb=bool(h_lb) and bool(h_out), buildings_out_lb=bool(b_lb) and bool(b_out),
        restored=restored == 1,
        restored_at=instant(run >> 4) if run is not None else None,
        restored_precision=PRECISIONS[run & 7] if run is not None else None,
        etr_at=latest.etr_at if latest else None, etr_precision=latest.precision if latest else None,
        first_etr_at=first.etr_at if first else None,
        first_etr_precision=first.precision if first else None,
        last_update_at=instant(last_update >> 4) if last_update is not None else None,
        updates=updates,
    )
    return state, marks


def _by_start(states: Iterable[OutageState]) -> list[OutageState]:
    return sorted(states, key=lambda s: (s.started_at, s.outage_id))


def outage_states(session: Session, event_id: int, at: datetime,
                  known_at: datetime | None = None, only: sa.Select | None = None) -> list[OutageState]:
    """One state per live outage of the event started by `at`, as known at `known_at` (default: at).

    `only`: a SELECT of outage ids to restrict the rule to (the others are not read at all).
    """
    return states_and_curve(session, event_id, at, known_at, only, curve=False)[0]


def states_and_curve(session: Session, event_id: int, at: datetime, known_at: datetime | None = None,
                     only: sa.Select | None = None, curve: bool = True, states: bool = True
                     ) -> tuple[list[OutageState], Curve | None]:
    """The outage states and/or the event's restoration curve from one pass of the rule."""
    at = at.astimezone(UTC)
    known_at = (known_at or at).astimezone(UTC)
    outages = _outages(session, event_id, at, known_at, only) if states else {}
    instant = _instants()
    tally = _Tally(at) if curve else None
    found = []
    with collector_paused():
        for oid, points in _by_outage(_fetch(session, event_id, at, known_at, only)):
            if tally is not None:
                tally.add(points, 0)
            if oid in outages:
                found.append(_read(oid, outages[oid], points, instant)[0])
        return _by_start(found), (_curve(tally.series(0), at, None, None) if tally is not None else None)


# ---- the timeline: rows, steps, ETR marks --------------------------------------------------------

@dataclass(slots=True)
class OutageRow:
    """One bar of the timeline: the state at `at`, its series of steps and its ETR history."""

    state: OutageState
    points: Sequence[Sequence[Any]]  # its state points (POINT columns), read by `steps` and the bar
    etrs: list[EtrMark]
    end: datetime                   # restoration, or `at` while open
    duration: timedelta             # between representative instants
    duration_min: timedelta         # the shortest the vague edges allow
    duration_max: timedelta         # the longest they allow
    overdue: bool                   # open and the latest ETR has passed
    update_age: timedelta           # since the last update (or the start, if none)
    etr_slip: timedelta | None      # restoration minus the first ETR
    start_window: vague.Window      # where the start may lie (its precision)
    end_window: vague.Window        # where the restoration may lie; `at` while open

    @property
    def vague(self) -> bool:
        """Either edge is known only approximately."""
        return self.duration_min != self.duration_max

    @property
    def steps(self) -> list[Step]:
        """The state series: what was still out from each point on."""
        return [Step(datetime.fromtimestamp(tk >> 4, UTC), PRECISIONS[tk & 7], h, b, restored == 1)
                for _oid, tk, _etrp, _a_h2, _a_b2, h, _h_lb, b, _b_lb, restored in self.points]


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


SORTS = ("start", "duration", "households")


def _sort_key(sort: str) -> Any:
    if sort == "duration":
        return lambda r: (r.duration, r.state.outage_id)
    if sort == "households":
        # Unknown sizes sort as the smallest, never as a guess.
        return lambda r: (r.state.households_affected is not None, r.state.households_affected or 0,
                          r.state.buildings_affected or 0, r.state.outage_id)
    return lambda r: (r.state.started_at, r.state.outage_id)


def _window(at: datetime, precision: Precision, tz: ZoneInfo) -> vague.Window:
    # Most times are exact: their window is the instant itself, no zone arithmetic needed.
    return vague.Window(at, at) if precision is Precision.EXACT else vague.window(at, precision, tz)


def _row(state: OutageState, etrs: list[EtrMark], points: Sequence[Sequence[Any]], at: datetime,
         tz: ZoneInfo) -> OutageRow:
    end = state.restored_at if state.restored and state.restored_at else at
    start_w = _window(state.started_at, state.started_precision, tz)
    if state.restored and state.restored_at and state.restored_precision:
        end_w = _window(state.restored_at, state.restored_precision, tz)
    else:
        end_w = vague.Window(at, at)
    shortest = max(end_w.earliest - start_w.latest, timedelta(0))
    longest = max(end_w.latest - start_w.earliest, timedelta(0))
    since = state.last_update_at or state.started_at
    slip = (state.restored_at - state.first_etr_at
            if state.restored and state.restored_at and state.first_etr_at else None)
    return OutageRow(
        state=state, points=points, etrs=etrs, end=end, duration=end - state.started_at,
        duration_min=shortest, duration_max=longest,
        overdue=bool(state.open and state.etr_at and state.etr_at < at),
        update_age=at - since, etr_slip=slip, start_window=start_w, end_window=end_w,
    )


def _groups(rows: list[OutageRow], sort: str, desc: bool) -> list[Group]:
    """Rows by subdistrict, sorted, with each group's totals (outages, open, still out)."""
    groups: dict[int | None, Group] = {}
    for row in rows:
        s = row.state
        group = groups.get(s.subdistrict_id)
        if group is None:
            group = groups[s.subdistrict_id] = Group(s.subdistrict_id, s.subdistrict_name,
                                                      s.subdistrict_name_en, [])
        group.rows.append(row)
        is_open = not s.restored
        # The reported "more than" flags themselves: "0+ still out" makes a sum a lower bound too.
        h_lb, b_lb = row.points[-1][6], row.points[-1][8]
        group.outages += 1
        group.open += is_open
        group.households_out += s.households_out or 0
        group.households_out_lb = group.households_out_lb or bool(is_open and h_lb)
        group.households_unknown += is_open and s.households_out is None
        group.buildings_out += s.buildings_out or 0
        group.buildings_out_lb = group.buildings_out_lb or bool(is_open and b_lb)
        group.buildings_unknown += is_open and s.buildings_out is None
    for group in groups.values():
        group.rows.sort(key=_sort_key(sort), reverse=desc)
    return sorted(groups.values(), key=lambda g: (g.subdistrict_id is None, g.name or ""))


# ---- the restoration curve ---------------------------------------------------------------------

THRESHOLDS = (50, 90, 95, 100)


class CurvePoint(NamedTuple):
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


# A curve as numbers: instants (epoch seconds) and, for each, households out, buildings out,
# open outages, open outages of unreported households, of unreported buildings (running sums).
Series = tuple[list[int], list[int], list[int], list[int], list[int], list[int]]


@dataclass
class Curve:
    """Households and buildings still out, and open outages, vs time (a step function)."""

    subdistrict_id: int | None
    name: str | None
    households: Measure
    buildings: Measure
    open_peak: int
    at: datetime
    series: Series = field(repr=False, compare=False)
    _points: list[CurvePoint] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def points(self) -> list[CurvePoint]:
        """One point per instant where anything changed, and a last one at `at`."""
        if self._points is None:
            instant = _instants()
            times, h, b, o, hu, bu = self.series
            points = [CurvePoint(instant(t), *values) for t, *values in zip(times, h, b, o, hu, bu,
                                                                              strict=True)]
            if points and points[-1].at < self.at:
                points.append(points[-1]._replace(at=self.at))
            self._points = points
        return self._points

    def value_at(self, when: datetime) -> CurvePoint | None:
        """The curve's value at an instant (None before the first outage); a binary search."""
        times, h, b, o, hu, bu = self.series
        i = bisect.bisect_right(times, when.timestamp()) - 1
        if i < 0:
            return None
        at = _instants()(times[i])
        if i == len(times) - 1 and at < self.at <= when:
            at = self.at  # the closing point at `at`, as in `points`
        return CurvePoint(at, h[i], b[i], o[i], hu[i], bu[i])


def _measure(name: str, times: list[int], values: list[int]) -> Measure:
    """The peak, now, and when 50/90/95/100 % of the peak was back (one pass after the peak)."""
    peak = max(values, default=0)
    peak_i = values.index(peak) if peak else 0   # the first time it was reached
    current = values[-1] if values else 0
    reached: dict[int, datetime | None] = dict.fromkeys(THRESHOLDS)
    peak_at = datetime.fromtimestamp(times[peak_i], UTC) if peak else None
    if peak:
        pending = list(THRESHOLDS)
        for i in range(peak_i, len(values)):
            restored = peak - values[i]
            while pending and restored * 100 >= pending[0] * peak:
                reached[pending.pop(0)] = datetime.fromtimestamp(times[i], UTC)
            if not pending:
                break
    hours = {pct: (_hours((t - peak_at).total_seconds()) if t and peak_at else None)
             for pct, t in reached.items()}
    pct_now = round(100.0 * (peak - current) / peak, 1) if peak else None
    return Measure(name, peak, peak_at, current, pct_now, reached, hours)


class _Tally:
    """Sums over the state points, outage by outage: curve changes and unit-time.

    The curve is a cumulative sum of each outage's changes (households and buildings out, open,
    of unreported size) at each instant; unit-time is what is out times how long it stayed so,
    and each fall in what is out restores that many units after (t - start).
    """

    def __init__(self, at: datetime) -> None:
        self.at = at.timestamp()
        self.changes: dict[int, dict[int, list[int]]] = {}   # scope key → t → 5 changes
        self.unit_seconds = [0.0, 0.0]                         # households, buildings
        self.units: tuple[list[tuple[float, int, int]], ...] = ([], [])  # (d, open, n)

    def add(self, points: Sequence[Sequence[Any]], key: int, start: float | None = None) -> None:
        """Add one outage (POINT columns) to the curve of scope `key`, and, given its start, to
        the unit-time: each change in what is out counts from its instant to `at` (the sum of
        what was out times how long telescopes to that), each fall restores units at t - start.
        """
        changes = self.changes.setdefault(key, {})
        at = self.at
        units_h, units_b = self.units
        ph = pb = po = phu = pbu = 0
        uh = ub = 0.0
        for p in points:
            t, h, b = p[1] >> 4, p[5], p[7]
            is_open = 1 - p[9]
            hv, bv = h or 0, b or 0
            hu = is_open if h is None else 0
            bu = is_open if b is None else 0
            change = changes.get(t)
            if change is None:
                changes[t] = [hv - ph, bv - pb, is_open - po, hu - phu, bu - pbu]
            else:
                change[0] += hv - ph
                change[1] += bv - pb
                change[2] += is_open - po
                change[3] += hu - phu
                change[4] += bu - pbu
            if start is not None:
                uh += (hv - ph) * (at - t)
                ub += (bv - pb) * (at - t)
                if ph > hv:
                    units_h.append((t - start, 0, ph - hv))
                if pb > bv:
                    units_b.append((t - start, 0, pb - bv))
            ph, pb, po, phu, pbu = hv, bv, is_open, hu, bu
        if start is not None:
            # What is still out counts with its time so far, marked open.
            if ph:
                units_h.append((at - start, 1, ph))
            if pb:
                units_b.append((at - start, 1, pb))
            self.unit_seconds[0] += uh
            self.unit_seconds[1] += ub

    def series(self, key: int | None) -> Series:
        """The curve of one scope (None: all scopes together), one entry per instant."""
        if key is not None:
            changes = self.changes.get(key, {})
        elif len(self.changes) == 1:
            changes = next(iter(self.changes.values()))
        else:
            changes = {}
            for scope in self.changes.values():
                for t, (dh, db, do, dhu, dbu) in scope.items():
                    total = changes.get(t)
                    if total is None:
                        changes[t] = [dh, db, do, dhu, dbu]
                    else:
                        total[0] += dh
                        total[1] += db
                        total[2] += do
                        total[3] += dhu
                        total[4] += dbu
        times = sorted(changes)
        if not times:
            return [], [], [], [], [], []
        h, b, o, hu, bu = (list(itertools.accumulate(column))
                           for column in zip(*[changes[t] for t in times], strict=True))
        return times, h, b, o, hu, bu


def _curve(series: Series, at: datetime, subdistrict_id: int | None, name: str | None) -> Curve:
    times, h, b, o, _hu, _bu = series
    return Curve(subdistrict_id, name, _measure("households", times, h),
                 _measure("buildings", times, b), max(o, default=0), at, series)


def restoration_curve(session: Session, event_id: int, at: datetime,
                      known_at: datetime | None = None, only: sa.Select | None = None) -> Curve:
    """Households and buildings without power, and open outages, vs time, for the whole event."""
    return states_and_curve(session, event_id, at, known_at, only, states=False)[1]


def restoration_curves(session: Session, event_id: int, at: datetime | None = None,
                       known_at: datetime | None = None) -> tuple[Curve, list[Curve]]:
    """The event's curve and each subdistrict's (district-level outages under None), only."""
    at = (at or now_utc()).astimezone(UTC)
    known_at = (known_at or at).astimezone(UTC)
    outages = _outages(session, event_id, at, known_at)
    tally = _Tally(at)
    names: dict[int, str | None] = {}
    with collector_paused():
        for oid, points in _by_outage(_fetch(session, event_id, at, known_at)):
            outage = outages.get(oid)
            if outage is not None:
                key = outage.subdistrict_id or 0
                names[key] = outage.subdistrict_name
                tally.add(points, key)
        curves = [_curve(tally.series(k), at, k or None, names.get(k)) for k in tally.changes]
        curves.sort(key=lambda c: (c.subdistrict_id is None, c.name or ""))
        return _curve(tally.series(None), at, None, None), curves


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


def _per_unit(units: list[tuple[float, int, int]], unit_seconds: float) -> PerUnit:
    """Unit-hours, and the mean and the median per unit (weighted by units restored)."""
    total = sum(n for _d, _open, n in units)
    still_out = sum(n for _d, is_open, n in units if is_open)
    weighted = sum(n * d for d, _open, n in units)
    median: tuple[float, int] | None = None
    running = 0
    for d, is_open, n in sorted(units):
        running += n
        if running * 2 >= total:
            median = (d, is_open)
            break
    return PerUnit(
        interrupted=total, still_out=still_out, unit_hours=_hours(unit_seconds) or 0.0,
        mean_hours=_hours(weighted / total) if total else None,
        median_hours=_hours(median[0]) if median else None,
        median_open=bool(median[1]) if median else False,
    )


def _stats(rows: list[OutageRow], tally: _Tally) -> Stats:
    """Outage durations, unit-hours, CAIDI-style figures and ETR slip; open outages as open."""
    durations = sorted((r.duration.total_seconds(), r.state.outage_id, r.state.open) for r in rows)
    n = len(durations)
    slips = [r.etr_slip.total_seconds() for r in rows if r.etr_slip is not None]
    middle = durations[(n + 1) // 2 - 1:(n + 2) // 2] if n else []
    longest = min(durations, key=lambda d: (-d[0], d[1])) if n else None
    return Stats(
        outages=n, open=sum(d[2] for d in durations),
        mean_hours=_hours(sum(d[0] for d in durations) / n) if n else None,
        median_hours=_hours(sum(d[0] for d in middle) / len(middle)) if middle else None,
        median_open=any(d[2] for d in middle),
        longest_outage_id=longest[1] if longest else None,
        longest_hours=_hours(longest[0]) if longest else None,
        longest_open=bool(longest and longest[2]),
        households=_per_unit(tally.units[0], tally.unit_seconds[0]),
        buildings=_per_unit(tally.units[1], tally.unit_seconds[1]),
        with_etr=sum(1 for r in rows if r.state.first_etr_at is not None),
        etr_slip_mean_hours=_hours(sum(slips) / len(slips)) if slips else None,
        etr_slip_max_hours=_hours(max(slips)) if slips else None,
        overdue=sum(1 for r in rows if r.overdue),
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


def _axis(rows: list[OutageRow], at: datetime) -> tuple[datetime | None, datetime | None]:
    """The time span to draw: from the earliest possible start to the last thing that happened.

    Open outages run to `at`; when `at` is long after the last report (a past event viewed
    today), the axis stops a little after the last report and open bars show a break.
    """
    if not rows:
        return None, None
    start = min(r.start_window.earliest for r in rows)
    last = max(max(r.end if r.state.restored else r.state.started_at,
                   r.state.last_update_at or r.state.started_at,
                   max((m.etr_at for m in r.etrs), default=r.state.started_at)) for r in rows)
    last = max([last, *(r.end_window.latest for r in rows if r.state.restored)])
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
    with collector_paused():
        return _timeline(session, event, at, known_at, sort, desc)


def _timeline(session: Session, event: Event, at: datetime, known_at: datetime, sort: str,
              desc: bool) -> Timeline:
    tz = event.tz
    outages = _outages(session, event.id, at, known_at)
    instant = _instants()
    tally = _Tally(at)
    rows: list[OutageRow] = []
    # The rule, applied once: every outage's points in order, its state on the last one.
    for oid, points in _by_outage(_fetch(session, event.id, at, known_at)):
        outage = outages.get(oid)
        if outage is None:  # retracted between the two reads
            continue
        rows.append(_row(*_read(oid, outage, points, instant), points, at, tz))
        tally.add(points, outage.subdistrict_id or 0, outage.started_at.timestamp())
    rows.sort(key=lambda r: (r.state.started_at, r.state.outage_id))
    groups = _groups(rows, sort, desc)
    names = {g.subdistrict_id or 0: g.name for g in groups}
    curves = [_curve(tally.series(k), at, k or None, names.get(k)) for k in tally.changes]
    curves.sort(key=lambda c: (c.subdistrict_id is None, c.name or ""))
    outstanding = sorted((r for r in rows if r.state.open),
                         key=lambda r: (-r.duration.total_seconds(), r.state.outage_id))
    axis_start, axis_end = _axis(rows, at)
    return Timeline(
        event_id=event.id, timezone=event.timezone, at=at, known_at=known_at, sort=sort, desc=desc,
        rows=rows, groups=groups, outstanding=outstanding,
        curve=_curve(tally.series(None), at, None, None), curves=curves,
        stats=_stats(rows, tally), axis_start=axis_start, axis_end=axis_end,
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


STATE_FIELDS = tuple(f.name for f in fields(OutageState))


def row_dict(row: OutageRow) -> dict[str, Any]:
    """One outage of the timeline as plain data (times in UTC ISO 8601, durations in hours)."""
    state = {k: _value(getattr(row.state, k)) for k in STATE_FIELDS}
    return {
        **state,
        "open": row.state.open,
        "duration_hours": _value(row.duration),
        "duration_hours_min": _value(row.duration_min),
        "duration_hours_max": _value(row.duration_max),
        "overdue": row.overdue,
        "update_age_hours": _value(row.update_age),
        "etr_slip_hours": _value(row.etr_slip),
        "steps": [{k: _value(v) for k, v in s._asdict().items()} for s in row.steps],
        "etrs": [{k: _value(v) for k, v in m._asdict().items()} for m in row.etrs],
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
        "points": [{k: _value(v) for k, v in p._asdict().items()} for p in curve.points],
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
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CURVE_CSV_COLUMNS)
    for curve in [whole, *curves]:
        scope = ("all" if curve is whole else
                 "subdistrict" if curve.subdistrict_id else "district_level")
        head = (scope, "" if curve.subdistrict_id is None else curve.subdistrict_id, curve.name or "")
        # Tens of thousands of lines: plain rows (every value here is a count, never unknown).
        writer.writerows((*head, iso_utc(p.at), *p[1:]) for p in curve.points)
    return out.getvalue()
