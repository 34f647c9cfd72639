"""The outage state rule in SQL: every change point of every outage, with its state there.

The rule: an outage's state at t is its latest live update at or before t. Households (and,
separately, buildings) still out are what the field reported as still out, else affected minus
restored so far; affected can grow, and growth reported after a statement of "still out" or
"fully restored" adds to what is out. One SQL statement (`state_points`) applies the rule at
every point where an outage changes (its start and each update), with window functions, and
returns times as whole epoch seconds (cheap to sort, send and convert). A request applies it
once (`fetch_points`); states, curves and statistics are read from those rows.
"""

from __future__ import annotations

import functools
import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased

from incidents.areas.models import Area, AreaLevel
from incidents.reports.models import COUNTED, OutageUpdate, PowerOutage, ReportKind
from incidents.vague import Precision


class epoch_seconds(sa.sql.functions.GenericFunction[int]):  # noqa: N801 - a SQL function name
    """Whole seconds since 1970 of a UTC timestamp column (an integer)."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_seconds_sqlite(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    # The stored text's whole seconds: SQLite reads a fraction to the millisecond and rounds, so
    # 23:59:59.999999 would be the next day's 00:00:00 (PostgreSQL floors, as briefs.md says).
    x = f"substr({compiler.process(element.clauses, **kw)}, 1, 19)"
    # unixepoch() (SQLite 3.38+) does the same as strftime('%s') at half the cost.
    if sqlite3.sqlite_version_info >= (3, 38):
        return f"unixepoch({x})"
    return f"CAST(strftime('%s', {x}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_seconds_postgresql(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"




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


def _live_outages(event_id: Any, at: Any, known_at: Any, only: sa.Select | None = None) -> sa.ColumnElement[bool]:
    """The outages a timeline counts: live, known by `known_at`, started by `at` (of `only` these ids)."""
    # The kind is implied by the join; naming it, and comparing reported_at through COALESCE
    # (never NULL: the same test), lets SQLite find the event's outages by its
    # (event_id, kind, ...) index instead of reading all the event's reports by reported_at.
    cond = sa.and_(PowerOutage.event_id == event_id, PowerOutage.kind == ReportKind.OUTAGE,
                   PowerOutage.status.in_(COUNTED),
                   sa.func.coalesce(PowerOutage.reported_at, known_at) <= known_at,
                   PowerOutage.started_at <= at)
    return cond if only is None else sa.and_(cond, PowerOutage.id.in_(only))


def _points(event_id: Any, at: Any, known_at: Any, only: sa.Select | None = None) -> sa.Subquery:
    """Each live outage's start and its live updates known by `known_at` and observed by `at`.

    Columns: oid, tk (time, is_update, precision packed), rid, hav/bav (affected, packed with
    its lower bound), hr/br (restored so far, packed), hov/bov (still out, packed), full (0/1), etrp
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
    # An update never puts a restoration before its outage began: one stored before the start (one of the two
    # vague: back at 14:00, an outage begun "in the afternoon" stored at 15:00) counts at the start, with the
    # start's precision when the start is vague (下午, never an invented 15:00), else its own (the start lies in
    # its window). In this one pass over the updates, beside the join that brings the start: a MIN over the
    # updates per outage doubled the timeline page's cost (benches/timeline_bench.py, 4 December).
    early = u.observed_at < live.c.started_at
    vague_start = live.c.started_precision != Precision.EXACT.value
    updates = sa.select(
        u.outage_id,
        epoch_seconds(sa.case((early, live.c.started_at), else_=u.observed_at)) * 16 + 8
        + _prec_code(sa.case((sa.and_(early, vague_start), live.c.started_precision), else_=u.observed_precision)),
        u.id,
        _with_lb(u.households_affected), _with_lb(u.buildings_affected),
        _with_lb(u.households_restored), _with_lb(u.buildings_restored),
        _with_lb(u.households_out), _with_lb(u.buildings_out),
        sa.case((u.fully_restored, 1), else_=0),
        epoch_seconds(u.etr_at) * 8 + _prec_code(u.etr_precision),
    ).join(live, live.c.id == u.outage_id).where(
        u.status.in_(COUNTED), u.reported_at <= known_at, u.observed_at <= at)
    return sa.union_all(starts, updates).subquery("points")


def _news(out2: Any, restored2: Any, full: Any) -> sa.ColumnElement[int]:
    """A point's word on what is out, packed: value * 8 + lower bound * 4 + kind.

    Kinds: 1 "N still out" (value N), 2 fully restored, 3 "N restored so far" (value N).
    A point giving several: full, then still out, then restored (the one that decides).
    """
    return sa.case((full == 1, 2), (out2.is_not(None), out2 * 4 + 1), else_=restored2 * 4 + 3)


def _at_most(news: Any) -> sa.ColumnElement[int]:
    """1 when what is out is read off a "more than" restored count (120余 back): it is at most that."""
    return sa.case((sa.and_(news % 4 == 3, (news // 4) % 2 == 1), 1), else_=0)


def _said_more(news: Any) -> sa.ColumnElement[int]:
    """1 when the latest word is "more than N still out" (50余户 still out): what came back to it is at most."""
    return sa.case((sa.and_(news % 4 == 1, (news // 4) % 2 == 1), 1), else_=0)


def _read_off(news: Any) -> sa.ColumnElement[int]:
    """1 when what is out is read off the latest word, a count restored so far, not stated (N still out, all back,
    or the affected total with no word yet)."""
    return sa.case((news % 4 == 3, 1), else_=0)


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


def _unless_out_again(out: Any, news: Any, news_rn: Any, other_out: Any, other_rn: Any) -> Any:
    """Units out, unknown (NULL) when their word is "fully restored" and a later word on the other unit has some out."""
    again = sa.and_(news % 4 == 2, other_rn > news_rn, other_out > 0)
    return sa.case((again, sa.null()), else_=out)


# The rule's statement is built once per process and shape (the whole event, or only some of its
# outages) with named parameters, given their values when it runs (`bound`). Building it took ~8 ms
# of Python each time (12 ms with the fetch around it, 2 December, quiet): a quarter of a small
# event's brief compile (58 times for the seed's 13 briefs, 2.9 s) and of a timeline page.
EVENT_ID, AT, KNOWN_AT = "rule_event_id", "rule_at", "rule_known_at"
# The outages `only` selects, as a CTE of this name the statement that reads the rule adds (`with_only`).
ONLY = sa.table("rule_only", sa.column("id", sa.Integer))


def bound(event_id: int, at: datetime, known_at: datetime) -> dict[str, Any]:
    """The values of the rule's parameters, for the execute of a statement that reads `state_points`."""
    return {EVENT_ID: event_id, AT: at, KNOWN_AT: known_at}


def with_only(query: sa.Select, only: sa.Select | None) -> sa.Select:
    """The statement with the outages `only` selects as the CTE the rule reads (as is for the whole event)."""
    if only is None:
        return query
    ids = only.subquery("only_ids")
    return query.add_cte(sa.select(list(ids.c)[0].label("id")).cte(ONLY.name))


@functools.cache
def state_points(only: bool = False) -> sa.Subquery:
    """Every change point of every live outage of the event up to `at`, with its state there.

    Its values come from `bound(event_id, at, known_at)` at execution; with `only`, the outages
    the statement adds with `with_only`. Columns: outage_id, rn (order within the outage), tk
    (time, is_update, precision), etrp (an ETR given here), a_h2/a_b2 (affected so far, packed
    with the lower bound), h_out/b_out still out, h_lb/b_lb (still out is a lower bound),
    h_up/b_up (still out is at most that: read off a "more than" restored count), restored (0/1),
    h_said_lb/b_said_lb (the latest word is "more than N still out", said, not read off a "more than" total),
    h_read/b_read (what is out is read off a count restored so far, not stated).
    """
    when = PowerOutage.started_at.type
    p = _points(sa.bindparam(EVENT_ID, type_=sa.Integer), sa.bindparam(AT, type_=when),
                sa.bindparam(KNOWN_AT, type_=when), sa.select(ONLY.c.id) if only else None)
    # Order within an outage: time, the start before its updates, then the order of entry.
    a = sa.select(p, sa.func.row_number().over(
        partition_by=p.c.oid, order_by=(p.c.tk // 8, p.c.rid)).label("rn")).subquery("a")

    def running(fn: Any, c: Any) -> Any:
        # From the outage's first point to this one. rn is unique, so the default frame
        # (RANGE ... CURRENT ROW) equals the ROWS frame, and SQLite runs it about twice as fast.
        return fn.over(partition_by=c.oid, order_by=c.rn)

    # A count restored so far after a full restoration, with no word since of the outage anew (a total, or some
    # still out), is superseded, no news: 150 of 220 back at 15:00 beside "all back at 14:00" (sent later, or sent
    # first: a form opened before it) is no "70 out again" nobody reported. Sent after the full one it is refused
    # (reports/outage_rules.after_full_restoration); this reads it so when it came first. Where the full one and
    # the words anew last stood, per unit, from the outage's first point to this one.
    c = a.c
    last = sa.select(
        a, running(sa.func.max(sa.case((c.full == 1, c.rn))), c).label("full_rn"),
        running(sa.func.max(sa.case((sa.or_(c.hov.is_not(None), c.hav.is_not(None)), c.rn))), c).label("h_anew_rn"),
        running(sa.func.max(sa.case((sa.or_(c.bov.is_not(None), c.bav.is_not(None)), c.rn))), c).label("b_anew_rn"),
    ).subquery("a_last")
    c = last.c
    h_told = sa.and_(c.hr.is_not(None), sa.func.coalesce(c.full_rn, 0) <= sa.func.coalesce(c.h_anew_rn, 0))
    b_told = sa.and_(c.br.is_not(None), sa.func.coalesce(c.full_rn, 0) <= sa.func.coalesce(c.b_anew_rn, 0))
    h_news = sa.or_(c.hov.is_not(None), h_told, c.full == 1)
    b_news = sa.or_(c.bov.is_not(None), b_told, c.full == 1)

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
        (c.n_h_p // K32).label("n_h_rn"), (c.n_b_p // K32).label("n_b_rn"),
        news_affected(c.hn, c.a_h_p).label("a_h_news_p"),
        news_affected(c.bn, c.a_b_p).label("a_b_news_p"),
    ).subquery("c")

    c = cc.c
    h_out, h_lb = _still_out(c.a_h2, c.n_h, c.a_h_news_p)
    b_out, b_lb = _still_out(c.a_b2, c.n_b, c.a_b_news_p)
    # Out again after "fully restored": a later word that households (buildings) are out
    # again says nothing of the other unit, whose 0 from the full restoration no longer holds.
    h_out, b_out = (_unless_out_again(h_out, c.n_h, c.n_h_rn, b_out, c.n_b_rn),
                    _unless_out_again(b_out, c.n_b, c.n_b_rn, h_out, c.n_h_rn))
    # Restored: some word of restoration, nothing known still out, and something known.
    restored = sa.case((sa.and_(
        sa.or_(c.n_h.is_not(None), c.n_b.is_not(None)),
        sa.func.coalesce(h_out, 0) == 0, sa.func.coalesce(b_out, 0) == 0,
        sa.or_(h_out.is_not(None), b_out.is_not(None))), 1), else_=0)
    return sa.select(
        c.oid.label("outage_id"), c.rn, c.tk, c.etrp, c.a_h2, c.a_b2, h_out.label("h_out"),
        h_lb.label("h_lb"), b_out.label("b_out"), b_lb.label("b_lb"), restored.label("restored"),
        _at_most(c.n_h).label("h_up"), _at_most(c.n_b).label("b_up"),
        _said_more(c.n_h).label("h_said_lb"), _said_more(c.n_b).label("b_said_lb"),
        _read_off(c.n_h).label("h_read"), _read_off(c.n_b).label("b_read"),
    ).subquery("state_points")


# The columns read back, in this order: the tuple layout the Python passes unpack.
# h_read/b_read and h_said_lb/b_said_lb last: the statistics' spells tell a stated figure from one read off a count
# restored so far, as the brief's falls do (curves._Spells).
POINT = ("outage_id", "tk", "etrp", "a_h2", "a_b2", "h_out", "h_lb", "b_out", "b_lb", "restored", "h_up", "b_up",
         "h_read", "b_read", "h_said_lb", "b_said_lb")


def sum_marks(lb: bool, ub: bool) -> tuple[bool, bool, bool]:
    """A sum's marks (more than, at most, about) from whether a part of it is "more than", "at most".

    Exact plus at most is at most; at most plus more than is bounded neither way: about. The one rule for
    every sum of counts still out: the timeline's groups and curve, the map's, the brief's (figures.add_out).
    """
    return lb and not ub, ub and not lb, lb and ub


def out_marks(out: int | None, lb: object, up: object) -> tuple[bool, bool, bool]:
    """A count still out's marks: (more than, at most, about), from the rule's h_lb/h_up (b_lb/b_up).

    "More than" affected less "more than" restored (60余 less 40余) is bounded neither way: about.
    Nothing out (0, or not reported) has no mark.
    """
    if not out:
        return False, False, False
    if lb and up:
        return False, False, True
    return bool(lb), bool(up), False


def fetch_points(session: Session, event_id: int, at: datetime, known_at: datetime,
                 only: sa.Select | None = None) -> Sequence[Any]:
    """The state points (one statement), each outage's together and in order."""
    query = with_only(points_in_order(only is not None), only)
    return session.connection().execute(query, bound(event_id, at, known_at)).all()


@functools.cache
def points_in_order(only: bool) -> sa.Select:
    """The statement `fetch_points` runs, before `with_only`: the POINT columns, each outage's in order."""
    sp = state_points(only)
    return sa.select(*[sp.c[name] for name in POINT]).order_by(sp.c.outage_id, sp.c.rn)


def by_outage(rows: Iterable[Any]) -> Iterator[tuple[int, list[Any]]]:
    """(outage id, its points) for each outage, from the rows in order."""
    for oid, points in itertools.groupby(rows, key=_first):
        yield oid, list(points)


def _first(row: Sequence[Any]) -> Any:
    return row[0]


@functools.cache
def _hops() -> list[Any]:
    """The three aliases of Area a walk up joins, made once: an alias proxies every column on first use."""
    return [aliased(Area, name=f"up{i}") for i in range(3)]


class Subdistrict:
    """An outage area's subdistrict by walking up at most three parents (the tree has four levels).

    Three primary-key joins per outage; a join on the recursive CTE of every area would cost
    areas x outages on SQLite. One walk per statement: its aliases are shared.
    """

    def __init__(self) -> None:
        self.hops = _hops()
        level = AreaLevel.SUBDISTRICT
        self.id = sa.case(*[(a.level == level, a.id) for a in self.hops])
        self.name = sa.case(*[(a.level == level, a.name) for a in self.hops])
        self.name_en = sa.case(*[(a.level == level, a.name_en) for a in self.hops])

    def join(self, query: sa.Select, area_id: Any) -> sa.Select:
        """Add the joins from an area id column to the query."""
        a0, a1, a2 = self.hops
        return (query.join(a0, a0.id == area_id).outerjoin(a1, a1.id == a0.parent_id)
                .outerjoin(a2, a2.id == a1.parent_id))


class OutageInfo(NamedTuple):
    area_id: int
    started_at: datetime
    started_precision: Precision
    area_name: str
    area_name_en: str | None
    subdistrict_id: int | None
    subdistrict_name: str | None
    subdistrict_name_en: str | None


def outages_counted(session: Session, event_id: int, at: datetime, known_at: datetime,
                    only: sa.Select | None = None) -> dict[int, OutageInfo]:
    """The outages the rule counts, with their area and subdistrict names (one query)."""
    sub = Subdistrict()
    area = sub.hops[0]
    query = sub.join(sa.select(
        PowerOutage.id, PowerOutage.area_id, PowerOutage.started_at, PowerOutage.started_precision,
        area.name, area.name_en, sub.id, sub.name, sub.name_en), PowerOutage.area_id)
    query = query.where(_live_outages(event_id, at, known_at, only))
    return {row[0]: OutageInfo(row[1], row[2], Precision(row[3]), *row[4:])
            for row in session.connection().execute(query).all()}


def updates_by_the_start(session: Session, at: datetime, known_at: datetime,
                         starts: dict[int, datetime]) -> dict[int, list[tuple[datetime, Precision]]]:
    """The counted updates of these outages observed by each one's stored start (their own times).

    `_points` puts an update stored before its outage's start at the start; what the update itself said (back
    by 14:00 of an outage begun 下午) bounds how long the outage can have lasted (`rows.bounded_by_updates`).
    Asked only for the few outages restored at a vague start, so the rule's statement stays as it is.
    """
    if not starts:
        return {}
    u = OutageUpdate
    query = sa.select(u.outage_id, u.observed_at, u.observed_precision).where(
        u.outage_id.in_(list(starts)), u.status.in_(COUNTED), u.reported_at <= known_at, u.observed_at <= at)
    found: dict[int, list[tuple[datetime, Precision]]] = {}
    for oid, observed, precision in session.connection().execute(query):
        if observed <= starts[oid]:
            found.setdefault(oid, []).append((observed, Precision(precision)))
    return found


def outages_in_subdistrict(event_id: int, subdistrict_id: int | None) -> sa.Select:
    """The ids of the event's outages in one subdistrict (None: district-level), for `only`."""
    if subdistrict_id is None:
        sub = Subdistrict()
        query = sub.join(sa.select(PowerOutage.id), PowerOutage.area_id).where(PowerOutage.event_id == event_id)
        return query.where(sub.id.is_(None))
    # Down the tree from the subdistrict (two levels below it at most: community, site), by the
    # parent index: the group's areas, then their outages by the area index. Walking up from
    # every outage of the event (as Subdistrict does) costs the whole event's outages.
    children = sa.select(Area.id).where(Area.parent_id == subdistrict_id)
    grandchildren = sa.select(Area.id).where(Area.parent_id.in_(children))
    areas = sa.union_all(sa.select(sa.literal(subdistrict_id)), children, grandchildren)
    # Not correlated with the outer query's outages: a list of ids, found once.
    return (sa.select(PowerOutage.id).where(PowerOutage.event_id == event_id, PowerOutage.area_id.in_(areas))
            .correlate(None))
