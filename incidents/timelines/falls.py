"""What came back in a span of time: each outage's falls in units still out, partial restorations counted.

The same state points as the timeline (one rule): at every point of an outage after `start` and up
to `at`, what came back is what was out at the point before, plus what the affected total grew by
there, less what is out now (never below 0: units out again are not a negative restoration). A
correction of the affected total downwards is not a restoration either. Summed per outage in SQL.

Where nothing went out again and no total fell in the span, the sum is what was out at its start less what is
out at its end (plus growth), and only those two ends mark it: 220 out, 150余 back (不超过70 out), then all back
is exactly 220, not 150余 plus 不超过70 (约220). More out after a "more than" figure (182余 still out, then 199) is
that figure made precise, not units out again: the span still telescopes. Otherwise each fall keeps its own marks
and they sum.

Where units went out again in the span, what went out is returned beside what came back, with the latest such
time: the brief says it as 再次停电, so that out before − back + new + out again = out now holds in its text. Going
out is a rise from none out (all back, then out again), or a stated figure (N still out, not read off a count
restored so far) above the last stated one, plus the growth since (96 still out, 71 back of 211 read off as 140,
then 100 still out: 4 went out, none came back). A reading off a count restored so far never makes a rise of its
own, so what came back is then the span telescoped with what went out: (out at its start + growth + out again) −
out at its end, the rises' falls keeping their marks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.timelines.rule import K32, PRECISIONS, bound, state_points, with_only
from incidents.vague import Precision

# A point's marks (more than, at most, said as "more than N still out") as one small number, so that a single
# MIN or MAX over `rn * _ROOM + marks` picks the marks of a span's first or last point.
_LB, _AT_MOST, _SAID, _ROOM = 4, 2, 1, 8
# A stated level packed with its rank so a MAX over the points before picks the last: rank * _LEVEL + (units out
# less the growth so far, lifted by _LIFT to stay above 0) * 2 + more than.
_LEVEL, _LIFT = 1 << 34, K32


def _pack(lb: sa.ColumnElement, up: sa.ColumnElement, said: sa.ColumnElement) -> sa.ColumnElement:
    """The three 0/1 marks of a point as one number, in SQL."""
    return lb * _LB + up * _AT_MOST + said * _SAID


def _unpack(marks: object) -> tuple[bool, bool, bool]:
    """The (more than, at most, said) marks `_pack` made, in Python."""
    value = int(marks)  # type: ignore[call-overload]
    return bool(value & _LB), bool(value & _AT_MOST), bool(value & _SAID)


@dataclass
class Restored:
    """Households and buildings that came back in the span (None: no figure to tell it by)."""

    households: int | None = None
    households_lb: bool = False
    buildings: int | None = None
    buildings_lb: bool = False
    households_ub: bool = False  # at most: what was out before was at most (read off "more than" back)
    buildings_ub: bool = False
    # Fully back in the span from a count not known (out again after a full restoration silent on this unit): what
    # came back of it is not in the sum, which says so (briefs/power._back_unknown)
    households_unsaid: bool = False
    buildings_unsaid: bool = False
    # Went out again in the span (`_Fall.again`): the latest time it did, and the households that went out then
    # (summed over the span; None when none did, or their count is not known), with their marks.
    again_at: datetime | None = None
    again_precision: Precision | None = None
    again_households: int | None = None
    again_households_lb: bool = False
    again_households_ub: bool = False
    # Per unit ("households", "buildings"): the span ends on units out read off a count restored so far above the
    # last stated figure, and its sum does not hold (96 still out, then 71 back of 211: 140); or it begins on such a
    # reading below the figure it ends on, not above the last stated one (80 read off, then 90 after 96).
    disagree: dict[str, Disagree] = field(default_factory=dict)


@dataclass
class Disagree:
    """A unit's two figures whose span's sum does not hold, with their times: one stated, one read off a count.

    Either the span ends on a reading above the last stated figure, or it begins on a reading below the figure it
    ends on (that one in `stated`).
    """

    stated: int
    stated_at: datetime
    stated_precision: Precision
    read: int
    read_at: datetime
    read_precision: Precision
    both_read: bool = False  # the later figure (in `stated`) is read off a count restored so far too, lowered since


class _Fall(NamedTuple):
    """One point's fall in one unit, as SQL columns."""

    back: sa.ColumnElement  # units back at this point (0 when none)
    lb: sa.ColumnElement  # 1: the fall is a lower bound
    ub: sa.ColumnElement  # 1: the fall is an upper bound
    broken: sa.ColumnElement  # 1: the fall is not what was out before less what is out now (unknown, total cut)
    before: sa.ColumnElement  # the marks of what was out before (`_pack`)
    now: sa.ColumnElement  # the marks of what is out now, likewise
    grew: sa.ColumnElement  # 1: the affected total grew here
    out_before: sa.ColumnElement  # what was out at the point before (NULL: not told)
    out_now: sa.ColumnElement  # what is out now (NULL: not told)
    growth: sa.ColumnElement  # what the affected total grew by here (0 when it did not, or it went out again)
    unsaid: sa.ColumnElement  # 1: fully restored here from a count not known (no fall to tell it by)
    again: sa.ColumnElement  # units that went out again here (0 when none did)
    again_lb: sa.ColumnElement  # 1: units went out again here and what is out now is "more than"
    again_ub: sa.ColumnElement  # 1: likewise, and what is out now is at most the figure
    again_tk: sa.ColumnElement  # the point's time (as `tk`) when units went out again here, else NULL
    went: sa.ColumnElement  # 1: units went out again here
    read_above: sa.ColumnElement  # 1: what is out is read off a count restored so far above the last stated figure
    stated: sa.ColumnElement  # the last stated figure before this point (NULL: none)
    stated_tk: sa.ColumnElement  # its time, as `tk`


def _grown(sp: sa.Subquery) -> sa.Subquery:
    """The state points with the affected totals' growth so far (their highest yet), per unit."""
    # The highest yet, not a running sum of the growths: one window pass less, and equal to it while the total
    # only grows (a total corrected downwards leaves the span's falls summed, `_Fall.broken`).
    def most(affected: str) -> sa.ColumnElement:
        return sa.func.coalesce(sa.func.max(sp.c[affected] // 2, type_=sa.BigInteger).over(
            partition_by=sp.c.outage_id, order_by=sp.c.rn), 0)
    return sa.select(sp, most("a_h2").label("h_grown"), most("a_b2").label("b_grown")).subquery("grown")


def _back(sp: sa.Subquery, out: str, lb: str, up: str, said: str, affected: str, read: str, grown: str) -> _Fall:
    """A point's fall, by the point before it, with the marks of both ends for `_marks`.

    A lower bound when more than that was out before (300余 out), or when what is out now is at most
    the figure (read off "120余 restored"): either way at least that much came back. An upper bound
    when what was out before was at most the figure (不超过20户 out, then all back), or when more than
    what is out now is said to be still out (100 out, then 50余 still out): at most that came back.
    """

    def lag(column: str) -> sa.ColumnElement:
        """The column's value at the outage's point before this one."""
        return sa.func.lag(sp.c[column], type_=sa.BigInteger).over(partition_by=sp.c.outage_id, order_by=sp.c.rn)

    before, before_lb = lag(out), lag(lb)
    grew = sp.c[affected] // 2 - lag(affected) // 2
    back = before + sa.case((grew > 0, grew), else_=0) - sp.c[out]
    # Both out figures "more than" by the same unknown excess, the affected count's (50余 out, 30 restored: 20余
    # out): that excess cancels, and exactly 30 came back. Not when either was said as "more than N still out".
    same_excess = sa.and_(
        before_lb == 1, sp.c[lb] == 1, sa.func.coalesce(grew, 1) == 0, sp.c[said] == 0, lag(said) == 0
    )
    more = sa.or_(sa.and_(before_lb == 1, sa.not_(same_excess)), sp.c[up] == 1)
    # The outage's start has no point before it: no fall, and nothing broken. More out than a "more than N" said
    # before (182余 still out, then 130 back of 329: 199) is that "more than" made precise, not units going out:
    # the span still telescopes, or its falls (147 at most, then 199) would add up past the outage's size. So is
    # more out read off a count restored so far after an exact figure above 0 (96 still out, then 71 back of 211:
    # 140): two readings of one outage, nobody saying power went off again (the brief says no 再次停电 for it), and
    # out before − back + new + out again = out now holds only if the day telescopes (96 back, not the falls' 140).
    # Units going out (再次停电) are a rise from none out (all back, then out again: all that is out now, a total
    # grown beside it going out with it), or a stated figure above the last stated one (0 after a full
    # restoration) plus the growth since, whatever was read off between: 96, 71 back of 211 (140), then "100 still
    # out" is 4 out (out before − back + new + out again = out now, the day telescoped with them). A count
    # restored so far makes no rise of its own, and a "more than" level none: more is that figure made precise.
    # Twin: curves._Spells.again reads this going out again in Python for the per-outage statistics; change one,
    # change the other (docs/domain.md, "Going out again"; tests/timelines/test_out_again_twins.py holds them equal).
    stated = sa.and_(sp.c[out].is_not(None), sa.or_(sp.c[read] == 0, sp.c[out] == 0))
    level = sa.func.max(sa.case((stated, sp.c.rn * _LEVEL + (sp.c[out] - sp.c[grown] + _LIFT) * 2 + sp.c[lb])),
                        type_=sa.BigInteger).over(partition_by=sp.c.outage_id, order_by=sp.c.rn, rows=(None, -1))
    last = (level % _LEVEL) // 2 - _LIFT + sp.c[grown]
    from_none = sa.and_(sp.c.rn > 1, before == 0, sp.c[out] > 0)
    above = sa.and_(sp.c[read] == 0, level % 2 == 0, sp.c[out] > last)
    went = sa.or_(from_none, above)
    # A reading above the last stated figure: where a day ends on one, its sum does not hold (nothing went out,
    # nothing came back), and the brief says why (briefs/power: readings_disagree).
    read_above = sa.and_(sp.c[read] == 1, level % 2 == 0, sp.c[out] > last)

    def stated_last(value: sa.ColumnElement) -> sa.ColumnElement:
        return sa.func.max(sa.case((stated, value)), type_=sa.BigInteger).over(
            partition_by=sp.c.outage_id, order_by=sp.c.rn, rows=(None, -1))
    broken = sa.and_(sp.c.rn > 1, sa.or_(back.is_(None), sa.func.coalesce(grew, 0) < 0))
    return _Fall(
        sa.case((back > 0, back), else_=0),
        sa.case((sa.and_(back > 0, more), 1), else_=0),
        # At most, too, when what is out now is "more than" (said, or read off a "more than" affected count: 37
        # out, then 69 back of 80余) and what was out before was not: more than the figure may still be out.
        sa.case((sa.and_(back > 0, sa.or_(lag(up) == 1, sp.c[said] == 1, sa.and_(
            sp.c[lb] == 1, sa.func.coalesce(before_lb, 0) == 0))), 1), else_=0),
        sa.case((broken, 1), else_=0),
        _pack(before_lb, lag(up), lag(said)),
        _pack(sp.c[lb], sp.c[up], sp.c[said]),
        sa.case((grew > 0, 1), else_=0),
        before,
        sp.c[out],
        sa.case((sa.and_(grew > 0, sa.not_(from_none)), grew), else_=0),
        sa.case((sa.and_(sp.c.rn > 1, sp.c.restored == 1, before.is_(None)), 1), else_=0),
        sa.case((from_none, sp.c[out]), (above, sp.c[out] - last), else_=0),
        sa.case((sa.and_(went, sp.c[lb] == 1), 1), else_=0),
        sa.case((sa.and_(went, sp.c[up] == 1), 1), else_=0),
        sa.case((went, sp.c.tk)),
        sa.case((went, 1), else_=0),
        sa.case((read_above, 1), else_=0),
        stated_last(sp.c.rn * K32 + sp.c[out]) % K32,
        stated_last(sp.c.tk),
    )


# Packs a point's rank above a count (counts stay below 2**32) so MIN / MAX pick the first or last point's count.
_RANK = 1 << 32


# A span's aggregates, in the order _marks takes them; each selected as "<unit>_<name>" and read by that name.
SPAN = ("total", "lb", "ub", "broken", "before", "now", "grew", "out_start", "out_end", "growth", "again", "went")


def _span(points: sa.Subquery, unit: str) -> list[sa.ColumnElement]:
    """Per outage over the span: the falls' sum, their marks, whether any is broken, both ends' marks, growth,
    what was out at its start and at its end with the growth between, and what went out again (the telescoped
    sum), whether any did."""
    c = points.c
    later = c.rn > 1
    columns = [
        sa.func.sum(c[unit]),
        sa.func.max(c[unit + "_lb"]),
        sa.func.max(c[unit + "_ub"]),
        sa.func.max(c[unit + "_broken"]),
        # The first fall's "before" and the last point's "now": packed with rn so MIN / MAX pick them.
        sa.func.min(sa.case((later, c.rn * _ROOM + c[unit + "_before"]))) % _ROOM,
        sa.func.max(c.rn * _ROOM + c[unit + "_now"]) % _ROOM,
        sa.func.max(c[unit + "_grew"]),
        sa.func.min(sa.case((later, c.rn * _RANK + c[unit + "_out_before"]))) % _RANK,
        sa.func.max(c.rn * _RANK + c[unit + "_out_now"]) % _RANK,
        sa.func.sum(c[unit + "_growth"]),
        sa.func.sum(c[unit + "_again"]),
        sa.func.max(c[unit + "_went"]),
    ]
    return [column.label(f"{unit}_{name}") for column, name in zip(columns, SPAN, strict=True)]


def _marks(
    total: object, lb: object, ub: object, broken: object, before: object, now: object, grew: object,
    out_start: object = None, out_end: object = None, growth: object = None, again: object = None,
    went: object = None,
) -> tuple[int | None, bool, bool]:
    """A span's units back and their (more than, at most), from its falls' sum, marks and ends."""
    value = _int(total)
    if not value or broken or before is None or now is None:
        return value, bool(value and lb), bool(value and ub)
    # Telescoped: (out at the start + growth + out again) − out at the end.
    if out_start is not None and out_end is not None:
        value = max(0, int(out_start) + (_int(growth) or 0) + (_int(again) or 0)  # type: ignore[call-overload]
                    - int(out_end))  # type: ignore[call-overload]
    if went:  # the rises' falls keep their own marks
        return value, bool(value and lb), bool(value and ub)
    # Each end's marks act as one fall's would.
    b_lb, b_up, b_said = _unpack(before)
    n_lb, n_up, n_said = _unpack(now)
    same_excess = b_lb and n_lb and not grew and not b_said and not n_said
    return value, bool((b_lb and not same_excess) or n_up), bool(b_up or n_said or (n_lb and not b_lb))


# The span's start, epoch seconds: the one value of the statement not among the rule's (`bound`).
START_S = "falls_start_s"


@functools.cache
def _restored_query(only: bool) -> sa.Select:
    """restored_between's statement, built once per process and shape (as `state_points`), its values named."""
    # Built afresh it was 25-32 ms of CPU a call on the seed, one a brief; 4 ms so (SQLite; PostgreSQL 28-37 -> 7-12
    # ms, 6 December).
    start_s = sa.bindparam(START_S, type_=sa.BigInteger)
    sp = _grown(state_points(only))
    columns = [sp.c.outage_id, sp.c.rn, (sp.c.tk // 16).label("t")]
    for unit, fall in (
        ("h", _back(sp, "h_out", "h_lb", "h_up", "h_said_lb", "a_h2", "h_read", "h_grown")),
        ("b", _back(sp, "b_out", "b_lb", "b_up", "b_said_lb", "a_b2", "b_read", "b_grown")),
    ):
        columns += [
            fall.back.label(unit),
            fall.lb.label(unit + "_lb"),
            fall.ub.label(unit + "_ub"),
            fall.broken.label(unit + "_broken"),
            fall.before.label(unit + "_before"),
            fall.now.label(unit + "_now"),
            fall.grew.label(unit + "_grew"),
            fall.out_before.label(unit + "_out_before"),
            fall.out_now.label(unit + "_out_now"),
            fall.growth.label(unit + "_growth"),
            fall.unsaid.label(unit + "_unsaid"),
            fall.again.label(unit + "_again"),
            fall.again_lb.label(unit + "_again_lb"),
            fall.again_ub.label(unit + "_again_ub"),
            fall.again_tk.label(unit + "_again_tk"),
            fall.went.label(unit + "_went"),
            fall.read_above.label(unit + "_read_above"),
            fall.stated.label(unit + "_stated"),
            fall.stated_tk.label(unit + "_stated_tk"),
        ]
    columns.append(sp.c.tk)
    columns.append((sp.c.rn == sa.func.max(sp.c.rn).over(partition_by=sp.c.outage_id)).label("is_last"))

    def before(column: sa.ColumnElement) -> sa.ColumnElement:
        return sa.func.lag(column, type_=sa.BigInteger).over(partition_by=sp.c.outage_id, order_by=sp.c.rn)
    columns += [before(sp.c.tk).label("tk_before"), before(sp.c.h_read).label("h_read_before"),
                before(sp.c.b_read).label("b_read_before"), sp.c.h_read, sp.c.b_read]
    points = sa.select(*columns).subquery("falls")
    # Each unit's reading above the last stated figure at the outage's last point: its figures and times.
    read = [sa.func.max(sa.case((sa.and_(points.c.is_last, points.c[unit + "_read_above"] == 1), column)))
            .label(f"{unit}_{name}")
            for unit in ("h", "b")
            for column, name in ((points.c[unit + "_stated"], "stated"), (points.c[unit + "_stated_tk"], "stated_tk"),
                                 (points.c.tk, "read_tk"))]
    # Each unit's span begun on a reading (the point before its first): its time, the time of the figure it ends on
    # and whether that is a reading too, for a span whose sum breaks the other way (80 read off at 24:00, then 90
    # still out, below the 96 stated before; or 90 read off a count restored so far lowered since).
    first = (points.c.tk_before // 16) < start_s
    mirror = [sa.func.max(case).label(f"{unit}_{name}") for unit in ("h", "b") for case, name in (
        (sa.case((sa.and_(first, points.c[unit + "_read_before"] == 1), points.c.tk_before)), "began_tk"),
        (sa.case((sa.and_(points.c.is_last, points.c[unit + "_out_now"].is_not(None)), points.c.tk)), "ended_tk"),
        (sa.case((points.c.is_last, points.c[unit + "_read"])), "ended_read"))]
    named = {column.name: column for column in (*read, *mirror)}
    return (
        sa.select(points.c.outage_id, *_span(points, "h"), *_span(points, "b"),
                  sa.func.max(points.c.h_unsaid).label("h_unsaid"), sa.func.max(points.c.b_unsaid).label("b_unsaid"),
                  sa.func.max(points.c.h_again_lb).label("h_again_lb"),
                  sa.func.max(points.c.h_again_ub).label("h_again_ub"),
                  sa.func.max(points.c.h_again_tk).label("h_again_tk"),
                  sa.func.max(points.c.b_again_tk).label("b_again_tk"), *read, *mirror)
        .where(points.c.t >= start_s)
        .group_by(points.c.outage_id)
        .having(sa.or_(sa.func.sum(points.c.h) > 0, sa.func.sum(points.c.b) > 0,
                       sa.func.max(points.c.h_again_tk).is_not(None), sa.func.max(points.c.b_again_tk).is_not(None),
                       *(named[f"{unit}_read_tk"].is_not(None) for unit in ("h", "b")),
                       *(sa.and_(named[f"{unit}_began_tk"].is_not(None), named[f"{unit}_ended_tk"].is_not(None))
                         for unit in ("h", "b"))))
    )


def restored_between(
    session: Session, event_id: int, start: datetime, at: datetime, known_at: datetime, only: sa.Select | None = None
) -> dict[int, Restored]:
    """Per outage: households and buildings restored from `start` on (a fall at `start` itself included: the
    span is a brief's day, [00:00, 24:00)) up to `at`, as known at `known_at`.

    Only outages with a restoration in the span are returned. `only`: a SELECT of outage ids.
    """
    query = with_only(_restored_query(only is not None), only)
    found = {}
    values = {**bound(event_id, at, known_at), START_S: int(start.timestamp() // 1)}
    for row in session.execute(query, values).mappings():
        spans = {unit: [row[f"{unit}_{name}"] for name in SPAN] for unit in ("h", "b")}
        hs, hl, hu = _marks(*spans["h"])
        bs, bl, bu = _marks(*spans["b"])
        back = Restored(hs, hl, bs, bl, hu, bu, bool(row["h_unsaid"]), bool(row["b_unsaid"]))
        # Out again in either unit is news; the households that went out are the households' own (none: unsaid).
        tk = max((int(t) for t in (row["h_again_tk"], row["b_again_tk"]) if t is not None), default=None)
        if tk is not None:
            back.again_at, back.again_precision = datetime.fromtimestamp(tk >> 4, UTC), PRECISIONS[tk & 7]
            back.again_households = _int(row["h_again"]) or None
            back.again_households_lb, back.again_households_ub = bool(row["h_again_lb"]), bool(row["h_again_ub"])
        for unit, name in (("h", "households"), ("b", "buildings")):
            stated, stated_tk, read_tk = row[unit + "_stated"], row[unit + "_stated_tk"], row[unit + "_read_tk"]
            began_tk, ended_tk = row[unit + "_began_tk"], row[unit + "_ended_tk"]
            if not _breaks(*(row[f"{unit}_{end}"] for end in ("out_start", "out_end", "growth", "again"))):
                continue
            if read_tk is not None:
                back.disagree[name] = Disagree(int(stated), *_moment(stated_tk), int(row[unit + "_out_end"]),
                                               *_moment(read_tk))
            elif began_tk is not None and ended_tk is not None:  # read off at its start, more out at its end
                back.disagree[name] = Disagree(int(row[unit + "_out_end"]), *_moment(ended_tk),
                                               int(row[unit + "_out_start"]), *_moment(began_tk),
                                               both_read=bool(row[unit + "_ended_read"]))
        if not (back.disagree or row["h_total"] or row["b_total"] or tk is not None):
            continue  # only a reading whose day still adds up: nothing to say
        found[row["outage_id"]] = back
    return found


def _breaks(out_start: object, out_end: object, growth: object, again: object) -> bool:
    """Whether a span's out at its start + growth + out again is below out at its end: its sum does not hold."""
    if out_start is None or out_end is None:
        return False
    return int(out_start) + (_int(growth) or 0) + (_int(again) or 0) < int(out_end)  # type: ignore[call-overload]


def _moment(tk: object) -> tuple[datetime, Precision]:
    """A point's instant and precision from its packed time (`tk`)."""
    value = int(tk)  # type: ignore[call-overload]
    return datetime.fromtimestamp(value >> 4, UTC), PRECISIONS[value & 7]


def _int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]
