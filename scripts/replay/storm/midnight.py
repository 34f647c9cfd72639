"""Corrections across a midnight beyond an update's time: an outage's start, a pumping volume's period, a
disinfection round's time, a debris report's period, each moved to the day before or after, the correction sent
before that day's brief is due or after its cut-off.

Drawn from their own generator (`seed`-storm-midnight) and sent as reports of their own, so a seed's other reports
are those it drew before these cases were added."""

from __future__ import annotations

import random
from datetime import date, datetime

from replay.storm.calendar import COMMUNITIES, Storm, bounds
from replay.storm.scenario import LAST, Action, M, Scenario


class Midnight(Scenario):
    """The across-midnight corrections of one storm."""

    def sides(self) -> tuple[date, datetime, datetime]:
        """A day before the last, a time just before (or after) its midnight, and the other side of it."""
        day = self.rng.choice(self.s.days[:-1])
        b = bounds(day)[1]
        before, after = b - M * self.rng.randint(1, 90), b + M * self.rng.randint(0, 90)
        at, moved = (before, after) if self.rng.random() < 0.5 else (after, before)
        if self.rng.random() < 0.15:  # to 23:59:59.999999 or 00:00 exactly
            moved = b - LAST if moved < b else b
        return day, at, moved

    def fix_at(self, day: date, sent: datetime) -> datetime:
        """When the correction is sent: before day's brief is due, or after its cut-off (or the next day's)."""
        due = self.s.due(day)
        if self.rng.random() < 0.5 and sent < due - 2 * M:
            return sent + M * self.rng.randint(1, max(1, int((due - sent) / M) - 1))
        return due + M * self.rng.randint(1, 600 if self.rng.random() < 0.7 else 30 * 60)

    def place(self) -> str:
        return self.rng.choice(self.s.places())

    def outage_start(self, key: str) -> None:
        """An outage begun just before (or after) a midnight, its started_at corrected to the other side; an update
        after both, sometimes."""
        day, at, moved = self.sides()
        cap_h = min(COMMUNITIES[p][0] for p in self.s.places())
        hh, bb = self.rng.randint(40, cap_h // 5), self.rng.randint(3, 20)
        rep = max(at, moved) + M * self.rng.randint(3, 60)  # a time is never corrected past its sending
        self.add(rep, key, "outage", place=self.place(), start=at, households=(hh, False), buildings=(bb, False))
        if self.rng.random() < 0.5:
            t = max(at, moved) + M * self.rng.randint(30, 10 * 60)
            n = self.rng.randint(1, hh - 1)
            self.add(max(t, rep) + M * self.rng.randint(3, 60), f"{key}u0", "outage_update", outage=key, at=t,
                     households_back=n, buildings_back=min(bb - 1, bb * n // hh))
        self.add(self.fix_at(day, rep), f"{key}-start", "fix", target=key, start=moved)

    def period(self, day: date) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime]]:
        """A period ending by day's midnight (or beginning at or just after it), and the same length moved across
        it: partly (spanning the midnight) or wholly into the other day."""
        b = bounds(day)[1]
        n = self.rng.randint(60, 5 * 60)
        whole = self.rng.random() < 0.5
        if self.rng.random() < 0.5:
            e0 = b - M * self.rng.randint(0, 60)
            s0 = e0 - M * n
            shift = (b - s0) + M * self.rng.randint(0, 60) if whole else (b - e0) + M * self.rng.randint(1, n - 1)
            return (s0, e0), (s0 + shift, e0 + shift)
        s0 = b + M * self.rng.randint(0, 60)
        e0 = s0 + M * n
        shift = (e0 - b) + M * self.rng.randint(0, 60) if whole else (s0 - b) + M * self.rng.randint(1, n - 1)
        return (s0, e0), (s0 - shift, e0 - shift)

    def volume(self, key: str) -> None:
        """An operation of its own, one volume over a period corrected across a midnight."""
        day = self.rng.choice(self.s.days[:-1])
        (s0, e0), (s1, e1) = self.period(day)
        start = min(s0, s1) - M * self.rng.randint(10, 120)
        self.add(start + M * self.rng.randint(1, 9), key, "pumping", place=self.place(), start=start,
                 team="应急抢险队", people=self.rng.randint(6, 20), pumps=self.rng.randint(1, 4))
        vrep = max(e0, e1) + M * self.rng.randint(3, 90)
        m3 = (self.rng.randint(2, 300) * 10, self.rng.random() < 0.1)
        self.add(vrep, f"{key}v0", "pumping_volume", op=key, start=s0, end=e0, m3=m3)
        self.add(self.fix_at(day, vrep), f"{key}v0-period", "fix", target=f"{key}v0", start=s1, end=e1)

    def clearance(self, key: str) -> None:
        """A debris report whose period is corrected across a midnight."""
        day = self.rng.choice(self.s.days[:-1])
        (s0, e0), (s1, e1) = self.period(day)
        rep = max(e0, e1) + M * self.rng.randint(3, 90)
        self.add(rep, key, "debris", place=self.place(), start=s0, end=e0,
                 kg=(self.rng.randint(1, 200) * 100, self.rng.random() < 0.15), loads=(self.rng.randint(1, 9), False))
        self.add(self.fix_at(day, rep), f"{key}-period", "fix", target=key, start=s1, end=e1)

    def round(self, key: str) -> None:
        """A disinfection round observed just before (or after) a midnight, its time corrected to the other side."""
        day, at, moved = self.sides()
        rep = max(at, moved) + M * self.rng.randint(3, 60)
        counts = {"street": (self.rng.randint(1, 40), False)}
        self.add(rep, key, "disinfection", place=self.place(), at=at, counts=counts,
                 person_times=(self.rng.randint(5, 40), False), cumulative=False, staff=None)
        self.add(self.fix_at(day, rep), f"{key}-at", "fix", target=key, at=moved)


def midnight(s: Storm, seed: int) -> list[Action]:
    """The across-midnight corrections of storm s for a seed: each kind once, twice on the district-wide storm."""
    m = Midnight(s, random.Random(f"{seed}-{s.key}-midnight"))
    for i in range(2 if s.key == "A" else 1):
        m.outage_start(f"{s.key}ms{i}")
        m.volume(f"{s.key}mp{i}")
        m.clearance(f"{s.key}mb{i}")
        m.round(f"{s.key}md{i}")
    return m.acts
