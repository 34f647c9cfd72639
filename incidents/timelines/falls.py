"""What came back in a span of time: each outage's falls in units still out, partial restorations counted.

The same state points as the timeline (one rule): at every point of an outage after `start` and up
to `at`, what came back is what was out at the point before, plus what the affected total grew by
there, less what is out now (never below 0: units out again are not a negative restoration). A
correction of the affected total downwards is not a restoration either. Summed per outage in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.timelines.rule import bound, state_points, with_only


@dataclass
class Restored:
    """Households and buildings that came back in the span (None: no figure to tell it by)."""

    households: int | None = None
    households_lb: bool = False
    buildings: int | None = None
    buildings_lb: bool = False
    households_ub: bool = False  # at most: what was out before was at most (read off "more than" back)
    buildings_ub: bool = False


def _back(sp: sa.Subquery, out: str, lb: str, up: str, said: str, affected: str
          ) -> tuple[sa.ColumnElement, sa.ColumnElement, sa.ColumnElement]:
    """(units back at this point, whether that is a lower bound, whether an upper one), by the point before it.

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
    same_excess = sa.and_(before_lb == 1, sp.c[lb] == 1, sa.func.coalesce(grew, 1) == 0, sp.c[said] == 0,
                          lag(said) == 0)
    more = sa.or_(sa.and_(before_lb == 1, sa.not_(same_excess)), sp.c[up] == 1)
    return (sa.case((back > 0, back), else_=0), sa.case((sa.and_(back > 0, more), 1), else_=0),
            sa.case((sa.and_(back > 0, sa.or_(lag(up) == 1, sp.c[said] == 1)), 1), else_=0))


def restored_between(session: Session, event_id: int, start: datetime, at: datetime, known_at: datetime,
                     only: sa.Select | None = None) -> dict[int, Restored]:
    """Per outage: households and buildings restored after `start` up to `at`, as known at `known_at`.

    Only outages with a restoration in the span are returned. `only`: a SELECT of outage ids.
    """
    sp = state_points(only is not None)
    h, h_lb, h_ub = _back(sp, "h_out", "h_lb", "h_up", "h_said_lb", "a_h2")
    b, b_lb, b_ub = _back(sp, "b_out", "b_lb", "b_up", "b_said_lb", "a_b2")
    points = sa.select(sp.c.outage_id, (sp.c.tk // 16).label("t"), h.label("h"), h_lb.label("h_lb"),
                       b.label("b"), b_lb.label("b_lb"), h_ub.label("h_ub"), b_ub.label("b_ub")).subquery("falls")
    query = (sa.select(points.c.outage_id, sa.func.sum(points.c.h), sa.func.max(points.c.h_lb),
                       sa.func.sum(points.c.b), sa.func.max(points.c.b_lb), sa.func.max(points.c.h_ub),
                       sa.func.max(points.c.b_ub))
             .where(points.c.t > int(start.timestamp() // 1))
             .group_by(points.c.outage_id)
             .having(sa.or_(sa.func.sum(points.c.h) > 0, sa.func.sum(points.c.b) > 0)))
    return {oid: Restored(_int(hs), bool(hl), _int(bs), bool(bl), bool(hu), bool(bu))
            for oid, hs, hl, bs, bl, hu, bu in session.execute(with_only(query, only), bound(event_id, at, known_at))}


def _int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]
