"""Property tests of the one outage-state rule: the curve, its integral, and the past staying put."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.errors import ValidationError
from incidents.events.services import create_event
from incidents.timelines.services import outage_states, restoration_curve, restoration_timeline

from .conftest import T0, Builder

_codes = itertools.count()
SITES = ("site-a", "site-b", "site-c")
AT = T0 + timedelta(days=3)
KNOWN = T0 + timedelta(days=10)

outage_st = st.tuples(st.sampled_from(SITES), st.integers(0, 600),
                      st.one_of(st.none(), st.integers(0, 500)), st.one_of(st.none(), st.integers(0, 20)))
update_st = st.tuples(
    st.integers(0, 2),                        # which outage
    st.integers(1, 2000),                     # minutes after its start
    st.sampled_from(["restored", "out", "grow", "full", "etr"]),
    st.floats(0, 1),                          # a fraction for restored/out
    st.integers(0, 200),                      # growth
    st.integers(0, 600),                      # reporting delay, minutes
)
settings_ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])


def new_event(build: Builder) -> Builder:
    with build.database.transaction() as s:
        event = create_event(s, code=f"prop-{next(_codes)}", name="性质测试", kind="rainstorm",
                             starts_at=T0 - timedelta(days=1))
        return Builder(build.database, event.id, build.user_id, build.areas)


def scenario(build: Builder, outages: list, updates: list) -> tuple[list[int], list]:
    """Insert outages and every update the validation rules accept; returns ids and start times."""
    ids, starts = [], []
    for site, offset, households, buildings in outages:
        start = T0 + timedelta(minutes=offset)
        ids.append(build.outage(site, start=start, households_affected=households,
                                buildings_affected=buildings))
        starts.append((site, start, households, buildings))
    for update in updates:
        add_update(build, ids, starts, update)
    return ids, starts


def add_update(build: Builder, ids: list[int], starts: list, update: tuple) -> bool:
    """Add one update, if the rules accept it (they refuse, e.g., restoring more than affected)."""
    which, minutes, kind, frac, grow, delay = update
    if which >= len(ids):
        return False
    _site, start, households, buildings = starts[which]
    at = start + timedelta(minutes=minutes)
    fields: dict = {}
    if kind == "restored" and households is not None:
        fields["households_restored"] = int(households * frac)
    elif kind == "out" and households is not None:
        fields["households_out"] = int(households * frac)
    elif kind == "grow" and households is not None:
        fields["households_affected"] = households + grow
    elif kind == "full":
        fields["fully_restored"] = True
    else:
        fields["etr_at"] = at + timedelta(hours=2)
        fields["etr_precision"] = "exact"
    if buildings is not None and kind == "restored":
        fields["buildings_restored"] = int(buildings * frac)
    try:
        build.update(ids[which], at, reported=at + timedelta(minutes=delay), **fields)
    except ValidationError:
        return False
    return True


def integral_hours(curve, attr: str) -> float:
    points = curve.points
    return sum(getattr(p, attr) * (q.at - p.at).total_seconds() / 3600
               for p, q in zip(points, points[1:], strict=False))


@settings_
@given(outages=st.lists(outage_st, min_size=1, max_size=3), updates=st.lists(update_st, max_size=8))
@pytest.mark.parametrize("known", [KNOWN, None])
def test_unit_hours_equal_the_integral_of_the_curve(build, session, outages, updates, known):
    b = new_event(build)
    scenario(b, outages, updates)
    session.rollback()
    from incidents.models import Event

    tl = restoration_timeline(session, session.get(Event, b.event_id), at=AT, known_at=known)
    assert tl.stats.households.unit_hours == pytest.approx(integral_hours(tl.curve, "households_out"),
                                                           abs=1e-6)
    assert tl.stats.buildings.unit_hours == pytest.approx(integral_hours(tl.curve, "buildings_out"),
                                                          abs=1e-6)
    # Per subdistrict curves add up to the event's.
    assert sum(integral_hours(c, "households_out") for c in tl.curves) == pytest.approx(
        integral_hours(tl.curve, "households_out"), abs=1e-6)


@settings_
@given(outages=st.lists(outage_st, min_size=1, max_size=3), updates=st.lists(update_st, max_size=8),
       probe=st.integers(0, 3 * 24 * 60))
def test_restored_never_exceeds_affected(build, session, outages, updates, probe):
    b = new_event(build)
    scenario(b, outages, updates)
    session.rollback()
    at = T0 + timedelta(minutes=probe)
    for state in outage_states(session, b.event_id, at, KNOWN):
        for out, affected in ((state.households_out, state.households_affected),
                              (state.buildings_out, state.buildings_affected)):
            if out is not None:
                assert out >= 0
            if out is not None and affected is not None:
                assert out <= affected  # restored = affected - out >= 0 ... and never above affected
        if state.restored:
            assert state.restored_at is not None and state.restored_at <= at
    curve = restoration_curve(session, b.event_id, at, KNOWN)
    last = curve.points[-1] if curve.points else None
    for measure, unknown in ((curve.households, last and last.households_unknown),
                             (curve.buildings, last and last.buildings_unknown)):
        if measure.current is None:  # 未报: every open outage silent on it (curves.told)
            assert last is not None and last.open_outages and unknown == last.open_outages
        else:
            assert 0 <= measure.current <= measure.peak


@settings_
@given(outages=st.lists(outage_st, min_size=1, max_size=3), updates=st.lists(update_st, max_size=6),
       extra=update_st)
def test_adding_an_update_never_changes_the_curve_before_it(build, session, outages, updates, extra):
    b = new_event(build)
    ids, starts = scenario(b, outages, updates)
    session.rollback()
    before = restoration_curve(session, b.event_id, AT, KNOWN)
    if not add_update(b, ids, starts, extra):
        return
    session.rollback()
    after = restoration_curve(session, b.event_id, AT, KNOWN)
    which, minutes = extra[0], extra[1]
    added_at = starts[which][1] + timedelta(minutes=minutes)
    times = sorted({p.at for p in before.points + after.points if p.at < added_at})
    for t in times:
        assert before.value_at(t) == after.value_at(t)
