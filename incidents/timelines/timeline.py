"""The whole timeline: the rule applied once, every outage's state and bar, the curves and statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from incidents.areas.tree import reference_positions
from incidents.events.models import Event
from incidents.timelines.curves import Curve, Tally, make_curve
from incidents.timelines.moments import resolved
from incidents.timelines.rows import (
    SORTS,
    Group,
    OutageRow,
    bar_row,
    bounded_by_updates,
    group_rows,
    restored_at_a_vague_start,
)
from incidents.timelines.rule import by_outage, fetch_points, outages_counted, updates_by_the_start
from incidents.timelines.speedups import collector_paused, instant_cache
from incidents.timelines.states import OutageState, read_outage
from incidents.timelines.stats import Stats, event_stats


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


# An open outage's bar runs to `at` until `at` is this long after the last report (or a tenth of the span).
LONG_AFTER = timedelta(hours=3)
# Spans this long or longer keep that margin after the last report whatever the outages' states; a shorter one
# gets a margin of half itself: three hours after twenty minutes' outages put them in the chart's left tenth.
SHORT_SPAN = timedelta(hours=6)
LEAST_MARGIN = timedelta(minutes=5)
LEAST_AXIS = timedelta(minutes=15)  # an outage just reported: its instant and a few minutes after it


def axis_span(rows: list[OutageRow], at: datetime) -> tuple[datetime | None, datetime | None]:
    """The time span to draw: from the earliest possible start to the last thing that happened.

    Open outages run to `at`; when `at` is long after the last report (a past event viewed
    today), the axis stops a little after the last report and open bars show a break. A span under
    SHORT_SPAN ends half itself after the last report, so minutes of outages fill the chart.
    """
    if not rows:
        return None, None
    start = min(r.start_window.earliest for r in rows)
    last = max(max(r.end if r.state.restored else r.state.started_at,
                   r.state.last_update_at or r.state.started_at,
                   max((m.etr_at for m in r.etrs), default=r.state.started_at)) for r in rows)
    last = max([last, *(r.end_window.latest for r in rows if r.state.restored)])
    span = last - start
    long_after = max(span / 10, LONG_AFTER)
    margin = long_after if span >= SHORT_SPAN else max(span / 2, LEAST_MARGIN)
    still_out = at <= last + long_after and any(not r.state.restored for r in rows)
    end = at if still_out else min(at, last + margin)
    return start, max(end, start + LEAST_AXIS)


def restoration_timeline(session: Session, event: Event, at: datetime | None = None,
                         known_at: datetime | None = None, sort: str = "start",
                         desc: bool = False) -> Timeline:
    """The event's outages at `at` as known at `known_at` (default: at), with curve and statistics.

    Without `at`, the live view: now, or a closed event's end (as known now).
    """
    at, known_at = (moment.astimezone(UTC) for moment in resolved(event, at, known_at))
    sort = sort if sort in SORTS else "start"
    with collector_paused():
        return _timeline(session, event, at, known_at, sort, desc)


def _timeline(session: Session, event: Event, at: datetime, known_at: datetime, sort: str,
              desc: bool) -> Timeline:
    tz = event.tz
    outages = outages_counted(session, event.id, at, known_at)
    instant = instant_cache()
    tally = Tally(at)
    rows: list[OutageRow] = []
    # The rule, applied once: every outage's points in order, its state on the last one.
    for oid, points in by_outage(fetch_points(session, event.id, at, known_at)):
        outage = outages.get(oid)
        if outage is None:  # retracted between the two reads
            continue
        rows.append(bar_row(*read_outage(oid, outage, points, instant), points, at, tz))
        tally.add(points, outage.subdistrict_id or 0, outage.started_at.timestamp())
    bounded_by_updates(rows, updates_by_the_start(session, at, known_at, restored_at_a_vague_start(rows)), tz)
    rows.sort(key=lambda r: (r.state.started_at, r.state.outage_id))
    order = reference_positions(session, (r.state.subdistrict_id for r in rows))
    groups = group_rows(rows, sort, desc, order)
    names = {g.subdistrict_id or 0: (g.name, g.name_en) for g in groups}
    curves = [make_curve(tally.series(k), at, k or None, *names.get(k, (None, None)), lost=tally.lost_of(k))
              for k in tally.changes]
    curves.sort(key=lambda c: (c.subdistrict_id is None, order.get(c.subdistrict_id or 0, 0)))
    outstanding = sorted((r for r in rows if r.state.open),
                         key=lambda r: (-r.duration.total_seconds(), r.state.outage_id))
    axis_start, axis_end = axis_span(rows, at)
    return Timeline(
        event_id=event.id, timezone=event.timezone, at=at, known_at=known_at, sort=sort, desc=desc,
        rows=rows, groups=groups, outstanding=outstanding,
        curve=make_curve(tally.series(None), at, None, None, lost=tally.lost_of(None)), curves=curves,
        stats=event_stats(rows, tally), axis_start=axis_start, axis_end=axis_end,
    )
