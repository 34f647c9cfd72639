"""The docs' arithmetic, worked out independently: quantities, intervals, outages and disinfection."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from replay.records import Rec

# a day's last instant before its end (times are kept to the microsecond)
LAST = timedelta(microseconds=1)

Q = tuple[int, bool]          # value, "more than"
M = tuple[int, str]           # value, mark: exact, lb, ub, approx
Out = tuple[int, str, str]    # value, mark, read off "aff" (affected less back) or "told"


# ---------------------------------------------------------------- quantities
def qsum(qs: list[Q | None]) -> Q | None:
    """A sum: None when nobody gave a figure; "more than" when one is, or one gave none."""
    given = [q for q in qs if q is not None]
    if not given:
        return None
    return sum(q[0] for q in given), any(q[1] for q in given) or len(given) < len(qs)


def qtext(q: Q, unit: str = "") -> str:
    """How docs/briefs.md says a quantity is written: 1,234 / 1,234余."""
    return f"{q[0]:,}{'余' if q[1] else ''}{unit}"


def sum_marks(marks: list[str]) -> str:
    """docs/domain.md: exact + at most is at most; at most + more than is about; about stays about."""
    ms = set(marks)
    if "approx" in ms or {"lb", "ub"} <= ms:
        return "approx"
    return "lb" if "lb" in ms else "ub" if "ub" in ms else "exact"


def msum(ms: list[M]) -> M:
    """A sum of marked figures."""
    return sum(v for v, _ in ms), sum_marks([m for _, m in ms])


# ---------------------------------------------------------------- intervals
def share(v: int, s: datetime, t: datetime, x: datetime) -> int:
    """docs/domain.md: F(x) = floor(V (x - s) / (t - s)), clamped, in real seconds (a 25-hour day is 25 hours).

    docs/briefs.md: in whole seconds since 1970 of the stored instants (23:59:59.999999 is 23:59:59)."""
    x = min(max(x, s), t)
    sec = [math.floor(y.timestamp()) for y in (s, t, x)]
    return v * (sec[2] - sec[0]) // (sec[1] - sec[0])


def intervals(recs: list[Rec], fld: str, a: datetime, b: datetime) -> tuple[Q | None, Q | None]:
    """The day [a, b)'s apportioned share and the share to date of interval quantities (volumes, tonnes)."""
    period: list[Q | None] = []
    to_date: list[Q | None] = []
    for r in recs:
        s, t, q = r.data["start"], r.data["end"], r.data.get(fld)
        if s >= b:
            continue
        if q is None:
            to_date.append(None)
            if t > a:
                period.append(None)
            continue
        to_date.append((share(q[0], s, t, b), q[1]))
        if t > a:
            period.append((share(q[0], s, t, b) - share(q[0], s, t, a), q[1]))
    return qsum(period), qsum(to_date)


# ---------------------------------------------------------------- outages
def outage_out(o: Rec, ups: list[Rec], t: datetime, unit: str) -> Out | None | str:
    """Households (or buildings) of o out at t: 'no' before it began, None when not told."""
    if o.data["start"] > t:
        return "no"
    last, lost = None, False
    for u in sorted(ups, key=lambda u: u.data["at"]):
        if u.data["at"] > t:
            break
        # a count back seen after a full restoration, nothing out said between, is superseded (docs/domain.md,
        # Outages): no word on this unit
        superseded = last is not None and last.data.get("full") and not u.data.get("full") \
            and u.data.get(unit + "_out") is None and u.data.get(unit + "_back") is not None
        if u.data.get("full") or u.data.get(unit + "_out") is not None \
                or u.data.get(unit + "_back") is not None and not superseded:
            last, lost = u, False
        elif last is not None and last.data.get("full") and not superseded:
            # docs/domain.md: out again after "fully restored" with the other unit only leaves this one unknown,
            # not the full restoration's 0; otherwise an update of the other unit leaves this one as it stood
            lost = True
    if lost:
        return None
    if last is not None and last.data.get("full"):
        return 0, "exact", "told"
    if last is not None and last.data.get(unit + "_out") is not None:
        v, lb = last.data[unit + "_out"]
        return v, "lb" if lb else "exact", "told"
    aff = o.data.get(unit)
    if aff is None:
        return None
    back = last.data[unit + "_back"] if last is not None else 0
    return aff[0] - back, "lb" if aff[1] else "exact", "aff"


def restored_at(ups: list[Rec], t: datetime) -> datetime | None:
    """When o was fully restored as read at t: the full restoration it stands on then, None while out.

    docs/domain.md: the state at t is the latest update at or before t; out again after a full restoration it has
    none until the next (docs/briefs.md: `restored_in_period` is read at the day's end)."""
    since = None
    for u in sorted(ups, key=lambda u: u.data["at"]):
        if u.data["at"] > t:
            break
        if u.data.get("full"):
            since = since or u.data["at"]
        elif since is not None:  # news after a full restoration is its going out again
            since = None
    return since


def stated_before(o: Rec, ups: list[Rec], t: datetime, unit: str) -> int:
    """The last figure of o's unit out stated before t: N still out, 0 for all back, else its affected total."""
    said = None
    for u in sorted(ups, key=lambda u: u.data["at"]):
        if u.data["at"] >= t:
            break
        if u.data.get("full"):
            said = 0
        elif u.data.get(unit + "_out") is not None:
            said = u.data[unit + "_out"][0]
    aff = o.data.get(unit)
    return said if said is not None else (aff[0] if aff is not None else 0)


def fall_mark(first: Out, end: Out) -> str:
    """docs/briefs.md: what came back is first less end, marked by those two ends only."""
    pair = (first[1], end[1])
    if pair == ("lb", "lb"):
        return "exact" if first[2] == end[2] == "aff" else "approx"
    return {("exact", "exact"): "exact", ("lb", "exact"): "lb", ("exact", "lb"): "ub"}[pair]


def power(outs: list[Rec], ups: Callable[[Rec], list[Rec]], a: datetime, b: datetime, unit: str,
          peak: bool = True) -> dict[str, Any]:
    """三、电力 of the outages begun before b over the day [a, b) in unit (households or buildings)."""
    f: dict[str, Any] = {"outages_to_date": len(outs), "new_in_period": 0, "restored_in_period": 0,
                         "unknown": 0, "back_unknown": 0}
    still: list[M] = []
    falls: list[M] = []
    open_keys: list[str] = []
    for o in outs:
        o_ups = ups(o)
        # the day is [a, b): what is out at its end is what is out just before b, and what was out when it began
        # just before a (an update at 00:00 exactly is the new day's: docs/briefs.md)
        end = outage_out(o, o_ups, b - LAST, unit)
        full = restored_at(o_ups, b - LAST)
        f["new_in_period"] += a <= o.data["start"]
        f["restored_in_period"] += full is not None and a <= full < b
        if full is None or full >= b:
            open_keys.append(o.key)
            if isinstance(end, tuple):
                still.append((end[0], end[1]))
            else:
                f["unknown"] += 1
        first = outage_out(o, o_ups, a - LAST if o.data["start"] < a else o.data["start"], unit)
        if first is None:
            f["back_unknown"] += full is not None and a <= full < b
        elif isinstance(first, tuple):
            # docs/briefs.md: the two ends, unless it went out again between (a rise from none out, or more still
            # out said, after an exact figure; or out again after a full restoration silent on this unit): then the
            # sum of its falls, those known
            times = sorted({u.data["at"] for u in o_ups if a <= u.data["at"] < b})
            seq = [first] + [outage_out(o, o_ups, t, unit) for t in times]
            steps = list(zip(seq[:-1], seq[1:], strict=True))
            # docs/briefs.md: a figure stated in so many words is out again only above the last one stated (the
            # affected total, N still out, 0 when all came back), never above a reading off a count restored
            rises = [q[0] > p[0] and p[1] != "lb" and (p[0] == 0 or q[2] == "told" and q[0] > stated_before(
                o, o_ups, t, unit)) for (p, q), t in zip(steps, times, strict=True)
                if isinstance(p, tuple) and isinstance(q, tuple)]
            pairs = [(p, q) for p, q in steps if isinstance(p, tuple) and isinstance(q, tuple)]
            if any(rises) or any(isinstance(p, tuple) and q is None for p, q in steps):
                falls += [(p[0] - q[0], fall_mark(p, q)) for p, q in pairs if p[0] > q[0]]
                # docs/briefs.md (`*_back_unknown`): back from out again with this unit unsaid, its count back not
                # known: the sum back leaves it out and says so
                f["back_unknown"] += full is not None and a <= full < b and any(
                    p is None and isinstance(q, tuple) and q[0] == 0 for p, q in steps)
            elif isinstance(end, tuple) and first[0] > end[0]:
                falls.append((first[0] - end[0], fall_mark(first, end)))
    f["open_outages"] = len(open_keys)
    f["open"] = sorted(open_keys)
    f["out"] = msum(still) if still else (None if open_keys else (0, "exact"))
    f["restored"] = msum(falls) if falls else None
    if peak:
        f["peak"] = peak_out(outs, ups, b, unit)
    return f


def peak_out(outs: list[Rec], ups: Callable[[Rec], list[Rec]], b: datetime, unit: str) -> M | None:
    """The largest sum out at any instant before b ("more than" if so at any instant it was reached)."""
    best: M | None = None
    instants = sorted({o.data["start"] for o in outs} | {u.data["at"] for o in outs for u in ups(o)})
    for t in (x for x in instants if x < b):
        told = [q for q in (outage_out(o, ups(o), t, unit) for o in outs) if isinstance(q, tuple)]
        if not told:
            continue
        total = msum([(q[0], q[1]) for q in told])
        if best is None or total[0] > best[0]:
            best = total
        elif total[0] == best[0] and total[1] == "lb":
            best = (best[0], "lb")
    return best


# ---------------------------------------------------------------- disinfection
def disinfection(recs: list[Rec], a: datetime, b: datetime) -> dict[tuple[str, str], Q | None]:
    """Per category (and person-times), the day's and to date, by docs/domain.md's rounds and totals to date."""
    # rounds add up; a total to date (cumulative) replaces its place's count of each figure it gives, a round observed
    # at its very instant included (read before it); of two totals at one instant the later sent (its id) stands; a
    # place that sent one in the day has for its day the change of its total
    recs = sorted((r for r in recs if r.data["at"] < b),
                  key=lambda r: (r.data["at"], bool(r.data.get("cumulative")), r.id))

    def fig(r: Rec, cat: str) -> Q | None:
        q: Q | None = r.data["person_times"] if cat == "person_times" else r.data["counts"].get(cat)
        return q

    def to_date(rs: list[Rec], cat: str) -> dict[str, Q]:
        per: dict[str, Q] = {}
        for r in rs:
            q = fig(r, cat)
            if q is None:
                continue
            per[r.place] = q if r.data.get("cumulative") or r.place not in per else (
                per[r.place][0] + q[0], per[r.place][1] or q[1])
        return per

    out: dict[tuple[str, str], Q | None] = {}
    for cat in sorted({c for r in recs for c in r.data["counts"]} | {"person_times"}):
        end = to_date(recs, cat)
        out[(cat, "to_date")] = qsum(list(end.values())) if end else None
        start = to_date([r for r in recs if r.data["at"] < a], cat)
        told = [(r.place, q, bool(r.data.get("cumulative"))) for r in recs
                if r.data["at"] >= a and (q := fig(r, cat)) is not None]
        if not told:
            out[(cat, "period")] = None
            continue
        cum = {p for p, _, c in told if c}
        value = 0
        for place in {p for p, _, _ in told}:
            if place in cum:
                value += end[place][0] - (start[place][0] if place in start else 0)
            else:
                value += sum(q[0] for p, q, _ in told if p == place)
        out[(cat, "period")] = (value, any(q[1] for _, q, _ in told))
    # docs/briefs.md: staff on duty is a head count of each report's day, the day's reports' sum whatever their
    # `cumulative`, to date the days' sum (only where a replay sends staff)
    if any("staff" in r.data for r in recs):
        for label, rs in (("period", [r for r in recs if r.data["at"] >= a]), ("to_date", recs)):
            named = [r.data["staff"] for r in rs if r.data.get("staff")]
            out[("staff", label)] = qsum(named) if named else None
    return out
