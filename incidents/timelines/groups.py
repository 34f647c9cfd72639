"""One subdistrict's bars on their own, a page at a time: the rule applied to that group's outages only.

The timeline's first view sends each group's name and counts, not its bars (5,000 bars are
3 MB of HTML, too much for a phone on a flaky network); a group's bars are read here when it
is opened. The axis is the whole event's, passed along by the first view, so that a group's
bars line up with the curve and with every other group's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from incidents.events.models import Event
from incidents.limits import is_id
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
from incidents.timelines.rule import (
    by_outage,
    fetch_points,
    outages_counted,
    outages_in_subdistrict,
    updates_by_the_start,
)
from incidents.timelines.speedups import collector_paused, instant_cache
from incidents.timelines.states import read_outage
from incidents.timelines.timeline import axis_span

DISTRICT = "district"        # the key of the district-level group (outages in no subdistrict)
PAGE_SIZE = 200              # bars a fragment or a group page holds
INLINE_LIMIT = 300           # up to this many outages the first view holds every bar
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
MAX_EPOCH = 253_402_300_799 * 10**6   # 9999-12-31 23:59:59 UTC, in µs: past it a datetime overflows


def group_key(subdistrict_id: int | None) -> str:
    """The group's name in URLs and element ids: the subdistrict's id, or 'district'."""
    return str(subdistrict_id) if subdistrict_id else DISTRICT


def parse_group_key(text: str) -> int | None:
    """The subdistrict id a group key names (None: district level); ValueError if it names none."""
    if text == DISTRICT:
        return None
    # is_id: a number past the id columns' range is no area (and overflowed the query: a 500).
    if not text.isascii() or not text.isdigit() or len(text) > 10 or not is_id(int(text)):
        raise ValueError(text)
    return int(text)


@dataclass
class GroupPage:
    """One page of one group's bars, with the group's totals and the axis to draw them on."""

    group: Group                  # totals over the whole group; its rows are this page's only
    page: int                     # from 1
    pages: int
    axis_start: datetime | None
    axis_end: datetime | None
    at: datetime
    known_at: datetime

    @property
    def first_number(self) -> int:
        """The position in the group of this page's first bar (from 1)."""
        return (self.page - 1) * PAGE_SIZE + 1


def group_page(session: Session, event: Event, subdistrict_id: int | None, *, at: datetime | None = None,
               known_at: datetime | None = None, sort: str = "start", desc: bool = False, page: int = 1,
               axis: tuple[datetime, datetime] | None = None) -> GroupPage:
    """Page `page` of the group's bars at `at` as known at `known_at` (the timeline's defaults).

    Rows are sorted as the timeline sorts them, so pages follow one another without overlap.
    Without `axis`, the group's own span. A page past the last is empty (pages tells how many).
    """
    at, known_at = (moment.astimezone(UTC) for moment in resolved(event, at, known_at))
    sort = sort if sort in SORTS else "start"
    with collector_paused():
        rows = _rows(session, event, subdistrict_id, at, known_at)
        groups = group_rows(rows, sort, desc, {})  # one group: no order to keep
        group = groups[0] if groups else Group(subdistrict_id, None, None, [])
        start, end = axis or axis_span(rows, at)
        pages = max(1, -(-len(group.rows) // PAGE_SIZE))
        group.rows = group.rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
        return GroupPage(group, page, pages, start, end, at, known_at)


def _rows(session: Session, event: Event, subdistrict_id: int | None, at: datetime,
          known_at: datetime) -> list[OutageRow]:
    """The group's bars: the same rule, states and bars as the whole timeline, for its outages only."""
    only = outages_in_subdistrict(event.id, subdistrict_id)
    outages = outages_counted(session, event.id, at, known_at, only)
    instant, tz = instant_cache(), event.tz
    rows = []
    for oid, points in by_outage(fetch_points(session, event.id, at, known_at, only)):
        outage = outages.get(oid)
        if outage is not None:  # retracted between the two reads
            rows.append(bar_row(*read_outage(oid, outage, points, instant), points, at, tz))
    bounded_by_updates(rows, updates_by_the_start(session, at, known_at, restored_at_a_vague_start(rows)), tz)
    return rows


def link_args(at: datetime, known_at: datetime, axis_start: datetime | None,
              axis_end: datetime | None) -> dict[str, str]:
    """A first view's moments and axis as query arguments, so a group opened later matches it.

    A live view's group, opened minutes later, shows the same moment as the counts beside it. `known` is left
    out where it is `at`, as it defaults to (moments.resolved): the same view, a shorter URL.
    """
    args = {"at": at.astimezone(UTC).isoformat()}
    if known_at != at:
        args["known"] = known_at.astimezone(UTC).isoformat()
    if axis_start is not None and axis_end is not None:
        args["axis"] = f"{_micros(axis_start)}-{_micros(axis_end)}"
    return args


def _micros(at: datetime) -> int:
    # Exact (a float timestamp would round): the group's bars land where the whole page's do.
    return (at - EPOCH) // MICROSECOND


def parse_axis(text: str) -> tuple[datetime, datetime]:
    """'START-END' in epoch microseconds (link_args) as two instants; ValueError if it is not one."""
    first, _, second = text.partition("-")
    if not (first.isascii() and first.isdigit() and second.isascii() and second.isdigit()):
        raise ValueError(text)
    start, end = int(first), int(second)
    if not start < end <= MAX_EPOCH:
        raise ValueError(text)
    return EPOCH + start * MICROSECOND, EPOCH + end * MICROSECOND
