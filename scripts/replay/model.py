"""Every figure the docs say a brief of a day holds, and what a revision counts as changed, from what a replay sent."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from replay import figures
from replay.figures import Out, Q
from replay.records import Rec, World

CHANGES = ("added", "corrected", "retracted", "restored")


class DayBrief:
    """The brief of the local day [a, b) compiled at cutoff, over subdistricts named subs."""

    def __init__(self, w: World, d: date, cutoff: datetime, a: datetime, b: datetime, subs: list[str], zone: ZoneInfo):
        self.w, self.d, self.cutoff = w, d, cutoff
        self.a, self.b = a, b
        self.subs, self.zone = subs, zone

    def ups(self, o: Rec) -> list[Rec]:
        """o's updates known at the cut-off, in the order observed."""
        return self.w.ups(self.cutoff, o)

    def out(self, o: Rec, t: datetime, unit: str) -> Out | None | str:
        """What of o is out at t in unit: 'no' before it began; (value, mark, read off 'aff' or 'told')."""
        return figures.outage_out(o, self.ups(o), t, unit)

    def power(self, unit: str = "households", sub: int | None = None) -> dict[str, Any]:
        """三、电力 (of one subdistrict's outages, without the peak)."""
        outs = [o for o in self.w.known(self.cutoff, "outage") if o.data["start"] < self.b
                and (sub is None or o.sub == sub)]
        return figures.power(outs, self.ups, self.a, self.b, unit, peak=sub is None)

    def volumes(self, sub: int | None = None) -> tuple[Q | None, Q | None]:
        """m³ pumped, the day's and to date (volumes of a retracted operation left out)."""
        vols = [v for v in self.w.known(self.cutoff, "pumping_volume")
                if self.w.counted(v) and (sub is None or v.sub == sub)]
        return figures.intervals(vols, "m3", self.a, self.b)

    def debris(self, fld: str) -> tuple[Q | None, Q | None]:
        """kg or truckloads cleared, the day's and to date."""
        return figures.intervals(self.w.known(self.cutoff, "debris"), fld, self.a, self.b)

    def disinfection(self) -> dict[tuple[str, str], Q | None]:
        """Per category (and person-times), the day's and to date."""
        return figures.disinfection(self.w.known(self.cutoff, "disinfection"), self.a, self.b)

    def with_data(self, sub: int | None = None) -> list[Rec]:
        """二、分街道's reports: with data observed in the day, reaching into it, or sent in it."""
        found = []
        for r in self.w.recs.values():
            if (not self.w.counted(r) or r.reported > self.cutoff or r.kind == "zero_report"
                    or (sub is not None and r.sub != sub)):
                continue
            if r.kind in ("pumping_volume", "debris"):
                touches = r.data["start"] < self.b and r.data["end"] > self.a
            else:
                touches = self.a <= r.observed() < self.b
            if touches or self.a <= r.reported < self.b:
                found.append(r)
        return found

    def board(self) -> tuple[list[str], list[str]]:
        """(zero-reported, silent) subdistricts."""
        data = {r.sub for r in self.with_data()}
        zero = {r.sub for r in self.w.known(self.cutoff, "zero_report") if r.data["day"] == self.d}
        return ([self.subs[i] for i in sorted(zero - data)],
                [self.subs[i] for i in sorted(set(range(len(self.subs))) - data - zero)])

    def late_since(self, prev_cutoff: datetime | None) -> list[str]:
        """Received after the day before's first brief and by this cut-off, observed before this day."""
        if prev_cutoff is None:
            return []
        keys = []
        for r in self.w.recs.values():
            day = r.data["day"] if r.kind == "zero_report" else r.observed().astimezone(self.zone).date()
            if self.w.counted(r) and prev_cutoff < r.reported <= self.cutoff and day < self.d:
                keys.append(r.key)
        return sorted(keys)


def revision_counts(w: World, day: date, first_cut: datetime, start: datetime, end: datetime) -> tuple[int, ...]:
    """What a revision of day [start, end) counts as each of CHANGES since the first, cut off at first_cut."""
    # docs/briefs.md: the reports received since the first's cut-off that bear on the day (and count: an update only
    # while its outage does), then the earlier ones corrected, retracted or restored since, each once, by where it
    # stands now
    def bears(r: Rec, data: dict[str, Any] | None = None) -> bool:
        """Figures up to the day's end, the day's activity, zero reports answering it (r as it stands, or data)."""
        d = r.data if data is None else data
        if r.kind == "zero_report":
            return bool(d["day"] == day)
        seen = d.get("at") or d["start"]
        return (start <= seen if r.kind == "activity" else True) and seen < end

    def bore(r: Rec) -> bool:  # docs/briefs.md: or bore on it before a correction since moved it out of the day
        return bears(r) or any(bears(r, data) for t, data in r.before if t > first_cut)

    def effect(r: Rec) -> str:
        acts = {a for t, a in r.changes if t > first_cut}
        return "retracted" if not r.live else "restored" if "restore" in acts else "corrected"

    added = [r for r in w.recs.values() if w.counted(r) and r.reported > first_cut and bears(r)]
    earlier = [effect(r) for r in w.recs.values() if r.reported <= first_cut and bore(r)
               and any(t > first_cut for t, _ in r.changes)]
    return (len(added), *(earlier.count(e) for e in CHANGES[1:]))
