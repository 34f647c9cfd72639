"""Local days of an event: a brief's period is a calendar day in the event's zone (23 or 25 hours across DST)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from incidents.events.models import Event


def day_bounds(event: Event, day: date) -> tuple[datetime, datetime]:
    """UTC start and end of a local calendar day of the event (23 or 25 hours across DST)."""
    tz = event.tz
    start = datetime.combine(day, time(0), tz)
    if day >= date.max - timedelta(days=1):
        # 9999-12-31 has no next day to end at: a ValueError naming the field, not an OverflowError.
        raise ValueError("day: the period has not begun")
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    # Aware local datetimes compare and store correctly; zoneinfo handles the DST gap.
    return start, end


def local_day(event: Event, at: datetime) -> date:
    """The event's local calendar day an instant falls on."""
    return at.astimezone(event.tz).date()


def live_at(event: Event, now: datetime) -> datetime:
    """The moment a live page shows: now, or the event's end once it is over."""
    return min(now, event.ends_at) if event.ends_at is not None else now


def event_days(event: Event, until: datetime) -> list[date]:
    """Every local day from the event's start to `until` (or its end), inclusive."""
    last = min(until, event.ends_at) if event.ends_at else until
    first_day, last_day = local_day(event, event.starts_at), local_day(event, last)
    return [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
