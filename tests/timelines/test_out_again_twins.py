"""The "going out again" rule is written twice: in SQL for the brief's spans (`falls._back`) and in Python for each
household's hours in the timeline's statistics (`curves._Spells.again`). Random outage histories — counts still out
and restored, "more than" (余) on either, totals grown, full restorations and power out again after them, in any
order of sending — must read the same units out again at every point on both (docs/domain.md, "Outages").
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from incidents.errors import ValidationError
from incidents.timelines import falls
from incidents.timelines.curves import Tally, _Spells
from incidents.timelines.rule import bound, by_outage, fetch_points, state_points

from .conftest import T0
from .test_properties import new_event

AT = T0 + timedelta(days=4)
KNOWN = T0 + timedelta(days=10)

# One step of an outage's history: minutes after the last step (0: the same instant), what it says, a count, whether
# the count is "more than", and how late it is sent (sent late, it lands before steps sent earlier).
step_st = st.tuples(
    st.integers(0, 600),
    st.sampled_from(["out", "restored", "full", "grow", "grow_out", "out_b", "restored_b"]),
    st.integers(0, 300),
    st.booleans(),
    st.sampled_from([0, 0, 0, 30, 900]),
)
outage_st = st.tuples(st.one_of(st.none(), st.integers(0, 300)), st.booleans(),
                      st.one_of(st.none(), st.integers(0, 20)))


def _fields(kind: str, n: int, lb: bool) -> dict[str, Any]:
    if kind == "out":
        return {"households_out": n, "households_out_lb": lb}
    if kind == "restored":
        return {"households_restored": n, "households_restored_lb": lb}
    if kind == "full":
        return {"fully_restored": True}
    if kind == "grow":
        return {"households_affected": n, "households_affected_lb": lb}
    if kind == "grow_out":
        return {"households_affected": n + 10, "households_out": n, "households_out_lb": lb}
    if kind == "out_b":
        return {"buildings_out": n % 21, "buildings_out_lb": lb}
    return {"buildings_restored": n % 21, "buildings_restored_lb": lb}


def _sql_again(session, event_id: int, outage_id: int) -> list[tuple[int, int]]:  # noqa: ANN001
    """Per point of the outage, in order: households and buildings out again there by `falls._back`."""
    sp = falls._grown(state_points())
    h = falls._back(sp, "h_out", "h_lb", "h_up", "h_said_lb", "a_h2", "h_read", "h_grown")
    b = falls._back(sp, "b_out", "b_lb", "b_up", "b_said_lb", "a_b2", "b_read", "b_grown")
    inner = sa.select(sp.c.outage_id, sp.c.rn, h.again.label("h"), b.again.label("b")).subquery("twins")
    query = sa.select(inner.c.h, inner.c.b).where(inner.c.outage_id == outage_id).order_by(inner.c.rn)
    return [(int(r[0]), int(r[1])) for r in session.execute(query, bound(event_id, AT, KNOWN)).all()]


def _python_again(session, event_id: int, outage_id: int, start: float) -> list[tuple[int, int]]:  # noqa: ANN001
    """Per point of the outage, in order: households and buildings out again there by `curves._Spells.again`, as
    the statistics' tally calls it (households, then buildings, at each point)."""
    said: list[int] = []
    real = _Spells.again

    def spy(self: _Spells, *args: Any) -> int:
        went = real(self, *args)
        said.append(went)
        return went

    points = dict(by_outage(fetch_points(session, event_id, AT, KNOWN)))[outage_id]
    with mock.patch.object(_Spells, "again", spy):
        Tally(AT).add(points, 0, start)
    return list(zip(said[::2], said[1::2], strict=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(outage=outage_st, steps=st.lists(step_st, min_size=1, max_size=9))
def test_out_again_reads_the_same_in_sql_and_python(build, session, outage, steps):
    b = new_event(build)
    households, households_lb, buildings = outage
    oid = b.outage("site-a", start=T0, households_affected=households,
                   households_affected_lb=households_lb and bool(households), buildings_affected=buildings)
    at = T0
    for minutes, kind, n, lb, late in steps:
        at += timedelta(minutes=minutes)
        try:
            b.update(oid, at, reported=at + timedelta(minutes=5 + late), **_fields(kind, n, lb))
        except ValidationError:
            continue
    session.rollback()
    sql = _sql_again(session, b.event_id, oid)
    python = _python_again(session, b.event_id, oid, T0.timestamp())
    assert len(sql) == len(python) > 0
    assert python == sql
    event("out again" if any(h or b for h, b in sql) else "never out again")
