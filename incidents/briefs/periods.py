"""A brief's days: the event's first and last day, the issue number (第N期), due times, cut-offs, the trend window.

A brief covers one local day of the event (00:00–24:00, 23 or 25 hours across DST) and is due
at the event's brief time on the next local day. The scheduled brief's cut-off is that due time,
so a catch-up compile hours or days later makes the same brief. Only reports known by the
cut-off (`reported_at <= cutoff`) are used.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from incidents.days import day_bounds, local_day
from incidents.events.models import Event


def first_day(event: Event) -> date:
    """The event's first local day (brief 第1期)."""
    return local_day(event, event.starts_at)


def brief_number(event: Event, day: date) -> int:
    """The issue number (第N期): one per local day since the event began."""
    return (day - first_day(event)).days + 1


def due_at(event: Event, day: date) -> datetime:
    """When the brief for `day` is due: the event's brief time on the next local day (UTC)."""
    local = datetime.combine(day + timedelta(days=1), event.brief_time, event.tz)
    return local.astimezone(UTC)


def last_due_day(event: Event, now: datetime) -> date | None:
    """The latest day whose brief is due by `now` (None if none yet), never past the event's end."""
    today = local_day(event, now)
    day = today - timedelta(days=1)
    while due_at(event, day) > now:
        day -= timedelta(days=1)
    last = last_day(event)
    if last is not None:  # None exactly while the event runs (no ends_at)
        day = min(day, last)
    return day if day >= first_day(event) else None


def current_period(event: Event, now: datetime) -> date:
    """The period a report sent now answers: the day whose brief is next due (before the brief time,
    the day before), never before the event's first day nor after its last.

    At 07:00 with an 08:00 brief it is yesterday: the brief about to go out still takes it (its
    reminders and zero reports answer that day); from 08:00 it is today.
    """
    day = local_day(event, now)
    if now < due_at(event, day - timedelta(days=1)):
        day -= timedelta(days=1)
    last = last_day(event)
    if last is not None:
        day = min(day, last)
    return max(day, first_day(event))


def last_day(event: Event) -> date | None:
    """The event's last local day (an end at midnight closes the day before); None while it runs."""
    if event.ends_at is None:
        return None
    day = local_day(event, event.ends_at)
    return day - timedelta(days=1) if day_bounds(event, day)[0] >= event.ends_at else day


def check_day(event: Event, day: date, now: datetime) -> None:
    """Refuse a day no brief can be compiled for (a ValueError naming the field): the one rule for it."""
    if day < first_day(event):
        raise ValueError("day: before the event began")
    last = last_day(event)
    if last is not None and day > last:
        raise ValueError("day: after the event ended")
    if now < day_bounds(event, day)[0]:
        raise ValueError("day: the period has not begun")


def cutoff_for(event: Event, day: date, now: datetime, has_final: bool) -> datetime:
    """The cut-off of a compile now: the due time for the first final brief, else the moment."""
    now = now.astimezone(UTC)
    if has_final:
        return now
    return min(now, due_at(event, day))

TREND_DAYS = 7

def trend_window(event: Event, day: date) -> tuple[datetime, datetime]:
    """The trend window's start for this day's brief and for the next day's (UTC)."""
    first = first_day(event)
    start = day_bounds(event, max(first, day - timedelta(days=TREND_DAYS - 1)))[0]
    following = day_bounds(event, max(first, day - timedelta(days=TREND_DAYS - 2)))[0]
    return start.astimezone(UTC), following.astimezone(UTC)
