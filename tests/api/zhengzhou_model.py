"""Zhengzhou's "7·20" rainstorm (20–22 July 2021): the power outages of 金水区 and 二七区 compounds, by hand.

For tests/api/test_outsider_zhengzhou_720_by_hand.py. Nothing here imports the product: each figure is worked out
from the scenario table by docs/domain.md ("Outages", "Field truth stays vague", "Two clocks"): the state of an
outage at t is its latest update at or before t among the reports known at k, read as they stand now; a figure is
(value, more than, at most, about).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tests.api.outsider_arithmetic import one_decimal

EPS = timedelta(microseconds=1)

# compound → subdistrict (金水区丰产路街道, 二七区淮河路街道), in the order the office entered them.
SUBS = ("丰产路街道", "淮河路街道")
SITES = {"丰庆花园": "丰产路街道", "鑫苑小区": "丰产路街道", "淮河东路1号院": "淮河路街道",
         "嵩山南路小区": "淮河路街道", "兴华北街小区": "淮河路街道"}


@dataclass(frozen=True)
class Fig:
    """A count with its marks: 余 (lb), 不超过 (ub), 约 (approx)."""

    value: int
    lb: bool = False
    ub: bool = False
    approx: bool = False

    def __add__(self, other: Fig) -> Fig:
        approx = self.approx or other.approx or ((self.lb or other.lb) and (self.ub or other.ub))
        return Fig(self.value + other.value, not approx and (self.lb or other.lb),
                   not approx and (self.ub or other.ub), approx)

    def __sub__(self, other: Fig) -> Fig:
        # Less a lower bound is at most; less an upper bound is at least.
        return self + Fig(-other.value, other.ub, other.lb, other.approx)

    def marks(self) -> tuple[int, bool, bool, bool]:
        return self.value, self.lb, self.ub, self.approx


ZERO = Fig(0)


def local(text: str) -> datetime:
    """'21 14:00' → 21 July 2021 14:00 (event-local, naive)."""
    day, clock = text.split()
    return datetime.fromisoformat(f"2021-07-{int(day):02d} {clock}")


@dataclass(frozen=True)
class Outage:
    place: str
    households: Fig | None
    buildings: Fig | None
    started: str
    reported: str
    etr: str | None = None


@dataclass(frozen=True)
class Update:
    outage: str
    observed: str
    reported: str
    what: str  # back (restored so far), out (still out, stated), all (fully restored)
    households: Fig | None = None
    buildings: Fig | None = None
    etr: str | None = None


BACK, OUT, ALL = "back", "out", "all"


@dataclass
class World:
    """The reports as they stand when a figure is computed."""

    outages: dict[str, Outage]
    updates: dict[str, Update]
    retracted: set[str] = field(default_factory=set)

    # ---- one outage
    def live_outages(self, known: datetime) -> list[str]:
        return [o for o, v in self.outages.items() if o not in self.retracted and local(v.reported) <= known]

    def updates_of(self, o: str, known: datetime) -> list[tuple[datetime, str]]:
        """Its live updates known at `known`, by observed time."""
        return sorted((local(u.observed), n) for n, u in self.updates.items()
                      if u.outage == o and n not in self.retracted and local(u.reported) <= known)

    def points(self, o: str, t: datetime, known: datetime) -> list[tuple[datetime, Fig | None, Fig | None]]:
        """(instant, households out, buildings out) at its start and each update up to t; None: not said."""
        v = self.outages[o]
        if local(v.started) > t:
            return []
        h, b = v.households, v.buildings
        result = [(local(v.started), h, b)]
        for when, n in self.updates_of(o, known):
            if when > t:
                break
            u = self.updates[n]
            if u.what == ALL:
                h, b = ZERO, ZERO
            elif u.what == OUT:
                h, b = u.households, u.buildings
            else:
                h = v.households - u.households if v.households and u.households else h
                b = v.buildings - u.buildings if v.buildings and u.buildings else b
            result.append((when, h, b))
        return result

    def state(self, o: str, t: datetime, known: datetime) -> tuple[Fig | None, Fig | None] | None:
        """Households and buildings out at t (None each: not said); None before it began."""
        pts = self.points(o, t, known)
        return (pts[-1][1], pts[-1][2]) if pts else None

    def is_open(self, o: str, t: datetime, known: datetime) -> bool:
        s = self.state(o, t, known)
        return s is not None and s != (ZERO, ZERO)

    def begun(self, t: datetime, known: datetime, sub: str | None = None) -> list[str]:
        return [o for o in self.live_outages(known) if self.state(o, t, known) is not None
                and sub in (None, SITES[self.outages[o].place])]

    def restored_at(self, o: str, t: datetime, known: datetime) -> datetime | None:
        pts = self.points(o, t, known)
        return pts[-1][0] if pts and (pts[-1][1], pts[-1][2]) == (ZERO, ZERO) else None

    def etrs(self, o: str, t: datetime, known: datetime) -> list[datetime]:
        """The promised restoration times given by t (the outage's, then each update's that gives one)."""
        v = self.outages[o]
        given = [local(v.etr)] if v.etr else []
        return given + [local(self.updates[n].etr) for when, n in self.updates_of(o, known)
                        if when <= t and self.updates[n].etr]

    def again_at(self, o: str, t: datetime, known: datetime) -> datetime | None:
        """While open, the latest time it went out again after a full restoration."""
        pts, again = self.points(o, t, known), None
        for (_t0, h0, b0), (t1, h1, b1) in zip(pts, pts[1:], strict=False):
            if (h0, b0) == (ZERO, ZERO) and (h1, b1) != (ZERO, ZERO):
                again = t1
        return again if self.is_open(o, t, known) else None

    def fell_at(self, o: str, t: datetime, known: datetime) -> datetime | None:
        """The latest update that brought some back (fewer out than the point before)."""
        pts, fell = self.points(o, t, known), None
        for (_t0, *before), (t1, *now) in zip(pts, pts[1:], strict=False):
            if any(a is not None and b is not None and b.value < a.value for a, b in zip(before, now, strict=True)):
                fell = t1
        return fell

    def etr(self, o: str, t: datetime, known: datetime) -> datetime | None:
        """The promised restoration in force at t: the latest given, unless a full restoration kept it and the
        outage is out again since (no ETR until a new one)."""
        v = self.outages[o]
        given = [(local(v.started), local(v.etr))] if v.etr else []
        given += [(when, local(self.updates[n].etr)) for when, n in self.updates_of(o, known)
                  if when <= t and self.updates[n].etr]
        again = self.again_at(o, t, known)
        if not given or (again is not None and given[-1][0] < again):
            return None
        return given[-1][1]

    def back_spells(self, o: str, t: datetime, known: datetime) -> timedelta:
        """Time it was all back between a full restoration and going out again, up to t."""
        pts, back, since = self.points(o, t, known), timedelta(0), None
        for when, h, b in pts:
            if (h, b) == (ZERO, ZERO):
                since = since or when
            elif since is not None:
                back, since = back + (when - since), None
        return back

    def duration(self, o: str, t: datetime, known: datetime) -> timedelta:
        end = self.restored_at(o, t, known) or t
        return end - local(self.outages[o].started) - self.back_spells(o, t, known)

    # ---- sums
    def out(self, t: datetime, known: datetime, sub: str | None = None, unit: int = 0) -> tuple[Fig | None, int]:
        """What is out at t summed over open outages (None: 未报, every open one silent) and how many are silent."""
        total, said, silent = ZERO, False, 0
        for o in self.begun(t, known, sub):
            if not self.is_open(o, t, known):
                continue
            f = self.state(o, t, known)[unit]  # type: ignore[index]
            if f is None:
                silent += 1
            else:
                total, said = total + f, True
        return (total if said or not silent else None), silent

    def instants(self, t: datetime, known: datetime, sub: str | None = None) -> list[datetime]:
        return sorted({when for o in self.begun(t, known, sub) for when, _h, _b in self.points(o, t, known)})

    def curve(self, t: datetime, known: datetime, sub: str | None = None) -> list[tuple[Any, ...]]:
        """The curve's points: each instant where anything changed (households and buildings out, open outages,
        open outages silent on each unit), and a last one at t."""
        result: list[tuple[Any, ...]] = []
        for i in self.instants(t, known, sub):
            (h, hs), (b, bs) = self.out(i, known, sub), self.out(i, known, sub, 1)
            point = (i, h, b, sum(self.is_open(o, i, known) for o in self.begun(i, known, sub)), hs, bs)
            if not result or result[-1][1:] != point[1:]:
                result.append(point)
        if result and result[-1][0] < t:
            result.append((t, *result[-1][1:]))
        return result

    def peak(self, t: datetime, known: datetime, sub: str | None = None, unit: int = 0) -> tuple[Fig, datetime]:
        """The most out at a point (first reached), its marks as then."""
        best: tuple[Fig, datetime] | None = None
        for i, h, b, *_n in self.curve(t, known, sub):
            f = (h, b)[unit]
            if f is not None and (best is None or f.value > best[0].value):
                best = (f, i)
        assert best is not None
        return best

    # ---- each household's (building's) hours without power
    def spells(self, o: str, t: datetime, known: datetime, unit: int = 0) -> list[tuple[float, int, bool]]:
        """(hours, units, still out): a fall restores units out since the outage began or went out again."""
        result: list[tuple[float, int, bool]] = []
        since, previous = None, 0
        for when, *figs in self.points(o, t, known):
            f = figs[unit]
            if f is None:
                continue
            n = f.value
            if previous == 0 and n:
                since = when
            if n < previous:
                result.append(((when - since).total_seconds() / 3600, previous - n, False))
            previous = n
        if previous:
            result.append(((t - since).total_seconds() / 3600, previous, True))
        return result


def pct(peak: Fig, now: Fig) -> float:
    """The share of the peak restored, to one decimal."""
    return one_decimal(peak.value - now.value, peak.value)


def approx_share(peak: Fig, now: Fig | None) -> bool:
    """A share restored is an estimate while something is out and the peak or what is out is marked."""
    vague = lambda f: f.lb or f.ub or f.approx  # noqa: E731
    return bool(now and now.value) and (vague(peak) or vague(now))  # type: ignore[union-attr]


def weighted_median(units: list[tuple[float, int, bool]]) -> float:
    total, running = sum(n for _h, n, _o in units), 0
    for hours, n, _o in sorted(units):
        running += n
        if running * 2 >= total:
            return hours
    raise AssertionError("no units")


# ---- A brief's power figures (docs/briefs.md, "Power"): the day's last instant, as known at its cut-off.
def day_bounds(day: int) -> tuple[datetime, datetime, datetime]:
    """The day's 00:00, its last instant, and its brief's cut-off (08:00 the next day)."""
    start = datetime(2021, 7, day)
    return start, start + timedelta(days=1) - EPS, start + timedelta(days=1, hours=8)


def falls(w: World, o: str, day: int, unit: int) -> tuple[Fig | None, bool]:
    """What came back of one outage in the day (None: nothing fell, or its count never given) — what was out at
    00:00 plus what went out (began, or out again) less what is out at the day's end, marked by those figures —
    and whether it came back in full without ever giving that count."""
    start, end, known = day_bounds(day)
    pts = [(t, figs[unit]) for t, *figs in w.points(o, end, known)]
    before = [f for t, f in pts if t < start]
    level = before[-1] if before else ZERO
    first, rises, fell = level, ZERO, False
    for t, f in pts:
        if t < start:
            continue
        if f is None or level is None:
            fell = fell or (f == ZERO and level is None)  # back in full, its count never given
            level = f
            continue
        if f.value < level.value:
            fell = True
        elif level == ZERO:
            rises = rises + f  # began, or out again after all were back
        level = f
    if not fell:
        return None, False
    if first is None or level is None:
        return None, level == ZERO and all(f is None for _t, f in pts if f != ZERO)
    return first + rises - level, False


def day_power(w: World, day: int, sub: str | None = None) -> dict[str, Any]:
    """The brief's power figures of the day (of one subdistrict)."""
    start, end, known = day_bounds(day)
    begun = w.begun(end, known, sub)
    opened = [o for o in begun if w.is_open(o, end, known)]
    result: dict[str, Any] = {"open_outages": len(opened),
                              "new_in_period": sum(local(w.outages[o].started) >= start for o in begun),
                              "outages_to_date": len(begun), "restored_to_date": len(begun) - len(opened)}
    restored = [o for o in begun if not w.is_open(o, end, known) and w.restored_at(o, end, known) >= start]
    result["restored_in_period"] = len(restored)
    partial = 0
    for o in opened:
        partial += any(falls(w, o, day, unit)[0] is not None for unit in (0, 1))
    result["partial_in_period"] = partial
    for unit, name in ((0, "households"), (1, "buildings")):
        out, silent = w.out(end, known, sub, unit)
        result[f"{name}_out"], result[f"{name}_unknown"] = out, silent
        back, back_unknown, said = ZERO, 0, False
        for o in begun:
            fig, unsaid = falls(w, o, day, unit)
            back_unknown += unsaid
            if fig is not None:
                back, said = back + fig, True
        result[f"{name}_restored"] = back if said else None
        result[f"{name}_back_unknown"] = back_unknown
        sizes = [(w.outages[o].households, w.outages[o].buildings)[unit] for o in begun]
        total = ZERO
        for f in sizes:
            total = total + f if f is not None else total
        result[f"{name}_affected"], result[f"{name}_affected_unknown"] = total, sum(f is None for f in sizes)
        if sub is None:
            top, top_at = w.peak(end, known, None, unit)
            result[f"peak_{name}"] = top
            # Outages of unknown size out at any instant the peak was reached, or still out, are left out of it.
            at_peak = [hs if unit == 0 else bs for i, h, b, _n, hs, bs in w.curve(end, known)
                       if (h, b)[unit] is not None and (h, b)[unit].value == top.value]
            result[f"peak_{name}_unknown"] = max(*at_peak, silent)
            result[f"pct_restored_{name}"] = pct(top, out) if out is not None else None
            result[f"pct_restored_{name}_approx"] = approx_share(top, out)
    return result


def reports_in_day(w: World, day: int, sub: str) -> int:
    """The subdistrict's live reports observed in the day and known at the cut-off."""
    start, end, known = day_bounds(day)
    count = 0
    for o, v in w.outages.items():
        if o in w.retracted or local(v.reported) > known or SITES[v.place] != sub:
            continue
        count += start <= local(v.started) <= end
        count += sum(start <= t <= end for t, _n in w.updates_of(o, known))
    return count


def unit_marks(w: World, t: datetime, known: datetime, unit: int) -> dict[str, bool]:
    """The statistics' marks of a unit: interrupted "more than" (an outage's total was, or units went out again off
    a "more than" figure); hours counted off a stated "more than N still out" (≥) or off "at most N still out"
    (不超过, read off a "more than" count restored)."""
    interrupted_lb = hours_lb = hours_ub = False
    for o in w.begun(t, known):
        size = (w.outages[o].households, w.outages[o].buildings)[unit]
        interrupted_lb |= bool(size and size.lb)
        stated = {local(w.updates[n].observed) for _w, n in w.updates_of(o, known) if w.updates[n].what == OUT}
        for when, *figs in w.points(o, t, known):
            f = figs[unit]
            if f is not None and f.value:
                hours_lb |= f.lb and when in stated
                hours_ub |= f.ub
    return {"interrupted_lb": interrupted_lb, "hours_lb": hours_lb, "hours_ub": hours_ub}


def sum_marks(lb: bool, ub: bool) -> tuple[bool, bool, bool]:
    """"more than", "at most", "about": both bounds meet in an estimate."""
    return lb and not ub, ub and not lb, lb and ub


def reached(w: World, t: datetime, known: datetime, sub: str | None, unit: int, share: int) -> datetime | None:
    """The first point after the peak where what is out is at most (100 − share)% of it."""
    top, top_at = w.peak(t, known, sub, unit)
    for i, h, b, *_rest in w.curve(t, known, sub):
        f = (h, b)[unit]
        if i >= top_at and f is not None and f.value * 100 <= top.value * (100 - share):
            return i
    return None
