"""Reminders before the cut-off: each subdistrict that has sent nothing for the period is reminded once.

"Sent nothing" is the brief's own rule for its 未报送 list (briefs/queries.answers: neither a
report with data nor a 零报告 for the period), applied to what is known now; the period and
cut-off are the brief's (briefs/periods.py). A subdistrict that sent a 零报告 is not reminded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs import queries
from incidents.briefs.periods import due_at, first_day, last_day
from incidents.days import day_bounds, local_day
from incidents.db import Database, now_utc
from incidents.distribution.models import NoticeKind, Recipient
from incidents.distribution.services import for_running_events, tell
from incidents.events.models import Event


def chased_day(event: Event, now: datetime, before: timedelta) -> date | None:
    """The day whose brief is due next, when `now` is within `before` of its cut-off; else None."""
    day = local_day(event, now) - timedelta(days=1)
    if due_at(event, day) <= now:
        day += timedelta(days=1)
    if not due_at(event, day) - before <= now < due_at(event, day):
        return None
    last = last_day(event)
    if day < first_day(event) or (last is not None and day > last):
        return None
    return day


def silent_subdistricts(session: Session, event: Event, day: date, now: datetime) -> list[tuple[int, str, str | None]]:
    """(id, name, English name) of the subdistricts that have sent nothing for the day (neither a report
    with data nor a 零报告), as known now: the brief's own 未报送 list."""
    start, end = (t.astimezone(UTC) for t in day_bounds(event, day))
    return [(a.id, a.name, a.name_en) for a in queries.answers(session, event, day, start, end, now).silent]


def remind_event(session: Session, event: Event, now: datetime, before: timedelta) -> int:
    """Tell each silent subdistrict's reminder recipients, once per subdistrict and period; how many were told."""
    day = chased_day(event, now, before)
    if day is None:
        return 0
    listening = list(session.scalars(sa.select(Recipient).where(
        Recipient.event_id == event.id, Recipient.active, Recipient.reminders).order_by(Recipient.id)))
    if not listening:
        return 0
    due = due_at(event, day).astimezone(event.tz).strftime("%H:%M")
    told = 0
    for area_id, name, name_en in silent_subdistricts(session, event, day, now):
        # A recipient that speaks for no subdistrict (a district group) hears every reminder.
        to = [r for r in listening if r.area_id in (None, area_id)]
        facts = {"area": name, "area_en": name_en, "day": day.isoformat(), "due": due,
                 "event": event.name, "event_en": event.name_en}
        if tell(session, event.id, NoticeKind.REMINDER, f"reminder:{day.isoformat()}:{area_id}", facts, to,
                area_id=area_id, now=now) is not None:
            told += 1
    return told


def remind_due(database: Database, before: timedelta, now: datetime | None = None) -> int:
    """The scheduler's job: every running event's reminders, each event in a transaction of its own."""
    at = now or now_utc()
    # An event that ended yesterday still owes the brief of its last day: its reminder may be due.
    return for_running_events(database, at, timedelta(days=2),
                              lambda session, event: remind_event(session, event, at, before))
