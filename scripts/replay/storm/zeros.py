"""Zero reports whose `period_day` is not simply the day they were sent on: naming the day before (by its brief's
cut-off, at its very second, or a second and more after it), the same day (from the brief time on; before it, refused:
that period has not come), sent without a day (the period open then, docs/domain.md), corrected to the day before or
after (before the brief is due or after its cut-off; onto a day the subdistrict already answered, refused), retracted
(then restored, or answered again by another, when restoring the first is refused), a second for a day answered
already (refused), a clerk's sheet of them through `incidents import` (one row for a day answered: the file refused,
then imported without it), and the quiet town's board at its edges (sent a second after the cut-off; moved off the
day before its brief).

Drawn from their own generator (`seed`-storm-zeros) and sent for (subdistrict, day) pairs the seed's other zero reports
left free, so a seed's other reports are those it drew before these cases were added."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from replay.storm.calendar import SUBS, Storm, bounds, local, local_day
from replay.storm.scenario import Action, M, S, Scenario

DAY = timedelta(days=1)


@dataclass
class Zeros(Scenario):
    """The zero-report cases of one storm."""

    drawn: dict[tuple[int, date], tuple[datetime, str]] = field(default_factory=dict)  # the seed's: sent, key
    taken: set[tuple[int, date]] = field(default_factory=set)

    def opens(self, d: date) -> datetime:
        """From the brief time of day d on, d is the period open (docs/domain.md)."""
        return local(d, self.s.brief_time)

    def between(self, lo: datetime, hi: datetime) -> datetime:
        """A whole minute in [lo, hi), or lo when there is none."""
        n = int((hi - lo) / M)
        return lo + M * self.rng.randrange(n) if n > 0 else lo

    def pick(self, days: list[date]) -> tuple[int, date] | None:
        """A (subdistrict, day) no zero report answers yet, taken."""
        free = [(i, d) for i in self.s.subs for d in days if (i, d) not in self.taken]
        if not free:
            return None
        got = self.rng.choice(free)
        self.taken.add(got)
        return got

    def zero(self, rep: datetime, key: str, i: int, d: date, unsaid: bool = False) -> None:
        self.add(rep, key, "zero_report", place=SUBS[i][0], day=d, unsaid=unsaid)

    def refused(self, rep: datetime, key: str, how: str, **data: object) -> None:
        """A zero report (how: create), its correction (fix) or its restoration (restore) refused naming period_day
        (and the live one of that day, twin, where one is)."""
        self.add(rep, key, "zero-refused", how=how, **data)

    def day_before(self, key: str) -> None:
        """Naming yesterday, sent after midnight and by its brief's cut-off: at that very second now and then."""
        if (p := self.pick(self.s.days)) is None:
            return
        i, d = p
        due = self.s.due(d)
        self.zero(due if self.rng.random() < 0.3 else self.between(bounds(d)[1], due), key, i, d)

    def late(self, key: str) -> None:
        """Sent after its day's cut-off: a second after, or hours (past the next day's cut-off too)."""
        if (p := self.pick(self.s.days)) is None:
            return
        i, d = p
        due = self.s.due(d)
        self.zero(due + S if self.rng.random() < 0.3 else due + M * self.rng.randint(1, 30 * 60), key, i, d)

    def same_day(self, key: str) -> None:
        """Naming today from the brief time on; naming it before the brief time is refused (not come yet)."""
        if (p := self.pick(self.s.days)) is None:
            return
        i, d = p
        self.zero(self.between(self.opens(d), bounds(d)[1]), key, i, d)
        if d != self.s.days[0]:
            self.refused(self.between(bounds(d)[0], self.opens(d)), f"{key}-early", "create", place=SUBS[i][0], day=d)

    def unsaid(self, key: str) -> None:
        """Sent without a day: the period open when sent (docs/domain.md), the day before until the brief time; now
        and then at the brief time's very second (today's) or the second before it (yesterday's)."""
        if self.rng.random() < 0.4:
            rep = self.opens(self.rng.choice(self.s.days[1:])) - (S if self.rng.random() < 0.5 else timedelta(0))
        else:
            rep = self.between(self.opens(self.s.days[0]), self.s.due(self.s.days[-1]))
        d = local_day(rep) - DAY if rep < self.opens(local_day(rep)) else local_day(rep)
        if (p := self.pick([d])) is not None:
            self.zero(rep, key, p[0], d, unsaid=True)

    def corrected(self, key: str) -> None:
        """Its day corrected to the one before or after, before the brief is due or after its cut-off; a correction
        onto a day the subdistrict answered already, refused first."""
        pairs = [(i, d, d2) for i in self.s.subs for d in self.s.days for d2 in (d - DAY, d + DAY)
                 if d2 in self.s.days and not {(i, d), (i, d2)} & self.taken]
        if not pairs:
            return
        i, d, d2 = self.rng.choice(pairs)
        self.taken |= {(i, d), (i, d2)}
        later = d2 > d
        # naming the day after is allowed only once its period is open: sent late for d (a day mistaken)
        rep = self.between(self.opens(d2), bounds(d2)[1]) if later else self.between(self.opens(d), self.s.due(d))
        self.zero(rep, key, i, d)
        first = min(t for t in (self.s.due(d), self.s.due(d2)) if t > rep)  # the next cut-off it bears on
        fix = (self.between(rep + M, first) if self.rng.random() < 0.5 and rep + 2 * M < first
               else first + M * self.rng.randint(1, 20 * 60))
        twins = [(t, dt, k) for (j, dt), (t, k) in self.drawn.items() if j == i and dt <= d and t < fix]
        if twins:
            t, dt, k = self.rng.choice(twins)
            self.refused(max(t, rep) + S, f"{key}-onto", "fix", target=key, day=dt, twin=k)
        self.add(fix, f"{key}-day", "fix", target=key, day=d2)

    def retracted(self, key: str) -> None:
        """Retracted before its cut-off or after; then restored, or its day answered by another and then its
        restoring refused (one live zero report per subdistrict and period), or left so."""
        if (p := self.pick(self.s.days)) is None:
            return
        i, d = p
        due = self.s.due(d)
        rep = self.between(self.opens(d), due)
        self.zero(rep, key, i, d)
        gone = self.between(rep + M, due) if self.rng.random() < 0.5 else due + M * self.rng.randint(1, 20 * 60)
        self.add(gone, f"{key}-retract", "retract", target=key)
        x = self.rng.random()
        back = gone + M * self.rng.randint(1, 30 * 60)
        if x < 0.3:
            self.add(back, f"{key}-restore", "restore", target=key)
        elif x < 0.8:
            self.zero(back, f"{key}b", i, d)
            self.refused(back + M * self.rng.randint(1, 600), f"{key}-restore", "restore", target=key, twin=f"{key}b")

    def board_edges(self, key: str) -> None:
        """The quiet town's board at its edges: a zero report sent a second after a day's cut-off (that day's brief
        says 未报送, not 零报告), and one corrected to the day before before its own day's brief is due (that brief
        no longer counts it): where no report with data hides the board, so a board that got either wrong is seen."""
        for q in self.s.quiet:
            d = self.rng.choice([d for d in self.s.days if (q, d) not in self.taken])
            self.taken.add((q, d))
            # sent while the brief is being compiled (the scheduler a moment late): in the database, not counted
            self.add(self.s.due(d) + S, f"{key}{q}-late", "zero_report", place=SUBS[q][0], day=d, ahead=True)
            pairs = [e for e in self.s.days[1:] if not {(q, e), (q, e - DAY)} & self.taken]
            if not pairs:
                continue
            e = self.rng.choice(pairs)
            self.taken |= {(q, e), (q, e - DAY)}
            rep = self.between(self.opens(e), self.s.due(e) - 2 * M)
            self.zero(rep, f"{key}{q}-moved", q, e)
            self.add(self.between(rep + M, self.s.due(e)), f"{key}{q}-moved-day", "fix", target=f"{key}{q}-moved",
                     day=e - DAY)

    def sheet(self, key: str) -> None:
        """A clerk's sheet of zero reports for several subdistricts and days, kept between two briefs (the rows'
        own reported_at): a row for a day answered already refuses the whole file, naming that row's period_day
        (docs/imports.md: all or nothing); the clerk strikes it and imports the rest."""
        def fits(dk: date) -> tuple[list[tuple[int, date]], list[tuple[tuple[int, date], datetime, str]]]:
            """The pairs free by dk, and those answered before its period opened."""
            free = [(i, d) for i in self.s.subs for d in self.s.days if d <= dk and (i, d) not in self.taken]
            return free, [(p, t, k) for p, (t, k) in sorted(self.drawn.items()) if t < self.opens(dk) and p[1] <= dk]

        days = [d for d in self.s.days if len(fits(d)[0]) >= 2 and fits(d)[1]]
        if not days:
            return
        dk = self.rng.choice(days)
        free, answered = fits(dk)
        lo, hi = self.opens(dk), self.s.due(dk)
        rows: list[Action] = []
        for j, (i, d) in enumerate(self.rng.sample(free, min(len(free), self.rng.randint(2, 3)))):
            self.taken.add((i, d))
            rows.append((lo + (hi - lo - M) * self.rng.random() // S * S + S, f"{key}{j}", "zero_report",
                         {"place": SUBS[i][0], "day": d}))
        (i, d), _, twin = self.rng.choice(answered)
        bad = (lo + (hi - lo - M) * self.rng.random() // S * S + S, f"{key}x", "zero_report",
               {"place": SUBS[i][0], "day": d, "twin": twin})
        rows.insert(self.rng.randint(0, len(rows)), bad)
        self.add(max(r[0] for r in rows), key, "zero-sheet", rows=rows, refused=bad[1])

    def duplicate(self, key: str) -> None:
        """A second zero report for a day the subdistrict answered already: refused naming the first."""
        if not self.drawn:
            return
        (i, d), (t, k) = self.rng.choice(sorted(self.drawn.items()))
        self.refused(t + M * self.rng.randint(1, 600), key, "create", place=SUBS[i][0], day=d, twin=k)


def zeros(s: Storm, seed: int, others: list[Action]) -> list[Action]:
    """The zero-report cases of storm s for a seed, on the pairs its other zero reports (in others) left free."""
    drawn = {(next(i for i in s.subs if SUBS[i][0] == d["place"]), d["day"]): (rep, key)
             for rep, key, kind, d in others if kind == "zero_report"}
    z = Zeros(s, random.Random(f"{seed}-{s.key}-zeros"), drawn=drawn, taken=set(drawn))
    # the cases no other draw sends first (a storm has few free pairs: the flood's one subdistrict, three days), the
    # correction, which needs two days side by side, before them
    rare = [z.retracted, z.unsaid]
    common = [z.day_before, z.late, z.same_day]
    z.rng.shuffle(rare)
    z.rng.shuffle(common)
    for case in [z.board_edges, z.corrected, z.sheet, *rare, *common]:
        case(f"{s.key}zz-{case.__name__}")
    z.duplicate(f"{s.key}zz-duplicate")
    return z.acts

