"""The timeline's bars: one row per outage with its vague edges and ETR history, grouped by subdistrict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from incidents import vague
from incidents.timelines.curves import told
from incidents.timelines.rule import PRECISIONS, sum_marks
from incidents.timelines.states import EtrMark, OutageState, Step
from incidents.vague import Precision


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
                for _oid, tk, _etrp, _a_h2, _a_b2, h, _h_lb, b, _b_lb, restored, *_up in self.points]


@dataclass
class Group:
    """The outages of one subdistrict/town (or of the district itself, subdistrict None)."""

    subdistrict_id: int | None
    name: str | None
    name_en: str | None
    rows: list[OutageRow]
    outages: int = 0
    open: int = 0
    households_out: int | None = 0  # None: 未报, every open outage silent on it (curves.told)
    households_out_lb: bool = False
    households_unknown: int = 0     # open outages whose households were not reported
    buildings_out: int | None = 0
    buildings_out_lb: bool = False
    buildings_unknown: int = 0
    # At most (不超过), or about (约) where "more than" and "at most" counts meet in the sum.
    households_out_ub: bool = False
    households_out_approx: bool = False
    buildings_out_ub: bool = False
    buildings_out_approx: bool = False


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


def _restored_between(points: Sequence[Sequence[Any]]) -> timedelta:
    """How long an outage was fully back before going out again (each such spell, between representative instants)."""
    seconds = 0
    back_since = None
    for point in points:
        tick, restored = point[1], point[9]
        if restored and back_since is None:
            back_since = tick >> 4
        elif not restored and back_since is not None:  # out again
            seconds += (tick >> 4) - back_since
            back_since = None
    return timedelta(seconds=seconds)


def bar_row(state: OutageState, etrs: list[EtrMark], points: Sequence[Sequence[Any]], at: datetime,
            tz: ZoneInfo) -> OutageRow:
    """One outage's bar: its edges (vague ones as windows), duration, overdue flag and ETR slip."""
    end = state.restored_at if state.restored and state.restored_at else at
    start_w = _window(state.started_at, state.started_precision, tz)
    if state.restored and state.restored_at and state.restored_precision:
        end_w = _window(state.restored_at, state.restored_precision, tz)
    else:
        end_w = vague.Window(at, at)
    # Hours without power leave out the time it was back between a full restoration and out again.
    back = _restored_between(points)
    shortest = max(end_w.earliest - start_w.latest - back, timedelta(0))
    longest = max(end_w.latest - start_w.earliest - back, timedelta(0))
    since = state.last_update_at or state.started_at
    slip = (state.restored_at - state.first_etr_at
            if state.restored and state.restored_at and state.first_etr_at else None)
    return OutageRow(
        state=state, points=points, etrs=etrs, end=end, duration=max(end - state.started_at - back, timedelta(0)),
        duration_min=shortest, duration_max=longest,
        overdue=bool(state.open and state.etr_at and state.etr_at < at),
        update_age=at - since, etr_slip=slip, start_window=start_w, end_window=end_w,
    )


def restored_at_a_vague_start(rows: list[OutageRow]) -> dict[int, datetime]:
    """{outage id: stored start} of the rows restored at their vague start: maybe by an update stored before it."""
    return {r.state.outage_id: r.state.started_at for r in rows
            if r.state.restored and r.state.started_precision is not Precision.EXACT
            and r.state.restored_at is not None
            and int(r.state.restored_at.timestamp()) == int(r.state.started_at.timestamp())}


def bounded_by_updates(rows: list[OutageRow], updates: dict[int, list[tuple[datetime, Precision]]],
                       tz: ZoneInfo) -> None:
    """Narrow the end of each row restored at its vague start to what its updates said (in place).

    The rule counts an update stored before the start at the start (下午, stored at 15:00), so the end
    window was the start's whole window and the longest duration 6 hours; the update said back by 14:00,
    and the outage began no earlier than 12:00: at most 2 hours. The restoration lies between the earliest
    start and the latest of those updates' own windows (the restoring one is among them).
    """
    for row in rows:
        said = updates.get(row.state.outage_id)
        if not said:
            continue
        latest = max(_window(at, precision, tz).latest for at, precision in said)
        if latest >= row.end_window.latest:
            continue
        earliest = row.start_window.earliest
        row.end_window = vague.Window(min(max(row.end_window.earliest, earliest), latest), latest)
        # It began by then too: the bar's fuzzy start stops where its end does (12:00-14:00, not the afternoon).
        row.start_window = vague.Window(earliest, max(min(row.start_window.latest, latest), earliest))
        # Restored at the start: no spell back before it to leave out.
        row.duration_max = max(latest - earliest, timedelta(0))
        row.duration_min = min(row.duration_min, row.duration_max)


def group_rows(rows: list[OutageRow], sort: str, desc: bool, order: Mapping[int, int]) -> list[Group]:
    """Rows by subdistrict, sorted, with each group's totals (outages, open, still out).

    The groups stand in `order` (areas/tree.reference_positions), the district level's last.
    """
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
        h_up = is_open and (s.households_out_ub or s.households_out_approx)
        b_up = is_open and (s.buildings_out_ub or s.buildings_out_approx)
        group.outages += 1
        group.open += is_open
        group.households_out = (group.households_out or 0) + (s.households_out or 0)
        group.households_out_lb = group.households_out_lb or bool(is_open and h_lb)
        group.households_unknown += is_open and s.households_out is None
        group.buildings_out = (group.buildings_out or 0) + (s.buildings_out or 0)
        group.buildings_out_lb = group.buildings_out_lb or bool(is_open and b_lb)
        group.buildings_unknown += is_open and s.buildings_out is None
        group.households_out_ub = group.households_out_ub or h_up
        group.buildings_out_ub = group.buildings_out_ub or b_up
    for group in groups.values():
        group.households_out = told(group.households_out or 0, group.households_unknown, group.open)
        group.buildings_out = told(group.buildings_out or 0, group.buildings_unknown, group.open)
        group.households_out_lb, group.households_out_ub, group.households_out_approx = sum_marks(
            group.households_out_lb, group.households_out_ub)
        group.buildings_out_lb, group.buildings_out_ub, group.buildings_out_approx = sum_marks(
            group.buildings_out_lb, group.buildings_out_ub)
        group.rows.sort(key=_sort_key(sort), reverse=desc)
    return sorted(groups.values(), key=lambda g: (g.subdistrict_id is None, order.get(g.subdistrict_id or 0, 0)))
