"""Every figure the docs say a brief of the rainstorm holds, worked out from what was sent."""

from __future__ import annotations

from datetime import date, datetime

from replay.henan.calendar import SUBS, ZONE, bounds
from replay.model import DayBrief
from replay.records import World


class Brief(DayBrief):
    """The brief of day d compiled at cutoff (the previous day's cut-off gives the late list)."""

    def __init__(self, world: World, d: date, cutoff: datetime, prev_cutoff: datetime | None, first_day: bool):
        super().__init__(world, d, cutoff, *bounds(d), [s[0] for s in SUBS], ZONE)
        self.prev_cutoff = prev_cutoff
        self.first_day = first_day

    def late(self) -> list[str]:
        """Reports received after the previous day's first brief and by this cut-off, seen before this day."""
        return self.late_since(self.prev_cutoff)
