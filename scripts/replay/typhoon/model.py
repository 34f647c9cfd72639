"""Every figure docs/briefs.md says a brief of the typhoon holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from replay.model import DayBrief
from replay.records import World
from replay.typhoon.calendar import DAYS, SUBS, ZONE, bounds, due


class Brief(DayBrief):
    """The brief of day d compiled at cutoff."""

    def __init__(self, w: World, d: date, cutoff: datetime):
        super().__init__(w, d, cutoff, *bounds(d), [s[0] for s in SUBS], ZONE)

    def late(self) -> list[str]:
        """Received after the day before's first brief and by this cut-off, observed before this day."""
        return self.late_since(None if self.d == DAYS[0] else due(self.d - timedelta(days=1)))

