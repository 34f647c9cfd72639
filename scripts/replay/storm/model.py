"""Every figure docs/briefs.md says a brief of either storm holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from replay.model import DayBrief
from replay.records import World
from replay.storm.calendar import SUBS, ZONE, Storm, bounds


class Brief(DayBrief):
    """The brief of storm s's day d compiled at cutoff (subdistricts: those of the event's place)."""

    def __init__(self, s: Storm, w: World, d: date, cutoff: datetime):
        super().__init__(w, d, cutoff, *bounds(d), [SUBS[i][0] for i in s.subs], ZONE)
        self.s = s

    def late(self) -> list[str]:
        """Received after the day before's first brief and by this cut-off, observed before this day."""
        first = self.d == self.s.days[0]
        return self.late_since(None if first else self.s.due(self.d - timedelta(days=1)))

