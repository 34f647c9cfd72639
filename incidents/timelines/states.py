"""Reading the rule's points: one state per outage (with its steps and ETR history), and the curve.

The rule's rows for an outage are read in one pass (`read_outage`); the brief takes its states
and the event's curve from the same pass (`states_and_curve`), so the rule runs once.
Instants derived from the points (restoration, last update, steps, curve) are whole seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.tree import reference_positions
from incidents.db import now_utc
from incidents.timelines.curves import Curve, Tally, make_curve
from incidents.timelines.rule import PRECISIONS, OutageInfo, by_outage, fetch_points, out_marks, outages_counted
from incidents.timelines.speedups import collector_paused, instant_cache
from incidents.vague import Precision


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
    # Out again after a full restoration (the latest time it went out again), while still open.
    out_again_at: datetime | None = None
    out_again_precision: Precision | None = None
    # The latest update that brought some back (fewer households or buildings out than the point before).
    fell_at: datetime | None = None
    # Still out is at most the figure (read off a "more than" restored count: 40余 of 60 back, 20 out
    # at most); about (约) when it is read off "more than" counts both ways (rule.out_marks).
    households_out_ub: bool = False
    buildings_out_ub: bool = False
    households_out_approx: bool = False
    buildings_out_approx: bool = False

    @property
    def open(self) -> bool:
        """Not fully restored at `at`."""
        return not self.restored



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


def read_outage(oid: int, outage: OutageInfo, points: Sequence[Sequence[Any]],
                instant: Callable[[int], datetime]) -> tuple[OutageState, list[EtrMark]]:
    """One outage's state at its last point and its ETR history (POINT columns)."""
    marks: list[EtrMark] = []
    updates = 0
    last_update = run_start = again = fell = None
    was_restored = 0
    was: list[int | None] = [None, None]  # households and buildings out at the point before
    for _oid, tk, etrp, _a_h2, _a_b2, _h, _h_lb, _b, _b_lb, restored, *_rest in points:
        if tk & 8:
            updates += 1
            last_update = tk
            if any(n is not None and w is not None and n < w for n, w in zip((_h, _b), was, strict=True)):
                fell = tk
        was = [n if n is not None else w for n, w in zip((_h, _b), was, strict=True)]
        if restored and not was_restored:   # a restored run starts here
            run_start = tk
        elif was_restored and not restored:  # out again after a full restoration
            again = tk
        was_restored = restored
        if etrp is not None:
            given, etr_at = instant(tk >> 4), instant(etrp >> 3)
            marks.append(EtrMark(given, etr_at, PRECISIONS[etrp & 7],
                                 etr_at - marks[-1].etr_at if marks else None))
    _oid, _tk, _etrp, a_h2, a_b2, h_out, h_lb, b_out, b_lb, restored, h_up, b_up, *_words = points[-1]
    h_lb, h_up, h_approx = out_marks(h_out, h_lb, h_up)
    b_lb, b_up, b_approx = out_marks(b_out, b_lb, b_up)
    run = run_start if restored else None
    again = None if restored else again
    latest = marks[-1] if marks else None
    if latest is not None and again is not None and latest.given_at < instant(again >> 4):
        # A promise given before the full restoration was kept by it: out again, no ETR until a new one.
        latest = None
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
        households_out_lb=h_lb, buildings_out_lb=b_lb, households_out_ub=h_up, buildings_out_ub=b_up,
        households_out_approx=h_approx, buildings_out_approx=b_approx,
        restored=restored == 1,
        restored_at=instant(run >> 4) if run is not None else None,
        restored_precision=PRECISIONS[run & 7] if run is not None else None,
        etr_at=latest.etr_at if latest else None, etr_precision=latest.precision if latest else None,
        first_etr_at=first.etr_at if first else None,
        first_etr_precision=first.precision if first else None,
        last_update_at=instant(last_update >> 4) if last_update is not None else None,
        updates=updates,
        out_again_at=instant(again >> 4) if again is not None else None,
        out_again_precision=PRECISIONS[again & 7] if again is not None else None,
        fell_at=instant(fell >> 4) if fell is not None else None,
    )
    return state, marks


def by_start(states: Iterable[OutageState]) -> list[OutageState]:
    """States in the order outages began."""
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
    outages = outages_counted(session, event_id, at, known_at, only) if states else {}
    instant = instant_cache()
    tally = Tally(at) if curve else None
    found = []
    with collector_paused():
        for oid, points in by_outage(fetch_points(session, event_id, at, known_at, only)):
            if tally is not None:
                tally.add(points, 0)
            if oid in outages:
                found.append(read_outage(oid, outages[oid], points, instant)[0])
        made = make_curve(tally.series(0), at, None, None, lost=tally.lost_of(0)) if tally is not None else None
        return by_start(found), made


def restoration_curve(session: Session, event_id: int, at: datetime,
                      known_at: datetime | None = None, only: sa.Select | None = None) -> Curve:
    """Households and buildings without power, and open outages, vs time, for the whole event."""
    curve = states_and_curve(session, event_id, at, known_at, only, states=False)[1]
    assert curve is not None  # asked for
    return curve


def restoration_curves(session: Session, event_id: int, at: datetime | None = None,
                       known_at: datetime | None = None) -> tuple[Curve, list[Curve]]:
    """The event's curve and each subdistrict's (district-level outages under None), only."""
    at = (at or now_utc()).astimezone(UTC)
    known_at = (known_at or at).astimezone(UTC)
    outages = outages_counted(session, event_id, at, known_at)
    tally = Tally(at)
    names: dict[int, tuple[str | None, str | None]] = {}
    with collector_paused():
        for oid, points in by_outage(fetch_points(session, event_id, at, known_at)):
            outage = outages.get(oid)
            if outage is not None:
                key = outage.subdistrict_id or 0
                names[key] = outage.subdistrict_name, outage.subdistrict_name_en
                tally.add(points, key)
        curves = [make_curve(tally.series(k), at, k or None, *names.get(k, (None, None)), lost=tally.lost_of(k))
                  for k in tally.changes]
        order = reference_positions(session, (c.subdistrict_id for c in curves))
        curves.sort(key=lambda c: (c.subdistrict_id is None, order.get(c.subdistrict_id or 0, 0)))
        return make_curve(tally.series(None), at, None, None, lost=tally.lost_of(None)), curves
