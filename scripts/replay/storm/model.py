"""Every figure docs/briefs.md says a brief of either storm holds, and what a revision counts as changed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from replay.model import DayBrief
from replay.records import Rec, World
from replay.storm.calendar import SUBS, ZONE, Storm, bounds

CHANGES = ("added", "corrected", "retracted", "restored")


class Brief(DayBrief):
    """The brief of storm s's day d compiled at cutoff (subdistricts: those of the event's place)."""

    def __init__(self, s: Storm, w: World, d: date, cutoff: datetime):
        super().__init__(w, d, cutoff, *bounds(d), [SUBS[i][0] for i in s.subs], ZONE)
        self.s = s

    def late(self) -> list[str]:
        """Received after the day before's first brief and by this cut-off, observed before this day."""
        first = self.d == self.s.days[0]
        return self.late_since(None if first else self.s.due(self.d - timedelta(days=1)))


def revision_counts(s: Storm, w: World, day: date) -> tuple[int, ...]:
    """What a revision of day counts as added, corrected, retracted and restored since the first (docs/briefs.md)."""
    first_cut = s.due(day)
    start, end = bounds(day)

    def bears(r: Rec) -> bool:  # figures up to the day's end, the day's activity, zero reports answering it
        if r.kind == "zero_report":
            return bool(r.data["day"] == day)
        return (start <= r.observed() if r.kind == "activity" else True) and r.observed() < end

    def effect(r: Rec) -> str:
        acts = {a for t, a in r.changes if t > first_cut}
        return "retracted" if not r.live else "restored" if "restore" in acts else "corrected"

    def counted(r: Rec) -> bool:  # an update counts only while its outage does, a volume while its operation does
        parent = w.recs.get(r.data.get("outage") or r.data.get("op") or "")
        return r.live and (parent is None or parent.live)

    added = [r for r in w.recs.values() if counted(r) and r.reported > first_cut and bears(r)]
    earlier = [
        effect(r)
        for r in w.recs.values()
        if r.reported <= first_cut and bears(r) and any(t > first_cut for t, _ in r.changes)
    ]
    return (len(added), *(earlier.count(e) for e in CHANGES[1:]))
