"""Replaying a scenario: each brief compiled at its due time, as the replay's clock passes it.

The demo loads its reports in the order the office learned them; before a report learned at T
goes in, every brief due before T is compiled with `now` = its due time, so it holds exactly
what the scheduler would have given it that morning (cut-off and compile time included); an
event's end is the office closing it when the clock passes it, so the briefs before it were
compiled for an event still running. Each is stamped with its own time (db.replayed_at): the
brief's history and audit rows say when it was compiled in the scenario, not when it was loaded.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.briefs.services import compile_brief, due_at, first_day, last_due_day
from incidents.db import replayed_at
from incidents.events.models import Event
from incidents.events.services import close_event

# `last_due_day` counts a brief due at T as due at T; the replay wants those due strictly before.
_INSTANT = timedelta(microseconds=1)


class BriefClock:
    """The briefs of some events, compiled oldest due first as a replay's clock moves on."""

    def __init__(self, session: Session, codes: list[str | None], ends: dict[str, datetime] | None = None) -> None:
        self.session = session
        self.events = list(session.scalars(sa.select(Event).where(Event.code.in_([c for c in codes if c]))
                                           .order_by(Event.id)))
        self.next_day: dict[int, date] = {e.id: first_day(e) for e in self.events}
        # Ends still to come: the event is closed when the clock passes its end (loaded open, `ends` by code).
        self.ends = {e.id: (ends or {})[e.code] for e in self.events if e.ends_at is None and e.code in (ends or {})}

    def advance(self, until: datetime) -> int:
        """Compile every brief due before `until` not compiled yet, closing events that end before it;
        how many briefs were created."""
        created = 0
        due = [(end, e) for e in self.events if (end := self.ends.get(e.id)) is not None and end < until]
        for end, event in sorted(due, key=lambda d: (d[0], d[1].id)):
            created += self._compile_before(end)
            with replayed_at(end):
                close_event(self.session, event, end, None)
            del self.ends[event.id]
        return created + self._compile_before(until)

    def _compile_before(self, until: datetime) -> int:
        due: list[tuple[datetime, int, Event, date]] = []
        for event in self.events:
            last = last_due_day(event, until - _INSTANT)
            day = self.next_day[event.id]
            while last is not None and day <= last:
                due.append((due_at(event, day), event.id, event, day))
                day += timedelta(days=1)
            self.next_day[event.id] = day
        created = 0
        for at, _id, event, day in sorted(due, key=lambda d: (d[0], d[1])):
            # A day that already has its brief keeps it: loading twice makes no second revision.
            with replayed_at(at):
                created += compile_brief(self.session, event, day, now=at, compiled_at=at).created
        return created
