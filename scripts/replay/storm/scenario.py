"""What a seed sends: outages restored in many steps, out-of-order news, corrections, moves, imports, zero reports."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from replay.storm.calendar import COMMUNITIES, SUBS, Storm, bounds, local, local_day, sub_of

Action = tuple[datetime, str, str, dict[str, Any]]  # (moment sent, key, kind, data)
H, M, S = timedelta(hours=1), timedelta(minutes=1), timedelta(seconds=1)
LAST = timedelta(microseconds=1)
CATEGORIES = ("street", "compound", "drain_grate", "surface")


@dataclass
class Scenario:
    """The actions of one storm, drawn from rng."""

    s: Storm
    rng: random.Random
    acts: list[Action] = field(default_factory=list)

    def add(self, rep: datetime, key: str, kind: str, **data: Any) -> None:
        self.acts.append((rep, key, kind, {"ev": self.s.key, **data}))

    def moment(self, d: date, edges: float = 0.25) -> datetime:
        """A moment of day d: 00:00 exactly, 23:59:59.999999, or a minute of it."""
        a, b = bounds(d)
        x = self.rng.random()
        if x < edges / 2:
            return a
        if x < edges:
            return b - LAST
        return a + M * self.rng.randrange(1, 24 * 60)

    def sent(self, t: datetime, d: date | None = None, late: float = 0.15) -> datetime:
        """When news of t is sent: minutes to hours after; now and then after the day's brief (late)."""
        if self.rng.random() < late:
            return self.s.due(d or local_day(t)) + M * self.rng.randrange(1, 20 * 60)
        return t + M * self.rng.randrange(3, 240)

    def end(self) -> datetime:
        """The end of the storm's last day."""
        return bounds(self.s.days[-1])[1]

    # ------------------------------------------------------------------ outages
    def outages(self, n: int) -> None:
        cap_h = min(COMMUNITIES[p][0] for p in self.s.places())
        cap_b = min(COMMUNITIES[p][1] for p in self.s.places())
        for i in range(n):
            key = f"{self.s.key}o{i}"
            place = self.rng.choice(self.s.places())
            start = self.moment(self.rng.choice(self.s.days[:-1]))
            hh, lb = self.rng.randint(40, cap_h // 5), self.rng.random() < 0.2
            bb = self.rng.randint(3, cap_b // 4)
            rep = self.sent(start)
            self.add(rep, key, "outage", place=place, start=start, households=(hh, lb), buildings=(bb, False))
            last = self.steps(key, start, rep, hh, bb)
            self.corrections(key, place, rep, hh, last, cap_h)

    def steps(self, key: str, start: datetime, rep: datetime, hh: int, bb: int) -> datetime:
        """Partial restorations across several midnights, some sent out of order, maybe a full one at the end."""
        k = self.rng.randint(1, 5)
        span = max(int((self.end() - start) / M) - 1, k + 2)
        times = sorted(start + M * x for x in self.rng.sample(range(31, max(span, 32 + k)), k))
        times = [t if t < self.end() else self.end() - LAST for t in times]
        for j, t in enumerate(times):  # a step now and then at a midnight's edge
            if self.rng.random() < 0.2:
                a, b = bounds(local_day(t))
                edge = a if self.rng.random() < 0.5 else b - LAST
                if (times[j - 1] if j else start + 30 * M) < edge < (times[j + 1] if j + 1 < k else self.end()):
                    times[j] = edge
        backs = sorted(self.rng.sample(range(1, hh), min(k, hh - 1)))
        full = self.rng.random() < 0.6
        reps = [max(self.sent(t), rep + M) for t in times]
        if k >= 2 and self.rng.random() < 0.5:  # a later restoration sent before the earlier partial one
            j = self.rng.randrange(k - 1)
            reps[j + 1] = max(times[j + 1], rep) + M * self.rng.randint(1, 30)
            reps[j] = reps[j + 1] + M * self.rng.randint(1, 90)
        for j, t in enumerate(times):
            ukey = f"{key}u{j}"
            if full and j == k - 1:
                self.add(reps[j], ukey, "outage_update", outage=key, at=t, full=True)
            elif self.rng.random() < 0.15:
                self.add(reps[j], ukey, "outage_update", outage=key, at=t, households_out=(hh - backs[j], False))
            else:
                self.add(
                    reps[j],
                    ukey,
                    "outage_update",
                    outage=key,
                    at=t,
                    households_back=backs[j],
                    buildings_back=min(bb - 1, bb * backs[j] // hh),
                )
        return max(reps)

    def other(self, lo: int, hi: int, now: int) -> int:
        """A figure in [lo, hi] other than the one standing: a correction that changes nothing is no new version."""
        while (x := self.rng.randint(lo, hi)) == now:
            pass
        return x

    def corrections(self, key: str, place: str, rep: datetime, hh: int, last: datetime, cap_h: int) -> None:
        """Corrections of corrections, a retraction and its restoration, a coordinator's move."""
        x = self.rng.random()
        if x < 0.35:  # the size corrected, then corrected again (up or down, never below what came back)
            t1 = rep + H * self.rng.randint(1, 30)
            first = self.other(hh, cap_h // 3, hh)
            self.add(t1, f"{key}-fix1", "fix", target=key, households=(first, False))
            self.add(
                t1 + H * self.rng.randint(1, 20),
                f"{key}-fix2",
                "fix",
                target=key,
                households=(self.other(hh, cap_h // 3, first), False),
            )
        elif x < 0.55:  # retracted after all its news, then (mostly) restored a brief or two later
            t1 = last + H * self.rng.randint(1, 10)
            self.add(t1, f"{key}-retract", "retract", target=key)
            if self.rng.random() < 0.7:
                self.add(t1 + H * self.rng.randint(1, 40), f"{key}-restore", "restore", target=key)
        elif x < 0.75:  # moved by a coordinator to another community of the event's place, updates and all
            here = self.rng.choice([p for p in self.s.places() if p != place])
            self.add(rep + H * self.rng.randint(1, 40), f"{key}-move", "move", target=key, place=here)

    def update_fixes(self) -> None:
        """A partial restoration's count corrected, and corrected again; another retracted, then restored."""
        ups = [(rep, k, d) for rep, k, kind, d in self.acts if kind == "outage_update" and "households_back" in d]
        touched = {d["target"] for _, _, kind, d in self.acts if kind in ("retract", "fix", "move")}
        ups = [u for u in ups if u[2]["outage"] not in touched]
        self.rng.shuffle(ups)
        for rep, k, d in ups[:2]:
            hh = next(x[3]["households"][0] for x in self.acts if x[1] == d["outage"])
            t1 = rep + H * self.rng.randint(1, 30)
            first = self.other(1, hh - 1, d["households_back"])
            self.add(t1, f"{k}-fix1", "fix", target=k, households_back=first)
            self.add(
                t1 + H * self.rng.randint(1, 30),
                f"{k}-fix2",
                "fix",
                target=k,
                households_back=self.other(1, hh - 1, first),
            )
        for rep, k, _ in ups[2:3]:
            t1 = rep + H * self.rng.randint(1, 30)
            self.add(t1, f"{k}-retract", "retract", target=k)
            self.add(t1 + H * self.rng.randint(1, 30), f"{k}-restore", "restore", target=k)

    # ------------------------------------------------------------------ pumping, disinfection, debris, log
    def pumping(self, n: int) -> None:
        for i in range(n):
            key = f"{self.s.key}p{i}"
            place = self.rng.choice(self.s.places())
            start = bounds(self.s.days[0])[0] + M * self.rng.randrange(0, 30 * 60)
            self.add(
                start + M * self.rng.randint(5, 60),
                key,
                "pumping",
                place=place,
                start=start,
                team=self.rng.choice(["消防救援大队", "市政排水", "应急抢险队"]),
                people=self.rng.randint(6, 40),
                pumps=self.rng.randint(1, 8),
            )
            t, j = start, 0
            while t < self.end() - 6 * H:
                a, b = bounds(local_day(t))
                nxt = (
                    b
                    if self.rng.random() < 0.3
                    else b - LAST
                    if self.rng.random() < 0.1
                    else t + M * self.rng.randint(120, 20 * 60)
                )
                nxt = min(nxt, self.end())
                if nxt <= t + H:  # never an end at (or just after) its start
                    nxt = t + M * self.rng.randint(61, 600)
                m3 = (self.rng.randint(2, 500) * 10, self.rng.random() < 0.1)
                vkey = f"{key}v{j}"
                vrep = max(self.sent(nxt - LAST), start + M * 61)
                self.add(vrep, vkey, "pumping_volume", op=key, start=t, end=nxt, m3=m3)
                if self.rng.random() < 0.25:  # the meter read again: fewer m³ than first said
                    fix = self.rng.randint(1, max(1, m3[0] - 1))
                    self.add(vrep + H * self.rng.randint(2, 30), f"{vkey}-fix", "fix", target=vkey, m3=(fix, False))
                t, j = nxt, j + 1

    def disinfection(self, n: int) -> None:
        for i in range(n):
            key = f"{self.s.key}d{i}"
            at = self.moment(self.rng.choice(self.s.days))
            cats = self.rng.sample(CATEGORIES, self.rng.randint(1, 3))
            counts = {
                c: (self.rng.randint(1, 60) * (100 if c == "surface" else 1), self.rng.random() < 0.1) for c in cats
            }
            pt = (self.rng.randint(5, 80), False)
            cum = self.rng.random() < 0.2
            # staff on duty drawn from the report's own key, not self.rng: a seed draws the same scenario as before
            own = random.Random(key)
            staff = (own.randint(1, 40), own.random() < 0.1) if own.random() < 0.7 else None
            rep = self.sent(at)
            self.add(
                rep,
                key,
                "disinfection",
                place=self.rng.choice(self.s.places()),
                at=at,
                counts=counts,
                person_times=pt,
                cumulative=cum,
                staff=staff,
            )
            if self.rng.random() < 0.25:  # counted twice on the sheet: corrected downwards
                lower = {c: (max(0, q[0] // 2), q[1]) for c, q in counts.items()}
                self.add(
                    rep + H * self.rng.randint(2, 40),
                    f"{key}-fix",
                    "fix",
                    target=key,
                    counts=lower,
                    person_times=(pt[0] // 2, False),
                )

    def debris(self, n: int) -> None:
        for i in range(n):
            d = self.rng.choice(self.s.days)
            start = self.moment(d, edges=0.3)
            end = start + M * self.rng.randint(60, 40 * 60)
            end = min(end, self.end())
            self.add(
                self.sent(end - LAST),
                f"{self.s.key}b{i}",
                "debris",
                place=self.rng.choice(self.s.places()),
                start=start,
                end=end,
                kg=(self.rng.randint(1, 400) * 100, self.rng.random() < 0.15),
                loads=(self.rng.randint(1, 12), False),
            )

    def activities(self, n: int) -> None:
        for i in range(n):
            at = self.moment(self.rng.choice(self.s.days), edges=0.4)
            self.add(
                self.sent(at),
                f"{self.s.key}a{i}",
                "activity",
                place=self.rng.choice(self.s.places()),
                at=at,
                title=self.rng.choice(["巡查堤防", "转移群众", "调度会商", "排查危房", "发放物资"]),
            )

    def zero_reports(self) -> None:
        for d in self.s.days:
            for i in self.s.busy():
                if self.rng.random() < 0.35:
                    opens = local(d, self.s.brief_time)  # from the brief time on, the day's period is open
                    due = self.s.due(d)
                    rep = (
                        due + M * self.rng.randint(1, 600)
                        if self.rng.random() < 0.2
                        else max(opens, due - M * self.rng.randint(0, 20 * 60))
                    )
                    self.add(rep, f"{self.s.key}z{i}-{d.day}", "zero_report", place=SUBS[i][0], day=d)

    def imports(self, dues: list[datetime]) -> None:
        """A clerk's sheets: the activities, rounds or updates sent between two briefs, as one CSV each."""
        mine = [x for x in dues if x <= self.s.due(self.s.days[-1])]
        for kind in ("activity", "disinfection"):  # a sheet kept between two briefs, its rows' own reported_at
            i = self.rng.randrange(1, len(mine))
            prev, due = mine[i - 1], mine[i]
            before = len(self.acts)
            for j in range(self.rng.randint(2, 6)):
                rep = prev + (due - prev) * self.rng.random() // S * S + S
                at = max(rep - M * self.rng.randint(1, 600), bounds(self.s.days[0])[0])
                if at < rep - H and self.rng.random() < 0.3:  # the midnight before it was sent, exactly
                    at = max(bounds(local_day(rep))[0], bounds(self.s.days[0])[0])
                place = self.rng.choice(self.s.places())
                if kind == "activity":
                    self.add(rep, f"{self.s.key}ia{j}", kind, place=place, at=at, title="巡查积水点")
                else:
                    self.add(
                        rep,
                        f"{self.s.key}id{j}",
                        kind,
                        place=place,
                        at=at,
                        person_times=(self.rng.randint(4, 30), False),
                        counts={"street": (self.rng.randint(1, 9), False)},
                        cumulative=False,
                    )
            rows, self.acts = self.acts[before:], self.acts[:before]
            self.add(max(a[0] for a in rows), f"{self.s.key}sheet-{kind}", "import", rows=rows, what=kind)
        targets = {d.get("target") for _, _, _, d in self.acts}  # a row a later action names stays a single create
        for kind in ("outage_update",):
            rows = [a for a in self.acts if a[2] == kind and a[1] not in targets and a[3].get("outage") not in targets]
            by_window: dict[datetime, list[Action]] = {}
            for a in rows:  # rows sent between the same two briefs: no brief compiled while the sheet was kept
                by_window.setdefault(next((x for x in dues if x >= a[0]), dues[-1] + 72 * H), []).append(a)
            batches = [b for b in by_window.values() if len(b) >= 2]
            if not batches:
                continue
            batch = self.rng.choice(batches)
            self.acts = [a for a in self.acts if a not in batch]
            self.add(max(a[0] for a in batch), f"{self.s.key}imp-{kind}", "import", rows=batch, what=kind)


def scenario(s: Storm, seed: int, dues: list[datetime]) -> list[Action]:
    """Every action of storm s for a seed."""
    sc = Scenario(s, random.Random(f"{seed}-{s.key}"))
    big = s.key == "A"
    sc.outages(sc.rng.randint(5, 9) if big else sc.rng.randint(2, 4))
    sc.update_fixes()
    sc.pumping(sc.rng.randint(1, 2))
    sc.disinfection(sc.rng.randint(3, 8))
    sc.debris(sc.rng.randint(0, 2))
    sc.activities(sc.rng.randint(2, 6))
    sc.zero_reports()
    sc.imports(dues)
    return sc.acts


__all__ = ["scenario", "sub_of"]
