"""Event statistics: outage durations, household-hours, CAIDI-style means and medians, ETR slip."""

from __future__ import annotations

from dataclasses import dataclass

from incidents.timelines.curves import Tally, to_hours, told
from incidents.timelines.rows import OutageRow
from incidents.timelines.rule import sum_marks


@dataclass(frozen=True)
class PerUnit:
    """CAIDI-style: mean and median hours without power per household (or building)."""

    interrupted: int            # restored so far plus still out
    still_out: int | None       # None: 未报, every open outage silent on it (curves.told)
    unit_hours: float           # household-hours (building-hours) up to `at`
    mean_hours: float | None
    median_hours: float | None
    median_open: bool           # the median unit is still without power (a lower bound)
    interrupted_lb: bool = False  # "more than" (余): an outage's count in it was a lower bound
    still_out_lb: bool = False
    still_out_ub: bool = False    # at most (不超过): an open outage's count was read off "more than" back
    still_out_approx: bool = False  # about (约): "more than" and "at most" counts in it
    hours_lb: bool = False        # some units' hours were counted off "more than N still out" (60余 of 200)
    hours_ub: bool = False        # some were counted off "at most N still out" (read off 120余 back of 200)

    @property
    def _marks(self) -> tuple[bool, bool, bool]:
        # Open units count with their time so far, and units counted back off "more than N still out" may have been
        # out longer: the true figure can only be higher. Units counted out off "at most N still out" may have been
        # back sooner: only lower. Both: neither way, about (约), by the one rule for such marks.
        return sum_marks(bool(self.still_out) or self.hours_lb, self.hours_ub)

    @property
    def unit_hours_marks(self) -> tuple[bool, bool, bool]:
        """The unit-hours' ≥, 不超过, 约: the mean's, and "at least" too while the units interrupted are "more than"."""
        return sum_marks(bool(self.still_out) or self.interrupted_lb or self.hours_lb, self.hours_ub)

    @property
    def median_marks(self) -> tuple[bool, bool, bool]:
        """The median's ≥, 不超过, 约: "at least" while the middle unit is out or hours were counted off "more than N
        still out"; "at most" off "at most N still out"."""
        return sum_marks(self.median_open or self.hours_lb, self.hours_ub)

    @property
    def mean_is_lower_bound(self) -> bool:
        """The mean per unit is "at least" (≥)."""
        return self._marks[0]

    @property
    def mean_is_upper_bound(self) -> bool:
        """The mean per unit is "at most" (不超过)."""
        return self._marks[1]

    @property
    def mean_is_approx(self) -> bool:
        """The mean per unit is bounded neither way: about (约)."""
        return self._marks[2]


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


def _per_unit(units: list[tuple[float, int, int]], unit_seconds: float, lbs: list[int], ubs: int, unknown: int,
              open_outages: int, hours_lb: int = 0, hours_ub: int = 0) -> PerUnit:
    """Unit-hours, and the mean and the median per unit (weighted by units restored); `lbs`: outages whose units
    interrupted are "more than", and those still out so; `ubs`: outages still out as "at most"; `unknown`: open
    outages silent on the unit; `hours_lb`, `hours_ub`: outages whose hours were counted off "more than N still out",
    "at most N still out"."""
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
        interrupted=total, still_out=told(still_out, unknown, open_outages), unit_hours=to_hours(unit_seconds) or 0.0,
        mean_hours=to_hours(weighted / total) if total else None,
        median_hours=to_hours(median[0]) if median else None,
        median_open=bool(median[1]) if median else False,
        interrupted_lb=total > 0 and lbs[0] > 0, still_out_lb=still_out > 0 and lbs[1] > 0 and not ubs,
        still_out_ub=still_out > 0 and ubs > 0 and not lbs[1],
        still_out_approx=still_out > 0 and ubs > 0 and lbs[1] > 0, hours_lb=total > 0 and hours_lb > 0,
        hours_ub=total > 0 and hours_ub > 0,
    )


def event_stats(rows: list[OutageRow], tally: Tally) -> Stats:
    """Outage durations, unit-hours, CAIDI-style figures and ETR slip; open outages as open."""
    durations = sorted((r.duration.total_seconds(), r.state.outage_id, r.state.open) for r in rows)
    n = len(durations)
    slips = [r.etr_slip.total_seconds() for r in rows if r.etr_slip is not None]
    middle = durations[(n + 1) // 2 - 1:(n + 2) // 2] if n else []
    opened = [r.state for r in rows if r.state.open]
    silent_h = sum(1 for s in opened if s.households_out is None)
    silent_b = sum(1 for s in opened if s.buildings_out is None)
    longest = min(durations, key=lambda d: (-d[0], d[1])) if n else None
    return Stats(
        outages=n, open=sum(d[2] for d in durations),
        mean_hours=to_hours(sum(d[0] for d in durations) / n) if n else None,
        median_hours=to_hours(sum(d[0] for d in middle) / len(middle)) if middle else None,
        median_open=any(d[2] for d in middle),
        longest_outage_id=longest[1] if longest else None,
        longest_hours=to_hours(longest[0]) if longest else None,
        longest_open=bool(longest and longest[2]),
        households=_per_unit(tally.units[0], tally.unit_seconds[0], tally.units_lb[0], tally.units_ub[0], silent_h,
                             len(opened), tally.hours_lb[0], tally.hours_ub[0]),
        buildings=_per_unit(tally.units[1], tally.unit_seconds[1], tally.units_lb[1], tally.units_ub[1], silent_b,
                            len(opened), tally.hours_lb[1], tally.hours_ub[1]),
        with_etr=sum(1 for r in rows if r.state.first_etr_at is not None),
        etr_slip_mean_hours=to_hours(sum(slips) / len(slips)) if slips else None,
        etr_slip_max_hours=to_hours(max(slips)) if slips else None,
        overdue=sum(1 for r in rows if r.overdue),
    )
