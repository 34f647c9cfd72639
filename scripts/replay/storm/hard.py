"""The outage cases no other draw sends: out again after a full restoration, a stale update, an update's time
corrected across a midnight (before or after that day's cut-off), an outage with updates retracted for good.

Drawn from their own generator (`seed`-storm-hard) and sent as outages of their own, so a seed's other reports
are those it drew before these cases were added."""

from __future__ import annotations

import random
from datetime import datetime

from replay.storm.calendar import COMMUNITIES, Storm, bounds, local_day
from replay.storm.scenario import LAST, Action, H, M, Scenario


class Hard(Scenario):
    """The hard outage cases of one storm."""

    def outage(self, key: str) -> tuple[datetime, datetime, int, int]:
        """A new outage begun on a day before the last: its start, when sent, households, buildings."""
        cap_h = min(COMMUNITIES[p][0] for p in self.s.places())
        cap_b = min(COMMUNITIES[p][1] for p in self.s.places())
        start = self.moment(self.rng.choice(self.s.days[:-1]), edges=0.1)
        hh, bb = self.rng.randint(40, cap_h // 5), self.rng.randint(3, cap_b // 4)
        rep = self.sent(start)
        self.add(rep, key, "outage", place=self.rng.choice(self.s.places()), start=start, households=(hh, False),
                 buildings=(bb, False))
        return start, rep, hh, bb

    def after(self, t: datetime, rep: datetime) -> datetime:
        """When news of t is sent, never before its outage was (rep)."""
        return max(self.sent(t), rep + M)

    def out_again(self, key: str) -> None:
        """Fully restored, out again with households only (docs/domain.md: buildings then unknown), maybe back again."""
        start, rep, hh, _ = self.outage(key)
        back = start + M * self.rng.randint(30, 30 * 60)
        again = back + M * self.rng.randint(1, 20 * 60)
        if again >= self.end():
            return
        self.add(self.after(back, rep), f"{key}u0", "outage_update", outage=key, at=back, full=True)
        self.add(self.after(again, rep), f"{key}u1", "outage_update", outage=key, at=again,
                 households_out=(self.rng.randint(1, hh), False))
        fine = again + M * self.rng.randint(1, 20 * 60)
        if fine < self.end() and self.rng.random() < 0.6:
            self.add(self.after(fine, rep), f"{key}u2", "outage_update", outage=key, at=fine, full=True)

    def stale(self, key: str) -> None:
        """A full restoration sent, then an update observed before it (a partial one, or a count still out)."""
        start, rep, hh, bb = self.outage(key)
        full = start + M * self.rng.randint(60, 36 * 60)
        if full >= self.end():
            return
        frep = self.after(full, rep)
        self.add(frep, f"{key}u0", "outage_update", outage=key, at=full, full=True)
        at = start + M * self.rng.randint(1, int((full - start) / M) - 1)
        # late by an hour or two, or past the next brief's cut-off (then a late report, if of an earlier day)
        srep = frep + M * self.rng.randint(1, 120) if self.rng.random() < 0.5 else max(
            frep, self.s.due(local_day(at))) + M * self.rng.randint(1, 600)
        if self.rng.random() < 0.5:
            n = self.rng.randint(1, hh - 1)
            self.add(srep, f"{key}u1", "outage_update", outage=key, at=at, households_back=n,
                     buildings_back=min(bb - 1, bb * n // hh))
        else:
            self.add(srep, f"{key}u1", "outage_update", outage=key, at=at,
                     households_out=(self.rng.randint(1, hh), False))

    def across(self, key: str) -> None:
        """A partial restoration just before (or after) a midnight, its time corrected to the other side of it,
        the correction sent before that day's brief is due or after its cut-off."""
        day = self.rng.choice(self.s.days[:-1])
        a, b = bounds(day)
        start = a + M * self.rng.randint(0, 18 * 60)
        cap_h = min(COMMUNITIES[p][0] for p in self.s.places())
        hh, bb = self.rng.randint(40, cap_h // 5), self.rng.randint(3, 20)
        rep = start + M * self.rng.randint(3, 60)
        self.add(rep, key, "outage", place=self.rng.choice(self.s.places()), start=start, households=(hh, False),
                 buildings=(bb, False))
        before, after = b - M * self.rng.randint(1, 60), b + M * self.rng.randint(0, 120)
        at, moved = (before, after) if self.rng.random() < 0.5 else (after, before)
        if self.rng.random() < 0.15:  # to 23:59:59.999999 or 00:00 exactly
            moved = b - LAST if moved < b else b
        n = self.rng.randint(1, hh - 1)
        urep = max(at, moved, rep) + M * self.rng.randint(3, 30)  # a time is never corrected past its sending
        self.add(urep, f"{key}u0", "outage_update", outage=key, at=at, households_back=n,
                 buildings_back=min(bb - 1, bb * n // hh))
        due = self.s.due(day)
        fix = (urep + M * self.rng.randint(1, max(1, int((due - urep) / M) - 1))
               if self.rng.random() < 0.5 and urep < due - 2 * M else due + M * self.rng.randint(1, 600))
        self.add(fix, f"{key}u0-at", "fix", target=f"{key}u0", at=moved)

    def retracted(self, key: str) -> None:
        """An outage with partial restorations, retracted for good after some of its news; news sent then is refused."""
        start, rep, hh, bb = self.outage(key)
        t, last, backs = start, rep, sorted(self.rng.sample(range(1, hh), min(self.rng.randint(1, 3), hh - 1)))
        for j, n in enumerate(backs):
            t += M * self.rng.randint(30, 12 * 60)
            if t >= self.end():
                break
            last = max(last, self.after(t, rep))
            self.add(last, f"{key}u{j}", "outage_update", outage=key, at=t, households_back=n,
                     buildings_back=min(bb - 1, bb * n // hh))
        gone = last + H * self.rng.randint(1, 30)
        self.add(gone, f"{key}-retract", "retract", target=key)
        self.add(gone + M * self.rng.randint(1, 60), f"{key}-refused", "refused", outage=key, at=min(
            t + H, self.end() - LAST))


def hard(s: Storm, seed: int) -> list[Action]:
    """The hard outage cases of storm s for a seed: each kind once, twice on the district-wide storm."""
    h = Hard(s, random.Random(f"{seed}-{s.key}-hard"))
    for i in range(2 if s.key == "A" else 1):
        h.out_again(f"{s.key}x{i}")
        h.stale(f"{s.key}y{i}")
        h.across(f"{s.key}c{i}")
        h.retracted(f"{s.key}r{i}")
    return h.acts
