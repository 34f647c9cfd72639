"""The restoration curve: households, buildings and open outages still out over time.

Each outage's changes are tallied at their instants (`Tally`) and summed into a step function;
a curve knows its peak and when 50/90/95/100 % of the peak was back (a count lost read at worst: `_reached`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, NamedTuple

from incidents.timelines.rule import sum_marks
from incidents.timelines.speedups import instant_cache


def to_hours(seconds: float | None) -> float | None:
    """Seconds as hours; None stays None."""
    return None if seconds is None else float(seconds) / 3600.0


THRESHOLDS = (50, 90, 95, 100)


def told(out: int, unknown: int, open_outages: int) -> int | None:
    """What is still out, or None (未报) when every open outage is silent on it: never a false 0.

    The one rule for a count still out, the brief's (its power section, its trend) and the timeline's (its
    figures, curves, groups, statistics, JSON and CSV): no open outage is a known 0; a sum some open outage
    gave a figure for is that figure, the silent ones counted beside it (另有1处未报); none gave one: 未报.
    """
    return None if open_outages and unknown >= open_outages else out


def count_lost(is_open: bool, out: int | None, affected: int | None, out_again: bool) -> bool:
    """Whether an outage gave a count once and gives none now (open, out again after a full restoration with the
    other unit only): what of the peak is back is then not known, the share restored 不详 (`share_of_peak`)."""
    return is_open and out_again and out is None and affected is not None


def lost_counts(states: Iterable[Any]) -> dict[str, int]:
    """Open outages, per measure, whose count is lost (`count_lost`): the brief's power section reads this."""
    return {name: sum(1 for s in states if count_lost(s.open, getattr(s, f"{name}_out"),
                                                       getattr(s, f"{name}_affected"), s.out_again_at is not None))
            for name in ("households", "buildings")}


def share_of_peak(peak: int, current: int, lost: int) -> float | None:
    """The share of the peak back (`share_restored`), or None (不详) while an outage counted in it lost its count:
    the one rule of the brief's figures and the timeline's (page, JSON, curve JSON)."""
    return None if lost else share_restored(peak, current)


class CurvePoint(NamedTuple):
    """From `at` on (until the next point): what was out across the scope."""

    at: datetime
    households_out: int
    buildings_out: int
    open_outages: int
    households_unknown: int   # open outages whose households were not reported (not in the sum)
    buildings_unknown: int
    households_out_lb: bool   # an open outage's count is a lower bound: the sum is "more than" (余)
    buildings_out_lb: bool
    # An open outage's count is at most (read off "more than" restored): the sum is "at most" (不超过);
    # about (约) when "more than" and "at most" counts meet in it (rule.sum_marks).
    households_out_ub: bool = False
    buildings_out_ub: bool = False
    households_out_approx: bool = False
    buildings_out_approx: bool = False
    # Open outages whose count is lost here (`count_lost`): the sum leaves them out, what of them is back not known.
    households_lost: int = 0
    buildings_lost: int = 0

    def told_out(self) -> tuple[int | None, int | None]:
        """Households and buildings out as said (`told`): None (未报) where every open outage is silent."""
        return (told(self.households_out, self.households_unknown, self.open_outages),
                told(self.buildings_out, self.buildings_unknown, self.open_outages))


@dataclass(frozen=True)
class Measure:
    """Peak, now, and when the scope got back 50/90/95/100 % of the peak, for one measure."""

    name: str
    peak: int
    peak_at: datetime | None
    current: int | None                  # None: 未报, every outage open at `at` silent on it (`told`)
    peak_lb: bool                        # the peak is "more than" (an open outage's count was one)
    current_lb: bool
    restored_pct: float | None          # of the peak, restored by `at`
    reached: dict[int, datetime | None]  # threshold % → first instant after the peak
    hours_to: dict[int, float | None]    # threshold % → hours from the peak
    current_ub: bool = False             # at most (an open outage's count was read off "more than" back)
    current_approx: bool = False         # about: "more than" and "at most" counts in it
    peak_ub: bool = False                # the peak is at most (at every instant it was reached), or about
    peak_approx: bool = False
    lost: int = 0                        # open outages whose count is lost (`count_lost`): restored_pct None
    # Thresholds not reached by the worst reading (`_reached`) that what is known would reach, a count lost now:
    # whether and when they were reached is not known (不详), not "not yet".
    reached_not_known: tuple[int, ...] = ()

    @property
    def reported(self) -> bool:
        """Whether any outage in scope reported this measure at all."""
        return self.peak > 0

    @property
    def restored_pct_approx(self) -> bool:
        """Whether restored_pct is an estimate (约), as the brief marks the same share."""
        vague_peak = self.peak_lb or self.peak_ub or self.peak_approx
        vague_now = self.current_lb or self.current_ub or self.current_approx
        return self.restored_pct is not None and share_approximate(self.current or 0, vague_peak, vague_now)


# A curve as numbers: instants (epoch seconds) and, for each, households out, buildings out,
# open outages, open outages of unreported households, of unreported buildings, open outages
# whose households out, buildings out are lower bounds, and those whose are at most (running sums).
Series = tuple[list[int], list[int], list[int], list[int], list[int], list[int], list[int], list[int],
               list[int], list[int]]
# Beside a series, at each of its instants: open outages whose households, buildings count is lost (`count_lost`),
# and those outages' households, buildings affected (the most of them that may still be out). Rare: kept apart.
LostSeries = tuple[list[int], list[int], list[int], list[int]]


def _point(at: datetime, h: int, b: int, o: int, hu: int, bu: int, hl: int, bl: int, hm: int, bm: int
           ) -> CurvePoint:
    """A curve point: a sum is "more than" ("at most") when it is above 0 and an outage in it is; about when both."""
    return CurvePoint(at, h, b, o, hu, bu, *_marks(h, hl, hm, b, bl, bm))


def _marks(h: int, hl: int, hm: int, b: int, bl: int, bm: int) -> tuple[bool, bool, bool, bool, bool, bool]:
    """The point's marks in CurvePoint's order: lb (h, b), ub (h, b), approx (h, b)."""
    h_lb, h_ub, h_approx = (h > 0 and hl > 0 and not hm, h > 0 and hm > 0 and not hl, h > 0 and hl > 0 and hm > 0)
    b_lb, b_ub, b_approx = (b > 0 and bl > 0 and not bm, b > 0 and bm > 0 and not bl, b > 0 and bl > 0 and bm > 0)
    return h_lb, b_lb, h_ub, b_ub, h_approx, b_approx


@dataclass
class Curve:
    """Households and buildings still out, and open outages, vs time (a step function)."""

    subdistrict_id: int | None
    name: str | None
    households: Measure
    buildings: Measure
    open_peak: int
    at: datetime
    series: Series = field(repr=False, compare=False)
    name_en: str | None = None  # the subdistrict's English name, for an English download
    lost_series: LostSeries | None = field(default=None, repr=False, compare=False)  # None: no count lost
    _points: list[CurvePoint] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def points(self) -> list[CurvePoint]:
        """One point per instant where anything changed, and a last one at `at`."""
        if self._points is None:
            instant = instant_cache()
            # Inline rather than through _point: the exports build a point per instant of big events.
            points = [CurvePoint(instant(t), h, b, o, hu, bu, h > 0 and hl > 0, b > 0 and bl > 0) if not (hm or bm)
                      else CurvePoint(instant(t), h, b, o, hu, bu, *_marks(h, hl, hm, b, bl, bm))
                      for t, h, b, o, hu, bu, hl, bl, hm, bm in zip(*self.series, strict=True)]
            if self.lost_series is not None:
                lost_h, lost_b = self.lost_series[:2]
                points = [p._replace(households_lost=x, buildings_lost=y) if x or y else p
                          for p, x, y in zip(points, lost_h, lost_b, strict=True)]
            if points and points[-1].at < self.at:
                points.append(points[-1]._replace(at=self.at))
            self._points = points
        return self._points

    def value_at(self, when: datetime) -> CurvePoint | None:
        """The curve's value at an instant (None before the first outage); a binary search."""
        times, *columns = self.series
        i = bisect.bisect_right(times, when.timestamp()) - 1
        if i < 0:
            return None
        at = instant_cache()(times[i])
        if i == len(times) - 1 and at < self.at <= when:
            at = self.at  # the closing point at `at`, as in `points`
        point = _point(at, *(c[i] for c in columns))
        if self.lost_series is not None:
            point = point._replace(households_lost=self.lost_series[0][i], buildings_lost=self.lost_series[1][i])
        return point


def share_restored(peak: int, current: int) -> float | None:
    """The share of the peak back, in % to one decimal, rounded from the exact fraction (GB/T 8170: the even
    neighbour on a tie, as the brief's tonnes): round() on a float rounds 20.95 (20.9499…) down."""
    if not peak:
        return None
    exact = Decimal(100 * (peak - current)) / Decimal(peak)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN))


def share_approximate(current: int, peak_vague: bool, current_vague: bool) -> bool:
    """Whether a share restored is an estimate (约): something is still out and the peak, or what is out, is
    "more than", "at most" or about. Nothing out is exactly 100%, whatever the peak was.

    The timeline's figures and the brief's overview both mark the share by this (one 约 for one figure).
    """
    return bool(current) and (peak_vague or current_vague)


def _measure(name: str, times: list[int], values: list[int], lbs: list[int], ubs: list[int], unknowns: list[int],
             opens: list[int], lost: list[int] | None = None, worst: list[int] | None = None) -> Measure:
    """The peak, now, and when 50/90/95/100 % of the peak was back (one pass after the peak); `lost`, `worst`:
    the measure's columns of a `LostSeries`, None when no count was lost."""
    peak = max(values, default=0)
    peak_i = values.index(peak) if peak else 0   # the first time it was reached
    current = values[-1] if values else 0
    said = told(current, unknowns[-1], opens[-1]) if values else current
    peak_lb, peak_ub, peak_approx = peak_marks(values, lbs, ubs, peak)
    current_lb = bool(current) and lbs[-1] > 0
    current_ub = bool(current) and ubs[-1] > 0
    lost_now = lost[-1] if lost and values else 0
    peak_at = datetime.fromtimestamp(times[peak_i], UTC) if peak else None
    reached = _reached(times, values, worst, peak, peak_i)
    hours = {pct: (to_hours((t - peak_at).total_seconds()) if t and peak_at else None)
             for pct, t in reached.items()}
    pct_now = share_of_peak(peak, current, lost_now)
    # Not reached at worst, reached were the lost outages all back: 不详, whether and when.
    not_known = tuple(pct for pct, t in reached.items()
                      if t is None and lost_now and (peak - current) * 100 >= pct * peak)
    return Measure(name, peak, peak_at, said, peak_lb, current_lb and not current_ub, pct_now, reached, hours,
                   current_ub and not current_lb, current_lb and current_ub, peak_ub, peak_approx, lost_now,
                   not_known)


def _reached(times: list[int], values: list[int], worst: list[int] | None, peak: int, peak_i: int
             ) -> dict[int, datetime | None]:
    """When 50/90/95/100 % of the peak was first back, from the peak on.

    At an instant an outage's count is lost (`count_lost`) its units are read at worst: the outage's affected
    count, none of it back. "50% of the buildings back at 14:00" is then true whatever that outage did (at least
    10 of 15 back when at most its 5 were out), where reading what is known alone (0 out) said 100% at 14:00,
    and not counting the instant at all would hide a share the log does show. A share only a better reading
    would reach is not reached (`Measure.reached_not_known` says 不详 while the count is still lost).
    """
    reached: dict[int, datetime | None] = dict.fromkeys(THRESHOLDS)
    if not peak:
        return reached
    pending = list(THRESHOLDS)
    for i in range(peak_i, len(values)):
        restored = peak - values[i] - (worst[i] if worst is not None else 0)
        while pending and restored * 100 >= pending[0] * peak:
            reached[pending.pop(0)] = datetime.fromtimestamp(times[i], UTC)
        if not pending:
            break
    return reached


def peak_marks(values: list[int], lbs: list[int], ubs: list[int], peak: int) -> tuple[bool, bool, bool]:
    """The peak's marks (more than, at most, about), as what was out at the instants it was reached says.

    "More than" at any of them (then it exceeded it), "at most" only at all of them; both: about (rule.sum_marks).
    """
    if not peak or not (any(lbs) or any(ubs)):
        return False, False, False
    reached = [i for i, v in enumerate(values) if v == peak]
    return sum_marks(any(lbs[i] for i in reached), all(ubs[i] for i in reached))


def _grew(before: int | None, now: int | None) -> int:
    """Growth of a packed affected total (value * 2 + lower bound) between two points; 0 if unknown or fallen."""
    if before is None or now is None:
        return 0
    return max(now // 2 - before // 2, 0)


class _Spells:
    """One outage's units out, oldest spell first (each [since, units]): a fall ends the oldest spells, so a unit out
    again after its outage was all back counts from when it went out again, never over the hours it had power
    (docs/domain.md, "Outages": its hours without power leave out the spells it was back).

    Going out again is the brief's (`falls._back`): a rise from none out, or a stated figure above the last one
    stated plus the growth since. Any other rise (a stated figure above a reading off a count restored so far: 150
    back of 200, then 80 still out) is a reading that disagrees, no unit out again: the units last counted back are
    out once more, counted once, their hours so far carried on (the household-hours as drawn over the households
    interrupted, not 30 more households).
    """

    def __init__(self, start: float, units: list[tuple[float, int, int]]) -> None:
        self.start, self.units = start, units
        self.spells: list[list[float]] = []
        self.out = 0
        self.began = False
        self.backs = 0        # entries of `units` this outage added, at the end of the list, each a fall
        self.before: int | None = None  # the figure out at the point before (None: not told)
        self.grown = 0        # the affected total's highest yet
        self.level: tuple[int, int] | None = None  # the last stated figure less the growth then, and its "more than"
        self.whole = False    # at the latest point all that is out went out again (from none out), growth with it

    def went_out(self, since: float, n: int) -> None:
        """`n` units out from `since`; a spell from the outage's start goes first."""
        if n <= 0:
            return
        if since == self.start and self.spells and self.spells[0][0] == since:
            self.spells[0][1] += n
        elif since == self.start:
            self.spells.insert(0, [since, n])
        else:
            self.spells.append([since, n])
        self.out += n

    def ended(self, t: float, n: int, is_open: int = 0) -> None:
        """`n` units back at `t` (or still out then, `is_open`), each with its own time out, oldest spells first."""
        while n > 0 and self.spells:
            since, k = self.spells[0]
            take = min(int(k), n)
            self.units.append((t - since, is_open, take))
            self.backs += 1
            n, self.out = n - take, self.out - take
            if take == k:
                self.spells.pop(0)
            else:
                self.spells[0][1] = k - take
        if n > 0:  # not held by a spell (never, while `moved` keeps `out` what is out): from the start
            self.units.append((t - self.start, is_open, n))
            self.backs += 1

    def _out_once_more(self, t: float, n: int) -> int:
        """Put `n` units last counted back out again at `t`, each carrying its hours so far; what none held."""
        while n > 0 and self.backs:
            d, is_open, k = self.units[-1]
            take = min(k, n)
            if take == k:
                self.units.pop()
                self.backs -= 1
            else:
                self.units[-1] = (d, is_open, k - take)
            bisect.insort(self.spells, [t - d, take], key=_since)
            n, self.out = n - take, self.out + take
        return n

    def again(self, out: int | None, read: int, lb: int, affected2: int | None) -> int:
        """Units that went out again at this point by the brief's rule, and the point noted."""
        # Twin: falls._back's `went` and `again` read this rule in SQL for the brief's spans; change one, change the
        # other (docs/domain.md, "Going out again"; tests/timelines/test_out_again_twins.py holds them equal).
        if affected2 is not None:
            self.grown = max(self.grown, affected2 // 2)
        went, self.whole = 0, False
        if out is not None:
            if self.began and self.before == 0 and out > 0:
                went, self.whole = out, True
            elif not read and self.level is not None and not self.level[1] and out > self.level[0] + self.grown:
                went = out - self.level[0] - self.grown
            if not read or out == 0:
                self.level = (out - self.grown, lb)
        self.before = out
        return went

    def moved(self, t: float, grew: int, was: int, now: int, went: int = 0) -> int:
        """A point: the affected total grew by `grew` (found while some were out: out since the start, as before;
        once all were back: out again from `t`), `went` went out again at `t` (`again`), what is out less that came
        back, and a rise past it is a reading that disagrees (`_out_once_more`); the outage's first point is its
        start. Returns the units first counted here beside the growth (out again, or a rise none held)."""
        since = t if self.began else self.start
        if self.whole:
            grew = 0  # all that is out now went out again, growth with it
        self.went_out(self.start if was or not self.began else t, grew)
        self.went_out(t, went)
        fresh = went
        if self.out > now:
            self.ended(t, self.out - now)
        elif self.out < now:
            rest = self._out_once_more(t, now - self.out) if self.began else now - self.out
            self.went_out(since, rest)
            fresh += rest
        self.began = True
        return fresh


def _since(spell: list[float]) -> float:
    return spell[0]


class Tally:
    """Sums over the state points, outage by outage: curve changes and unit-time.

    The curve is a cumulative sum of each outage's changes (households and buildings out, open,
    of unreported size, open with a lower bound) at each instant; unit-time is what is out times
    how long it stayed so, and each fall in what is out restores that many units after (t - start).
    """

    def __init__(self, at: datetime) -> None:
        self.at = at.timestamp()
        self.changes: dict[int, dict[int, list[int]]] = {}   # scope key → t → 7 changes
        self.unit_seconds = [0.0, 0.0]                         # households, buildings
        self.units: tuple[list[tuple[float, int, int]], ...] = ([], [])  # (d, open, n)
        # Outages whose units interrupted are "more than" (a total was, or units out again were), and those still
        # out as "more than" at `at` (households, buildings): the units interrupted and still out are lower bounds.
        self.units_lb = ([0, 0], [0, 0])
        # Outages whose units' hours were counted off a "more than N still out" (households, buildings): the mean
        # per unit is a lower bound, as it is while some are still out.
        self.hours_lb = [0, 0]
        # Outages whose units' hours were counted off an "at most N still out" (read off "120余户已恢复": more may
        # have come back then, counted out until the next word): the hours and the mean per unit are at most.
        self.hours_ub = [0, 0]
        # Outages still out as "at most" at `at` (households, buildings): what is still out is at most.
        self.units_ub = [0, 0]
        # Where an outage's count is lost (count_lost), per scope key: t → changes in the outages whose households,
        # buildings count is lost, and in their households, buildings affected (a LostSeries' columns). Rare.
        self.lost: dict[int, dict[int, list[int]]] = {}

    def add(self, points: Sequence[Sequence[Any]], key: int, start: float | None = None) -> None:
        """Add one outage (POINT columns) to the curve of scope `key`, and, given its start, to
        the unit-time: each change in what is out counts from its instant to `at` (the sum of
        what was out times how long telescopes to that), each fall restores units at t - start.
        """
        changes = self.changes.setdefault(key, {})
        at = self.at
        spells_h = _Spells(start, self.units[0]) if start is not None else None
        spells_b = _Spells(start, self.units[1]) if start is not None else None
        ph = pb = po = phu = pbu = phl = pbl = phm = pbm = 0
        pah = pab = None
        uh = ub = 0.0
        sh = sb = mh = mb = xh = xb = False
        pt = None
        again = False   # all back at a point before: a count given once and given no more is lost from here
        was_lost = (0, 0, 0, 0)
        for p in points:
            t, h, b = p[1] >> 4, p[5], p[7]
            # An update at the very instant of the point before it (the outage's start, logged with the
            # same minute) is drawn a second later: the curve, its peak and the brief's keep what went out
            # before what came back (120 out and 80 back at 06:58 peak at 120, not 40).
            t_drawn = t + 1 if t == pt and t + 1 <= at else t
            pt = t
            is_open = 1 - p[9]
            hv, bv = h or 0, b or 0
            hu = is_open if h is None else 0
            bu = is_open if b is None else 0
            # Open with a count that is a lower bound (h_lb, b_lb; NULL when the count is).
            hl = is_open if p[6] else 0
            bl = is_open if p[8] else 0
            # Open with a count above 0 that is at most (h_up, b_up).
            hm = is_open if p[10] and hv else 0
            bm = is_open if p[11] and bv else 0
            change = changes.get(t_drawn)
            if change is None:
                changes[t_drawn] = [hv - ph, bv - pb, is_open - po, hu - phu, bu - pbu, hl - phl, bl - pbl,
                                    hm - phm, bm - pbm]
            else:
                change[0] += hv - ph
                change[1] += bv - pb
                change[2] += is_open - po
                change[3] += hu - phu
                change[4] += bu - pbu
                change[5] += hl - phl
                change[6] += bl - pbl
                change[7] += hm - phm
                change[8] += bm - pbm
            if spells_h is not None and spells_b is not None:
                uh += (hv - ph) * (at - t_drawn)  # the curve's integral, as drawn
                ub += (bv - pb) * (at - t_drawn)
                # What came back here, by the brief's rule (falls.py): what was out, plus what the
                # affected total grew by, less what is out (growth and restoration in one update).
                fresh_h = spells_h.moved(t, _grew(pah, p[3]), ph, hv, spells_h.again(h, p[12], p[6], p[3]))
                fresh_b = spells_b.moved(t, _grew(pab, p[4]), pb, bv, spells_b.again(b, p[13], p[8], p[4]))
                # Units interrupted are "more than" when a total was (200余), or units first counted off a "more
                # than" figure (out again, or of a size not given); an exact total stays exact whatever "60余 still
                # out" said since. That said, the hours counted off it are a lower bound: at most 140 came back then.
                sh |= bool((p[3] is not None and p[3] & 1) or (fresh_h and p[6]))
                sb |= bool((p[4] is not None and p[4] & 1) or (fresh_b and p[8]))
                mh |= bool(hv and is_open and p[14])
                mb |= bool(bv and is_open and p[15])
                xh |= bool(hm)  # counted out from here as "at most": some may have been back
                xb |= bool(bm)
            if again:
                # From the point it goes out again silent on a count until it says it again or is all back.
                lost_h = count_lost(bool(is_open), h, p[3], True)
                lost_b = count_lost(bool(is_open), b, p[4], True)
                now_lost = (int(lost_h), int(lost_b), p[3] // 2 if lost_h else 0, p[4] // 2 if lost_b else 0)
                if now_lost != was_lost:
                    lost_changes = self.lost.setdefault(key, {}).setdefault(t_drawn, [0, 0, 0, 0])
                    for j in range(4):
                        lost_changes[j] += now_lost[j] - was_lost[j]
                    was_lost = now_lost
            elif p[9]:
                again = True
            ph, pb, po, phu, pbu, phl, pbl, phm, pbm = hv, bv, is_open, hu, bu, hl, bl, hm, bm
            pah, pab = p[3], p[4]
        if spells_h is not None and spells_b is not None:
            # What is still out counts with its time so far, marked open.
            spells_h.ended(at, ph, 1)
            spells_b.ended(at, pb, 1)
            self.unit_seconds[0] += uh
            self.unit_seconds[1] += ub
            lb_h, lb_b = self.units_lb
            lb_h[0] += sh
            lb_h[1] += phl
            lb_b[0] += sb
            self.hours_lb[0] += mh
            self.hours_lb[1] += mb
            self.hours_ub[0] += xh
            self.hours_ub[1] += xb
            lb_b[1] += pbl
            self.units_ub[0] += phm
            self.units_ub[1] += pbm

    def lost_of(self, key: int | None) -> dict[int, list[int]]:
        """Where counts were lost in one scope (None: all together): t → changes of a LostSeries' columns."""
        if key is not None:
            return self.lost.get(key, {})
        merged: dict[int, list[int]] = {}
        for scope in self.lost.values():
            for t, change in scope.items():
                total = merged.setdefault(t, [0, 0, 0, 0])
                for j in range(4):
                    total[j] += change[j]
        return merged

    def series(self, key: int | None) -> Series:
        """The curve of one scope (None: all scopes together), one entry per instant."""
        if key is not None:
            changes = self.changes.get(key, {})
        elif len(self.changes) == 1:
            changes = next(iter(self.changes.values()))
        else:
            changes = {}
            for scope in self.changes.values():
                for t, (dh, db, do, dhu, dbu, dhl, dbl, dhm, dbm) in scope.items():
                    total = changes.get(t)
                    if total is None:
                        changes[t] = [dh, db, do, dhu, dbu, dhl, dbl, dhm, dbm]
                    else:
                        total[0] += dh
                        total[1] += db
                        total[2] += do
                        total[3] += dhu
                        total[4] += dbu
                        total[5] += dhl
                        total[6] += dbl
                        total[7] += dhm
                        total[8] += dbm
        times = sorted(changes)
        if not times:
            return [], [], [], [], [], [], [], [], [], []
        h, b, o, hu, bu, hl, bl, hm, bm = (list(itertools.accumulate(column))
                                           for column in zip(*[changes[t] for t in times], strict=True))
        return times, h, b, o, hu, bu, hl, bl, hm, bm


def make_curve(series: Series, at: datetime, subdistrict_id: int | None, name: str | None,
               name_en: str | None = None, lost: dict[int, list[int]] | None = None) -> Curve:
    """A curve with its two measures from a tallied series; `lost`: `Tally.lost_of` its scope."""
    times, h, b, o, hu, bu, hl, bl, hm, bm = series
    kept = _lost_series(times, lost) if lost else None
    lh, lb, wh, wb = kept if kept is not None else (None, None, None, None)
    return Curve(subdistrict_id, name, _measure("households", times, h, hl, hm, hu, o, lh, wh),
                 _measure("buildings", times, b, bl, bm, bu, o, lb, wb), max(o, default=0), at, series, name_en,
                 kept)


def _lost_series(times: list[int], changes: dict[int, list[int]]) -> LostSeries | None:
    """The running sums of `Tally.lost_of`'s changes at each of the series' instants; None if never lost."""
    columns: LostSeries = ([], [], [], [])
    running = [0, 0, 0, 0]
    for t in times:
        change = changes.get(t)
        if change is not None:
            for j in range(4):
                running[j] += change[j]
        for j in range(4):
            columns[j].append(running[j])
    return columns if any(any(c) for c in columns) else None
