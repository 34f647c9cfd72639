"""An outsider's replay aimed at where a brief's arithmetic is hardest: corrections and retractions after a cut-off.

Reads only docs/ (api.md, api-reports.md, domain.md, briefs.md). A district of four subdistricts and towns, three
days of a rainstorm (briefs at 08:00), every report sent with a coordinator's token and a stated `reported_at`:
reports a brief already counted corrected through `If-Match` (an outage's size, a volume, an operation's end and
people, a total to date lowered, an update moved to its outage) or retracted (an outage, a volume, a clearance, a round,
an operation with its volumes, a full restoration, a zero report), some restored, sent back; an outage update edited
from "still out" to "fully restored" and back; several late, backdated reports on one cut day (one a second past the
cut-off, one at its second, one two days late); partial and full restorations, an outage out again after a full
restoration and back, another out again and still out, outages of no stated size; volumes of one operation over
overlapping and adjacent hours across a midnight, the operation ended by a correction, one ended at 24:00 exactly,
another still running; disinfection counts with "more than" lower bounds, totals to date, a round without
person-times; debris in tonnes over a midnight; activities; zero reports (one followed by late data, one late).
`incidents scheduler --once --as-of <due>` before each brief (--catchup: one run for the first two days), then a
revision of each day. Every figure each brief's JSON exposes that the docs define (power in households and
buildings, the peak, its note and its share, counts, 上期 and the falls, pumping, debris, disinfection,
二、分街道's rows, the trend and its `revised`, the zero-report board, the late list, sent-back reports, reports
used, activities, each revision's changes) is worked out here from the script's own ledger of what it sent,
nothing of the product (nor of scripts/replay's model) imported. Then (with --user and --password) every brief's
Markdown, text, DOCX, page and PDF, zh and en, is held to its JSON (awkward_documents.py). Run through
scripts/awkward-replay (gunicorn, SQLite or PostgreSQL).

    python scripts/awkward_replay.py --base http://127.0.0.1:51100 --token il_...
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from awkward_documents import FORMATS, Reader, check_all
from replay.client import INCIDENTS, Api
from replay.compare import marked as jmark  # the brief's JSON read as the other replays read it
from replay.compare import qty

ZONE = ZoneInfo("Asia/Shanghai")
DAYS = [date(2024, 6, 10), date(2024, 6, 11), date(2024, 6, 12)]
FAR = datetime(2999, 1, 1, tzinfo=UTC)     # a revision compiled now counts every report
LAST = timedelta(microseconds=1)
SUBS = [("甲街道", ["甲一社区", "甲二社区"]), ("乙街道", ["乙一社区", "乙二社区"]), ("丙镇", ["丙村"]),
        ("丁镇", ["丁村"])]  # 丁镇 sends one zero report, late
SUB_OF = {c: i for i, (_, cs) in enumerate(SUBS) for c in cs}

Q = tuple[int, bool]  # value, "more than"


def at(text: str) -> datetime:
    """A local wall time of June 2024, "06-10 14:00[:ss]"."""
    fmt = "%m-%d %H:%M:%S" if text.count(":") == 2 else "%m-%d %H:%M"
    return datetime.strptime(text, fmt).replace(year=2024, tzinfo=ZONE)


def iso(t: datetime) -> str:
    """A time as sent: ISO 8601 with its offset."""
    return t.astimezone(ZONE).isoformat()


def bounds(d: date) -> tuple[datetime, datetime]:
    """The local day [00:00, 24:00)."""
    a = datetime(d.year, d.month, d.day, tzinfo=ZONE)
    return a, a + timedelta(days=1)


def due(d: date) -> datetime:
    """The brief of d is due at 08:00 the next day."""
    return bounds(d)[1] + timedelta(hours=8)


# ------------------------------------------------------------------ the ledger of what was sent
@dataclass
class Rec:
    """One report as sent and as it stands now."""
    key: str
    kind: str
    place: str
    reported: datetime
    data: dict[str, Any]
    id: int = 0
    live: bool = True
    returned: bool = False   # sent back (退回): counts nowhere, listed under data quality
    # (the moment a change was made in the replay's order, what): a change's moment is the brief phase it fell in
    changes: list[tuple[int, str]] = field(default_factory=list)
    before: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    @property
    def sub(self) -> int:
        return SUB_OF.get(self.place, next((i for i, (n, _) in enumerate(SUBS) if n == self.place), -1))

    def first(self) -> datetime:
        """Its first moment: observed, an outage's start, an interval's start."""
        d = self.data
        return d.get("at") or d["start"]


class Ledger:
    """Every report sent, and the docs' arithmetic over them."""

    def __init__(self) -> None:
        self.recs: dict[str, Rec] = {}

    def counted(self, r: Rec) -> bool:
        """Live, and so is its outage or operation (docs/briefs.md: a volume counts only while its operation does)."""
        p = self.recs.get(r.data.get("outage") or r.data.get("op") or "")
        return r.live and not r.returned and (p is None or (p.live and not p.returned))

    def known(self, cut: datetime, kind: str) -> list[Rec]:
        return [r for r in self.recs.values() if r.kind == kind and self.counted(r) and r.reported <= cut]

    def ups(self, cut: datetime, o: Rec) -> list[Rec]:
        return sorted((u for u in self.known(cut, "outage_update") if u.data["outage"] == o.key),
                      key=lambda u: u.data["at"])


# ------------------------------------------------------------------ the docs' arithmetic
UNK = -1  # what is out of an outage that gave no count of the unit (户数、栋数未报)


def affected(o: Rec, ups: list[Rec], t: datetime, unit: str) -> int | None:
    """docs/domain.md, Outages: affected is the latest figure given, by the outage or an update that states one."""
    v = o.data[unit]
    for u in ups:
        if u.data["at"] > t:
            break
        if u.data.get(unit + "_aff") is not None:
            v = u.data[unit + "_aff"]
    return v


def state(o: Rec, ups: list[Rec], t: datetime, unit: str) -> int | None:
    """docs/domain.md, Outages: what of o is out at t, read off the latest update at or before t (None: not begun).

    An update's restored count is what is back so far (affected less it); "N still out" and a full restoration
    are stated figures; an update silent on the unit leaves it as it stood."""
    if o.data["start"] > t:
        return None
    v = UNK if o.data[unit] is None else o.data[unit]
    for u in ups:
        if u.data["at"] > t:
            break
        if u.data.get("full"):
            v = 0
        elif u.data.get(unit + "_out") is not None:
            v = u.data[unit + "_out"]
        elif u.data.get(unit + "_back") is not None:
            aff = affected(o, ups, u.data["at"], unit)
            v = UNK if aff is None else aff - u.data[unit + "_back"]
    return v


def restored_since(ups: list[Rec], t: datetime) -> datetime | None:
    """The full restoration o stands on at t (None while out): news of power out after it is its going out again."""
    since = None
    for u in ups:
        if u.data["at"] > t:
            break
        since = (since or u.data["at"]) if u.data.get("full") else None
    return since


def day_falls(o: Rec, ups: list[Rec], a: datetime, b: datetime, unit: str) -> tuple[int, int, bool]:
    """docs/briefs.md, "What came back": (back, out again, some came back after it last went out again) in [a, b).

    Out before − back + new + out again = out now; going out again is a rise from none out or a figure stated in
    so many words above the last one stated (the affected total, N still out, 0 when all came back)."""
    start = o.data["start"]
    if start >= b or o.data[unit] is None:  # an outage silent on the unit: its fall is not known
        return 0, 0, False
    t0 = a - LAST if start < a else start
    prev = state(o, ups, t0, unit)
    assert prev is not None
    stated = o.data[unit]
    for u in ups:
        if u.data["at"] <= t0:
            if u.data.get("full"):
                stated = 0
            elif u.data.get(unit + "_out") is not None:
                stated = u.data[unit + "_out"]
    back = again = 0
    fell_after_rise = False
    for u in ups:
        if not t0 < u.data["at"] < b:
            continue
        now = state(o, ups, u.data["at"], unit)
        assert now is not None
        says = 0 if u.data.get("full") else u.data.get(unit + "_out")
        grown = (affected(o, ups, u.data["at"], unit) or 0) - (affected(o, ups, u.data["at"] - LAST, unit) or 0)
        rise = now > prev and (prev == 0 or (says is not None and says > stated))
        if grown > 0 and not rise:
            prev += grown  # docs/domain.md: a total found grown while some are still out: out, only uncounted
        if rise:
            again += now - prev
            fell_after_rise = False
        elif now < prev:
            back += prev - now
            fell_after_rise = True
        if says is not None:
            stated = says
        prev = now
    return back, again, fell_after_rise


M = tuple[int, str]  # value, mark: exact, lb ("more than"), ub ("at most"), approx ("about")


def msum(parts: list[M | None]) -> M | None:
    """docs/domain.md, Sums: None when nobody gave a figure; a part not given makes it "more than"; exact + at most
    is at most, at most + more than is about (rule.sum_marks)."""
    given = [m for m in parts if m is not None]
    if not given:
        return None
    marks = {m for _, m in given} | ({"lb"} if len(given) < len(parts) else set())
    mark = ("approx" if "approx" in marks or {"lb", "ub"} <= marks else "lb" if "lb" in marks
            else "ub" if "ub" in marks else "exact")
    return sum(v for v, _ in given), mark


def difference(end: Q, start: Q | None) -> M:
    """docs/domain.md: a total to date's change over the day, marked as a difference is: a "more than" total
    replaced makes it "at most", "more than" both ways "about"."""
    if start is None:
        return end[0], "lb" if end[1] else "exact"
    marks = {(False, False): "exact", (True, False): "lb", (False, True): "ub", (True, True): "approx"}
    return end[0] - start[0], marks[(end[1], start[1])]


def reads_lower(now: Q | None, before: Q | None) -> bool:
    """docs/domain.md, Figures against the previous brief: a smaller number, or the same without its 余."""
    if before is None:
        return False
    if now is None:
        return False
    return now[0] < before[0] or (now[0] == before[0] and before[1] and not now[1])


def share(v: int, s: datetime, t: datetime, x: datetime) -> int:
    """docs/domain.md, Quantities over intervals: F(x) = ⌊V (x − s) / (t − s)⌋ in whole seconds, clamped."""
    x = min(max(x, s), t)
    ss, tt, xx = (int(y.timestamp()) for y in (s, t, x))
    return v * (xx - ss) // (tt - ss)


def qsum(qs: list[Q | None]) -> Q | None:
    """A sum: None when nobody gave a figure; "more than" when one is, or one gave none (docs/domain.md, Sums)."""
    given = [q for q in qs if q is not None]
    if not given:
        return None
    return sum(q[0] for q in given), any(q[1] for q in given) or len(given) < len(qs)


class Brief:
    """The figures docs/briefs.md says the brief of day d, cut off at cut, holds."""

    def __init__(self, w: Ledger, d: date, cut: datetime, prev_first_cut: datetime | None):
        self.w, self.d, self.cut = w, d, cut
        self.a, self.b = bounds(d)
        self.prev_first_cut = prev_first_cut

    # ---- power
    def outages(self, sub: int | None = None) -> list[Rec]:
        return [o for o in self.w.known(self.cut, "outage") if o.data["start"] < self.b
                and (sub is None or o.sub == sub)]

    def power(self, sub: int | None = None) -> dict[str, Any]:
        f: dict[str, Any] = {}
        outs = self.outages(sub)
        end = self.b - LAST
        opens = [o for o in outs if restored_since(self.w.ups(self.cut, o), end) is None]
        f["open_outages"] = len(opens)
        f["restored_in_period"] = sum(
            1 for o in outs if (r := restored_since(self.w.ups(self.cut, o), end)) is not None and self.a <= r)
        f["new_in_period"] = sum(1 for o in outs if o.data["start"] >= self.a)
        f["outages_to_date"] = len(outs)
        f["restored_to_date"] = len(outs) - len(opens)
        partial = 0
        for unit in ("households", "buildings"):
            outs_now = [state(o, self.w.ups(self.cut, o), end, unit) or 0 for o in opens]
            # docs/domain.md: 未报 when every open outage is silent on it, never 0; 0 when none is open
            told = [v for v in outs_now if v != UNK]
            f[f"{unit}_out"] = (sum(told), False) if told or not opens else None
            f[f"{unit}_unknown"] = sum(1 for v in outs_now if v == UNK)
            falls = [day_falls(o, self.w.ups(self.cut, o), self.a, self.b, unit) for o in outs]
            back = sum(x[0] for x in falls)
            f[f"{unit}_restored"] = (back, False) if back else None
            # docs/briefs.md: an outage fully back in the day that never gave that count is left out, said beside
            f[f"{unit}_back_unknown"] = sum(
                1 for o in outs if o.data[unit] is None and (r := restored_since(self.w.ups(self.cut, o), end))
                is not None and self.a <= r)
            affs = [affected(o, self.w.ups(self.cut, o), end, unit) for o in outs]
            f[f"{unit}_affected"] = (sum(v for v in affs if v is not None), False)
            f[f"{unit}_affected_unknown"] = sum(1 for v in affs if v is None)
            f[f"{unit}_again"] = sum(x[1] for x in falls)
            if unit == "households":
                partial = sum(1 for o, x in zip(outs, falls, strict=True) if o in opens and x[2]
                              and (state(o, self.w.ups(self.cut, o), end, unit) or 0)
                              < (affected(o, self.w.ups(self.cut, o), end, unit) or 0))
        f["partial_in_period"] = partial
        if sub is None:
            for unit in ("households", "buildings"):
                f[f"peak_{unit}"], f[f"peak_{unit}_unknown"] = self.peak(outs, unit, opens)
                pk, out = f[f"peak_{unit}"][0], (f[f"{unit}_out"] or (0, False))[0]
                f[f"pct_restored_{unit}"] = float(round(Fraction(pk - out, pk) * 1000) / 10) if pk else None
        return f

    def peak(self, outs: list[Rec], unit: str, opens: list[Rec]) -> tuple[Q, int]:
        """The most out at any instant to date, and beside it the outages of unknown size out at an instant it was
        reached or still out now, whichever is more (docs/briefs.md, `power._window_max`)."""
        best, unknown = 0, 0
        instants = {o.data["start"] for o in outs} | {u.data["at"] for o in outs for u in self.w.ups(self.cut, o)}
        for t in sorted(x for x in instants if x < self.b):
            states = [state(o, self.w.ups(self.cut, o), t, unit) for o in outs]
            total = sum(v for v in states if v is not None and v != UNK)
            silent = sum(1 for v in states if v == UNK)
            if total > best:
                best, unknown = total, silent
            elif total == best:
                unknown = max(unknown, silent)
        now = sum(1 for o in opens if state(o, self.w.ups(self.cut, o), self.b - LAST, unit) == UNK)
        return (best, False), max(unknown, now)

    # ---- pumping
    def operations(self, sub: int | None = None) -> list[Rec]:
        return [p for p in self.w.known(self.cut, "pumping") if p.data["start"] < self.b
                and (sub is None or p.sub == sub)]

    def pumping(self, sub: int | None = None) -> dict[str, Any]:
        ops = self.operations(sub)
        active = [p for p in ops if p.data.get("end") is None or p.data["end"] > self.a]
        vols = [v for v in self.w.known(self.cut, "pumping_volume") if self.w.recs[v.data["op"]] in ops]
        f: dict[str, Any] = {
            "active": len(active), "operations_to_date": len(ops),
            "still_pumping": sum(1 for p in active if p.data.get("end") is None or p.data["end"] > self.b),
            "people": qsum([p.data["people"] for p in active]) if active else None,
            "pumps": qsum([p.data["pumps"] for p in active]) if active else None,
            "unmeasured": sum(1 for p in ops if not any(v.data["op"] == p.key and v.data["start"] < self.b
                                                        for v in vols)),
        }
        f["volume_reports_in_period"] = sum(1 for v in vols if v.data["start"] < self.b and v.data["end"] > self.a)
        f["volume_m3"] = self.intervals(vols, "m3")
        return f

    def intervals(self, recs: list[Rec], fld: str) -> dict[str, Any]:
        """docs/briefs.md, Figures: the day's shares and to date; approx where the day cuts an interval."""
        period: list[Q | None] = []
        to_date: list[Q | None] = []
        ap_p = ap_t = False
        for r in recs:
            s, t, q = r.data["start"], r.data["end"], r.data[fld]
            if s >= self.b:
                continue
            to_date.append((share(q[0], s, t, self.b), q[1]))
            ap_t |= t > self.b
            if t > self.a:
                period.append((share(q[0], s, t, self.b) - share(q[0], s, t, self.a), q[1]))
                ap_p |= s < self.a or t > self.b
        return {"period": qsum(period), "to_date": qsum(to_date), "period_approx": ap_p and bool(period),
                "to_date_approx": ap_t}

    # ---- debris
    def debris(self, sub: int | None = None) -> dict[str, Any]:
        recs = [r for r in self.w.known(self.cut, "debris") if sub is None or r.sub == sub]
        f: dict[str, Any] = {"mass_kg": self.intervals(recs, "kg"), "truckloads": self.intervals(recs, "loads")}
        reach = [r for r in recs if r.data["start"] < self.b and r.data["end"] > self.a]
        begun = [r for r in recs if r.data["start"] < self.b]
        # docs/domain.md: people and vehicles in full on each day a clearance reaches, once in the total to date
        for fld in ("people", "vehicles"):
            f[fld] = {"period": qsum([r.data[fld] for r in reach]), "to_date": qsum([r.data[fld] for r in begun])}
        f["reports_in_period"] = len(reach)
        f["reports_to_date"] = len(begun)
        return f

    # ---- disinfection
    def disinfection(self) -> dict[str, dict[str, M | None]]:
        """docs/briefs.md, Disinfection: per place and category rounds add up; a total to date replaces every count
        observed before it or at its instant; the day's figure is the change of a place's total over the day."""
        recs = sorted((r for r in self.w.known(self.cut, "disinfection") if r.data["at"] < self.b),
                      key=lambda r: (r.data["at"], r.data["cumulative"], r.id))

        def fig(r: Rec, cat: str) -> Q | None:
            return r.data["person_times"] if cat == "person_times" else r.data["counts"].get(cat)

        def totals(rs: list[Rec], cat: str) -> dict[str, Q | None]:
            """Each place's figure to date: its parts since its last total to date (a part None: a round that gave
            no person-times, which makes the sum "more than"; a round naming no category adds nothing to it)."""
            parts: dict[str, list[Q | None]] = {}
            for r in rs:
                q = fig(r, cat)
                if q is None and cat != "person_times":
                    continue
                if r.data["cumulative"] and q is not None:
                    parts[r.place] = [q]
                else:
                    parts.setdefault(r.place, []).append(q)
            return {place: qsum(ps) for place, ps in parts.items()}

        def m(q: Q | None) -> M | None:
            return None if q is None else (q[0], "lb" if q[1] else "exact")

        out: dict[str, dict[str, M | None]] = {}
        cats = sorted({c for r in recs for c in r.data["counts"]}) + ["person_times"]
        for cat in cats:
            end = totals(recs, cat)
            day = [r for r in recs if r.data["at"] >= self.a and (cat == "person_times" or cat in r.data["counts"])]
            start = totals([r for r in recs if r.data["at"] < self.a], cat)
            f: dict[str, M | None] = {"to_date": m(qsum(list(end.values()))) if end else None}
            if not day:
                f["period"] = None
            else:
                parts: list[M | None] = []
                for place in {r.place for r in day}:
                    mine = [r for r in day if r.place == place]
                    if any(r.data["cumulative"] and fig(r, cat) is not None for r in mine):
                        e = end.get(place)
                        parts.append(None if e is None else difference(e, start.get(place)))
                    else:
                        parts += [m(fig(r, cat)) for r in mine]
                f["period"] = msum(parts)
            out[cat] = f
        return out

    # ---- 二、分街道, the board, quality
    def with_data(self, sub: int | None = None) -> list[Rec]:
        """Counted reports with data observed in the day, an interval reaching into it (volumes, clearances), or
        sent in it (docs/briefs.md, The zero-report board)."""
        found = []
        for r in self.w.recs.values():
            if not self.w.counted(r) or r.reported > self.cut or r.kind == "zero_report":
                continue
            if sub is not None and r.sub != sub:
                continue
            if r.kind in ("pumping_volume", "debris"):
                touches = r.data["start"] < self.b and r.data["end"] > self.a
            else:
                touches = self.a <= r.first() < self.b
            if touches or self.a <= r.reported < self.b:
                found.append(r)
        return found

    def board(self) -> tuple[list[str], list[str]]:
        data = {r.sub for r in self.with_data()}
        zero = {r.sub for r in self.w.known(self.cut, "zero_report") if r.data["day"] == self.d}
        return ([SUBS[i][0] for i in sorted(zero - data)],
                [SUBS[i][0] for i in range(len(SUBS)) if i not in data and i not in zero])

    def late(self) -> list[str]:
        """Stamped after the day before's first cut-off and by this one, first moment before this day (on or after
        the event's first day, which has a brief)."""
        if self.prev_first_cut is None:
            return []
        keys = []
        for r in self.w.recs.values():
            day = r.data["day"] if r.kind == "zero_report" else r.first().astimezone(ZONE).date()
            if self.w.counted(r) and self.prev_first_cut < r.reported <= self.cut and DAYS[0] <= day < self.d:
                keys.append(r.key)
        return sorted(keys)

    def returned(self) -> list[str]:
        """docs/briefs.md: each report sent back, observed by the day's end and still sent back at compiling."""
        return sorted(r.key for r in self.w.recs.values() if r.returned and r.live and r.reported <= self.cut
                      and (r.data["day"] <= self.d if r.kind == "zero_report" else r.first() < self.b))

    def activities(self) -> int:
        return sum(1 for r in self.w.known(self.cut, "activity") if self.a <= r.data["at"] < self.b)


def revision_counts(w: Ledger, d: date, since_phase: int) -> tuple[int, int, int, int, int]:
    """docs/briefs.md: a revision's 新纳入 (received after the first's cut-off, bearing on the day), then the earlier
    reports bearing on the day corrected, retracted, sent back or restored since (each once, by where it stands now)."""
    a, b = bounds(d)
    cut = due(d)

    def bears(r: Rec, data: dict[str, Any]) -> bool:
        if r.kind == "zero_report":
            return bool(data["day"] == d)
        first = data.get("at") or data["start"]
        return (a <= first if r.kind == "activity" else True) and first < b

    added = sum(1 for r in w.recs.values() if w.counted(r) and r.reported > cut and bears(r, r.data))
    changed = [r for r in w.recs.values() if r.reported <= cut
               and (bears(r, r.data) or any(bears(r, x) for p, x in r.before if p >= since_phase))
               and any(p >= since_phase for p, _ in r.changes)]
    retracted = sum(1 for r in changed if not r.live)
    returned = sum(1 for r in changed if r.live and r.returned)
    restored = sum(1 for r in changed if r.live and not r.returned
                   and any(p >= since_phase and x == "restore" for p, x in r.changes))
    return added, len(changed) - retracted - returned - restored, retracted, returned, restored


# ------------------------------------------------------------------ reading the brief's JSON
def parse(text: str) -> datetime:
    """An instant the API wrote."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def marked(q: Q | None, approx: bool) -> tuple[int, bool, bool] | None:
    """A figure with its estimate's mark: (value, more than, approx)."""
    return None if q is None else (q[0], q[1], approx)


def marked_json(j: dict[str, Any] | None) -> tuple[int, bool, bool] | None:
    """A brief's Qty as (value, more than, approx); None for 未报."""
    q = qty(j)
    return None if q is None or j is None else (q[0], q[1], bool(j.get("approx")))


class Replay:
    """The scenario sent in order, each brief compiled and compared."""

    def __init__(self, base: str, token: str, catchup: bool = False, reader: Reader | None = None):
        self.api = Api(base, token)
        self.reader = reader    # the documents read and held to each brief's JSON
        # the scheduler down on the 11th: the briefs of the 10th and the 11th made by one catch-up on the 12th
        self.catchup = catchup
        self.pending: list[date] = []
        self.first_phase: dict[date, int] = {}
        self.w = Ledger()
        self.problems: list[str] = []
        self.phase = 0          # 0: before the first brief; n: after the n-th compile
        self.places: dict[str, int] = {}
        self.subs: list[int] = []
        self.event = 0
        self.briefs: dict[date, list[dict[str, Any]]] = {}   # each day's revisions' content, in order
        self.brief_ids: list[tuple[int, dict[str, Any]]] = []   # every brief compiled, with its content
        self.ids: dict[int, str] = {}

    # ---- sending
    def send(self, key: str, kind: str, place: str, reported: str, body: dict[str, Any], **data: Any) -> Rec:
        rep = at(reported)
        full = {"kind": kind, "reported_at": iso(rep), **body}
        if kind not in ("pumping_volume", "outage_update", "zero_report"):
            full["area_id"] = self.places[place]
        r = self.api.call("POST", f"/events/{self.event}/reports", full, headers={"Idempotency-Key": key})
        rec = Rec(key, kind, place, rep, data, r.json()["id"])
        self.w.recs[key] = rec
        self.ids[rec.id] = key
        return rec

    def outage(self, key: str, place: str, reported: str, start: str, hh: int | None, bl: int | None) -> None:
        body: dict[str, Any] = {"started_at": iso(at(start))}
        if hh is not None:
            body["households_affected"] = hh
        if bl is not None:
            body["buildings_affected"] = bl
        self.send(key, "outage", place, reported, body, start=at(start), households=hh, buildings=bl)

    def update(self, key: str, outage: str, reported: str, when: str, full: bool = False,
               back: tuple[int, int] | None = None, out: tuple[int, int] | None = None,
               aff: tuple[int, int] | None = None) -> None:
        o = self.w.recs[outage]
        body: dict[str, Any] = {"outage_id": o.id, "observed_at": iso(at(when))}
        data: dict[str, Any] = {"outage": outage, "at": at(when), "full": full}
        if full:
            body["fully_restored"] = True
        if back:
            body["households_restored"], body["buildings_restored"] = back
            data["households_back"], data["buildings_back"] = back
        if out:
            body["households_out"], body["buildings_out"] = out
            data["households_out"], data["buildings_out"] = out
        if aff:
            body["households_affected"], body["buildings_affected"] = aff
            data["households_aff"], data["buildings_aff"] = aff
        self.send(key, "outage_update", o.place, reported, body, **data)

    def operation(self, key: str, place: str, reported: str, start: str, people: int, pumps: int,
                  end: str | None = None) -> None:
        body: dict[str, Any] = {"team": "排水抢险队", "observed_at": iso(at(start)), "people": people, "pumps": pumps}
        if end:
            body["ended_at"] = iso(at(end))
        self.send(key, "pumping", place, reported, body, start=at(start), end=at(end) if end else None,
                  people=(people, False), pumps=(pumps, False))

    def volume(self, key: str, op: str, reported: str, start: str, end: str, m3: Q) -> None:
        p = self.w.recs[op]
        self.send(key, "pumping_volume", p.place, reported,
                  {"operation_id": p.id, "period_start": iso(at(start)), "period_end": iso(at(end)),
                   "volume_m3": f"{m3[0]}余" if m3[1] else m3[0]},
                  op=op, start=at(start), end=at(end), m3=m3)

    def disinfect(self, key: str, place: str, reported: str, when: str, counts: dict[str, Q],
                  person_times: Q | None, cumulative: bool = False) -> None:
        body: dict[str, Any] = {"observed_at": iso(at(when)), "cumulative": cumulative,
                                "counts": {c: [q[0], q[1]] for c, q in counts.items()}}
        if person_times is not None:
            body["person_times"] = f"{person_times[0]}+" if person_times[1] else person_times[0]
        self.send(key, "disinfection", place, reported, body, at=at(when), counts=dict(counts),
                  person_times=person_times, cumulative=cumulative)

    def debris(self, key: str, place: str, reported: str, start: str, end: str, tonnes: str, kg: int,
               loads: int, people: int, vehicles: int | None) -> None:
        body: dict[str, Any] = {"period_start": iso(at(start)), "period_end": iso(at(end)), "mass_t": tonnes,
                                "truckloads": loads, "people": people}
        if vehicles is not None:
            body["vehicles"] = vehicles
        self.send(key, "debris", place, reported, body, start=at(start), end=at(end), kg=(kg, "余" in tonnes),
                  loads=(loads, False), people=(people, False),
                  vehicles=None if vehicles is None else (vehicles, False))

    def activity(self, key: str, place: str, reported: str, when: str, title: str, micro: int = 0) -> None:
        t = at(when).replace(microsecond=micro)
        self.send(key, "activity", place, reported, {"observed_at": iso(t), "title": title}, at=t)

    def zero(self, key: str, sub: int, reported: str, day: date) -> None:
        self.send(key, "zero_report", SUBS[sub][0], reported, {"area_id": self.subs[sub],
                                                                "period_day": day.isoformat()}, day=day)

    # ---- changing
    def fix(self, key: str, body: dict[str, Any], **data: Any) -> None:
        """A correction through If-Match on the ETag just read (a stale one first: 412, nothing saved)."""
        r = self.w.recs[key]
        path = f"/reports/{r.id}"
        got = self.api.call("GET", path)
        etag = got.headers["ETag"]
        version = int(etag.strip('W/"').split(":")[0])
        stale = f'"{version - 1}"' if version > 1 else f'"{version + 1}"'
        self.api.call("PATCH", path, body, want=(412,), headers={"If-Match": stale})
        done = self.api.call("PATCH", path, body, headers={"If-Match": etag})
        if done.json().get("version") != version + 1:
            self.problems.append(f"{key}: a correction on {etag} made version {done.json().get('version')}")
        r.before.append((self.phase, dict(r.data)))
        r.data.update(data)
        r.changes.append((self.phase, "fix"))
        r.returned = False  # docs/api-reports.md: correcting a report sent back puts it back up for review

    def retract(self, key: str) -> None:
        r = self.w.recs[key]
        self.api.call("POST", f"/reports/{r.id}/retract", {"reason": "重复或有误"})
        r.live = False
        r.changes.append((self.phase, "retract"))

    def send_back(self, key: str) -> None:
        r = self.w.recs[key]
        self.api.call("POST", f"/reports/{r.id}/return", {"reason": "时间有误，请核实"})
        r.returned = True
        r.changes.append((self.phase, "return"))

    def restore(self, key: str) -> None:
        r = self.w.recs[key]
        self.api.call("POST", f"/reports/{r.id}/restore", {})
        r.live = True
        r.changes.append((self.phase, "restore"))

    # ---- compiling and comparing
    def compile(self, d: date) -> None:
        """The scheduler's run at d's due time (each day due and not compiled yet), each brief made held at once."""
        if self.catchup and d == DAYS[0]:
            self.pending.append(d)
            return
        subprocess.run([INCIDENTS, "scheduler", "--once", "--as-of", due(d).isoformat()], check=True,
                       capture_output=True)
        listing = self.api.call("GET", f"/events/{self.event}/briefs").json()
        for x in [*self.pending, d]:
            day = next(y for y in listing["days"] if y["day"] == x.isoformat())
            if not day["briefs"]:
                self.problems.append(f"{x}: no brief after the scheduler's run as of {due(d)}")
                continue
            b = day["briefs"][-1]
            c: dict[str, Any] = self.api.call("GET", f"/briefs/{b['id']}/json").json()["content"]
            self.briefs.setdefault(x, []).append(c)
            self.brief_ids.append((b["id"], c))
            self.judge(x, c, due(x))
        self.phase += 1
        for x in [*self.pending, d]:
            self.first_phase[x] = self.phase
        self.pending = []

    def recompile(self, d: date) -> dict[str, Any]:
        first = self.briefs[d][0]
        listing = self.api.call("GET", f"/events/{self.event}/briefs").json()
        day = next(x for x in listing["days"] if x["day"] == d.isoformat())
        asked = self.api.call("POST", f"/briefs/{day['briefs'][-1]['id']}/recompile", {}, want=(202,))
        subprocess.run([INCIDENTS, "scheduler", "--once"], check=True, capture_output=True)
        job = self.api.call("GET", asked.headers["Location"]).json()
        if job.get("status") != "done":
            raise SystemExit(f"recompile of {d}: {job}")
        bid = self.api.call("GET", job["brief_url"]).json()["id"]
        c: dict[str, Any] = self.api.call("GET", f"/briefs/{bid}/json").json()["content"]
        assert c["header"]["revision"] > first["header"]["revision"]
        self.briefs[d].append(c)
        self.brief_ids.append((bid, c))
        self.judge(d, c, FAR)
        self.phase += 1
        return c

    def judge(self, d: date, c: dict[str, Any], cut: datetime) -> None:
        """Hold a brief just compiled against the ledger as it stands now (a report counts as it stands then)."""
        i = DAYS.index(d)
        self.compare(d, c, Brief(self.w, d, cut, due(DAYS[i - 1]) if i else None))
        self.headline(d, c)

    def check(self, d: date, c: dict[str, Any], what: str, want: Any, got: Any) -> None:
        if want != got:
            self.problems.append(f"{d} rev{c['header']['revision']} {what}: expected {want!r}, got {got!r}")

    def previous_of(self, d: date, c: dict[str, Any]) -> dict[str, Any] | None:
        """上期: the latest revision of the day before's brief cut off at or before this one's cut-off."""
        i = DAYS.index(d)
        if i == 0:
            return None
        cut = c["header"]["cutoff"]
        ok = [p for p in self.briefs[DAYS[i - 1]] if p["header"]["cutoff"] <= cut]
        return ok[-1] if ok else None

    def compare(self, d: date, c: dict[str, Any], m: Brief, late: bool = True) -> None:
        def chk(what: str, want: Any, got: Any) -> None:
            self.check(d, c, what, want, got)

        prev = self.previous_of(d, c)
        # power
        p, f = c["power"], m.power()
        for k in ("open_outages", "restored_in_period", "new_in_period", "outages_to_date", "restored_to_date",
                  "partial_in_period"):
            chk(f"power.{k}", f[k], p.get(k, 0))
        for unit in ("households", "buildings"):
            chk(f"power.{unit}_out", f[f"{unit}_out"], qty(p[f"{unit}_out"]))
            chk(f"power.{unit}_restored", f[f"{unit}_restored"], qty(p[f"{unit}_restored"]))
            chk(f"power.{unit}_affected", f[f"{unit}_affected"], qty(p[f"{unit}_affected"]))
            chk(f"power.peak_{unit}", f[f"peak_{unit}"], qty(p[f"peak_{unit}"]))
            for k in (f"{unit}_unknown", f"{unit}_back_unknown", f"{unit}_affected_unknown", f"peak_{unit}_unknown"):
                chk(f"power.{k}", f[k], p.get(k, 0))
            chk(f"power.pct_restored_{unit}", f[f"pct_restored_{unit}"], p.get(f"pct_restored_{unit}"))
            if prev is not None:
                chk(f"power.previous_{unit}_affected", qty(prev["power"][f"{unit}_affected"]),
                    qty(p.get(f"previous_{unit}_affected")))
        chk("power.open", sorted(o.key for o in m.outages() if restored_since(m.w.ups(m.cut, o), m.b - LAST) is None),
            sorted(self.ids.get(o["outage_id"], "?") for o in p["open"]))
        if prev is not None:
            for unit in ("households", "buildings"):
                chk(f"power.previous_peak_{unit}", qty(prev["power"][f"peak_{unit}"]),
                    qty(p.get(f"previous_peak_{unit}")))
            for k in ("outages_to_date", "restored_to_date"):
                chk(f"power.previous_{k}", prev["power"][k], p.get(f"previous_{k}"))
        # the households out before − back + new + out again = out now (docs/briefs.md): the model's own sums hold
        # it; the brief's figures are held to it here too
        before = Brief(self.w, d - timedelta(days=1), m.cut, None).power() if DAYS.index(d) else None
        new_hh = sum(affected(o, self.w.ups(m.cut, o), m.b - LAST, "households") or 0 for o in m.outages()
                     if o.data["start"] >= m.a)
        b_out = (before["households_out"] or (0, False))[0] if before else 0
        got_back = (qty(p["households_restored"]) or (0, False))[0]
        got_out = (qty(p["households_out"]) or (0, False))[0]
        if b_out - got_back + new_hh + f["households_again"] != got_out:
            self.problems.append(f"{d} rev{c['header']['revision']} power: out before {b_out} − back {got_back}"
                                 f" + new {new_hh} + out again {f['households_again']} ≠ out now {got_out}")
        # pumping
        pu, fp = c["pumping"], m.pumping()
        for k in ("active", "operations_to_date", "still_pumping", "unmeasured", "volume_reports_in_period"):
            chk(f"pumping.{k}", fp[k], pu.get(k, 0))
        for k in ("people", "pumps"):
            chk(f"pumping.{k}", fp[k], qty(pu[k]))
        self.figure(d, c, "pumping.volume_m3", fp["volume_m3"], pu["volume_m3"],
                    prev and prev["pumping"]["volume_m3"])
        if prev is not None:
            chk("pumping.previous_operations_to_date", prev["pumping"]["operations_to_date"],
                pu.get("previous_operations_to_date"))
        # debris
        de, fd = c["debris"], m.debris()
        for k in ("mass_kg", "truckloads", "people", "vehicles"):
            self.figure(d, c, f"debris.{k}", fd[k], de[k], prev and prev["debris"][k])
        for k in ("reports_in_period", "reports_to_date"):
            chk(f"debris.{k}", fd[k], de.get(k))
        # disinfection
        di, fi = c["disinfection"], m.disinfection()
        got = {x["code"]: x["figure"] for x in di["categories"]}
        got["person_times"] = di["person_times"]
        pgot: dict[str, Any] = {}
        if prev is not None:
            pgot = {x["code"]: x["figure"]["to_date"] for x in prev["disinfection"]["categories"]}
            pgot["person_times"] = prev["disinfection"]["person_times"]["to_date"]
        for cat in sorted(set(fi) | {k for k in got if qty(got[k].get("to_date")) or qty(got[k].get("period"))}):
            want = fi.get(cat, {"period": None, "to_date": None})
            fig = got.get(cat, {"period": None, "to_date": None})
            chk(f"disinfection.{cat}.period", want["period"], jmark(fig.get("period")))
            chk(f"disinfection.{cat}.to_date", want["to_date"], jmark(fig.get("to_date")))
            td = want["to_date"]
            if prev is not None:
                chk(f"disinfection.{cat}.previous", qty(pgot.get(cat)), qty(fig.get("previous")))
                chk(f"disinfection.{cat}.fell", reads_lower(td and (td[0], td[1] == "lb"), qty(pgot.get(cat))),
                    bool(fig.get("fell")))
        # 二、分街道
        rows = {r["name"]: r for r in c["subdistricts"]}
        for i, (name, _) in enumerate(SUBS):
            row = rows.get(name)
            if row is None:
                self.problems.append(f"{d} 二、分街道 has no row for {name}")
                continue
            fs, fp, fd = m.power(i), m.pumping(i), m.debris(i)
            for k in ("open_outages", "restored_in_period"):
                chk(f"{name}.{k}", fs[k], row.get(k, 0))
            for unit in ("households", "buildings"):
                chk(f"{name}.{unit}_out", fs[f"{unit}_out"], qty(row[f"{unit}_out"]))
                chk(f"{name}.{unit}_restored", fs[f"{unit}_restored"], qty(row[f"{unit}_restored"]))
                for k in (f"{unit}_unknown", f"{unit}_back_unknown"):
                    chk(f"{name}.{k}", fs[k], row.get(k, 0))
            chk(f"{name}.volume_m3.period", fp["volume_m3"]["period"], qty(row["volume_m3"]["period"]))
            chk(f"{name}.volume_m3.to_date", fp["volume_m3"]["to_date"], qty(row["volume_m3"]["to_date"]))
            chk(f"{name}.debris_kg.period", fd["mass_kg"]["period"], qty(row["debris_kg"]["period"]))
            chk(f"{name}.debris_kg.to_date", fd["mass_kg"]["to_date"], qty(row["debris_kg"]["to_date"]))
            chk(f"{name}.pumping_active", fp["active"], row.get("pumping_active", 0))
            chk(f"{name}.pumping_operations_to_date", fp["operations_to_date"],
                row.get("pumping_operations_to_date", 0))
            chk(f"{name}.debris_reports_in_period", fd["reports_in_period"], row.get("debris_reports_in_period", 0))
            chk(f"{name}.debris_reports_to_date", fd["reports_to_date"], row.get("debris_reports_to_date", 0))
            chk(f"{name}.reports", len(m.with_data(i)), row["reports"])
        # quality
        q = c["quality"]
        zero, silent = m.board()
        chk("quality.zero_reported", zero, [x if isinstance(x, str) else x.get("name") for x in q["zero_reported"]])
        chk("quality.silent", silent, [x if isinstance(x, str) else x.get("name") for x in q["silent"]])
        chk("quality.reports_used", len(m.with_data()), q["reports_used"])
        chk("quality.returned", m.returned(), sorted(self.ids.get(x["report_id"], "?") for x in q["returned_reports"]))
        if late:
            chk("quality.late", m.late(), sorted(self.ids.get(x["report_id"], "?") for x in q["late"]))
            chk("quality.late_total", len(m.late()), q.get("late_total", 0))
            cut = parse(c["header"]["cutoff"])
            for x in q["late"]:
                r = self.w.recs.get(self.ids.get(x["report_id"], ""))
                if r is None:
                    continue
                day = r.data["day"] if r.kind == "zero_report" else r.first().astimezone(ZONE).date()
                # the revision of the missed brief that shows it, among those cut off by this one's cut-off
                shows = [b["header"]["revision"] for b in self.briefs.get(day, [])
                         if r.reported <= parse(b["header"]["cutoff"]) <= cut]
                chk(f"quality.late[{r.key}]", (day.isoformat(), shows[0] if shows else None),
                    (x["day"], x["shown_in"]))
        chk("activity_total", m.activities(), c.get("activity_total"))
        self.trend(d, c, m)

    def trend(self, d: date, c: dict[str, Any], m: Brief) -> None:
        """The trend's points (each earlier day as known at this cut-off) and which figures are revised since that
        day's own brief (docs/briefs.md: open outages, buildings and households out, m³ and debris)."""
        points = {p["day"]: p for p in c.get("trend") or []}
        for x in DAYS[: DAYS.index(d) + 1]:
            p = points.get(x.isoformat())
            if p is None:
                self.problems.append(f"{d} rev{c['header']['revision']} trend has no point for {x}")
                continue
            mx = Brief(self.w, x, m.cut, None)
            f, pu, de = mx.power(), mx.pumping()["volume_m3"], mx.debris()["mass_kg"]
            want = {"open_outages": f["open_outages"], "households_out": f["households_out"],
                    "buildings_out": f["buildings_out"], "volume_m3": marked(pu["period"], pu["period_approx"]),
                    "debris_kg": marked(de["period"], de["period_approx"])}
            got = {"open_outages": p["open_outages"],
                   "households_out": (p["households_out"], bool(p.get("households_out_lb"))),
                   "buildings_out": (p["buildings_out"], bool(p.get("buildings_out_lb"))),
                   "volume_m3": marked_json(p["volume_m3"]), "debris_kg": marked_json(p["debris_kg"])}
            for k in want:
                self.check(d, c, f"trend[{x}].{k}", want[k], got[k])
            if x == d:
                continue
            own = [b for b in self.briefs[x] if b["header"]["cutoff"] <= c["header"]["cutoff"]][-1]
            op, ov, od = own["power"], own["pumping"]["volume_m3"]["period"], own["debris"]["mass_kg"]["period"]
            stood = {"open_outages": op["open_outages"], "households_out": qty(op["households_out"]),
                     "buildings_out": qty(op["buildings_out"]),
                     "volume_m3": marked_json(ov), "debris_kg": marked_json(od)}
            self.check(d, c, f"trend[{x}].revised", sorted(k for k in want if want[k] != stood[k]),
                       sorted(p.get("revised") or []))

    def figure(self, d: date, c: dict[str, Any], what: str, want: dict[str, Any], j: dict[str, Any],
               prev: dict[str, Any] | None) -> None:
        """A Figure: the day's and to date (value, more than; approx where the docs set it), 上期, whether it fell."""
        self.check(d, c, f"{what}.period", want["period"], qty(j["period"]))
        self.check(d, c, f"{what}.to_date", want["to_date"], qty(j["to_date"]))
        for k in ("period", "to_date"):
            if f"{k}_approx" in want and want[k] is not None:
                self.check(d, c, f"{what}.{k}.approx", want[f"{k}_approx"], bool(j[k].get("approx")))
        if prev is not None:
            self.check(d, c, f"{what}.previous", qty(prev["to_date"]), qty(j.get("previous")))
            self.check(d, c, f"{what}.fell", reads_lower(want["to_date"], qty(prev["to_date"])),
                       bool(j.get("fell")))

    def headline(self, d: date, c: dict[str, Any]) -> None:
        p, pu = c["power"], c["pumping"]
        print(f"{d} rev{c['header']['revision']}: out {qty(p['households_out'])} back {qty(p['households_restored'])}"
              f" peak {qty(p['peak_households'])} m³ {qty(pu['volume_m3']['period'])}/"
              f"{qty(pu['volume_m3']['to_date'])} debris kg {qty(c['debris']['mass_kg']['to_date'])}"
              f" late {c['quality'].get('late_total', 0)}")

    # ---- the scenario
    def run(self) -> int:
        api = self.api
        ev = api.call("POST", "/events", {"code": "awkward-0610", "kind": "rainstorm", "name": "“6·10”强降雨",
                                          "starts_at": "2024-06-10T00:00+08:00", "brief_time": "08:00"}).json()
        self.event = ev["id"]
        dist = api.call("POST", "/areas", {"level": "district", "name": "东湖区", "code": "420199"}).json()["id"]
        for n, (name, comms) in enumerate(SUBS):
            sid = api.call("POST", "/areas", {"level": "subdistrict", "name": name, "code": f"42019900{n + 1}",
                                              "parent_id": dist}).json()["id"]
            self.subs.append(sid)
            for cname in comms:
                self.places[cname] = api.call("POST", "/areas", {"level": "community", "name": cname,
                                                                 "parent_id": sid, "households": 5000}).json()["id"]
        D1, D2, D3 = DAYS

        # ---- 10 June
        self.activity("act1", "甲一社区", "06-10 08:40", "06-10 08:30", "区防指召开会商会")
        self.outage("O1", "甲一社区", "06-10 09:10", "06-10 09:00", 200, 10)
        self.operation("P1", "乙二社区", "06-10 10:05", "06-10 10:00", 8, 2)
        self.outage("O2", "乙一社区", "06-10 12:10", "06-10 12:00", 100, 5)
        self.debris("DB1", "乙一社区", "06-10 20:10", "06-10 08:00", "06-10 20:00", "3.5", 3500, 5, 6, 2)
        self.update("O1u1", "O1", "06-10 14:05", "06-10 14:00", back=(80, 4))
        self.disinfect("DSa", "甲一社区", "06-10 15:10", "06-10 15:00", {"street": (10, True)}, (20, False))
        self.volume("V1", "P1", "06-10 16:10", "06-10 10:00", "06-10 16:00", (600, False))
        self.disinfect("DSb", "乙一社区", "06-10 16:10", "06-10 16:00", {"street": (5, False)}, (10, False))
        self.update("O2u1", "O2", "06-10 18:05", "06-10 18:00", full=True)
        self.volume("V3", "P1", "06-10 18:30", "06-10 14:00", "06-10 18:00", (400, False))   # a second pump: overlaps
        self.outage("O3", "甲二社区", "06-10 20:30", "06-10 20:00", 50, 3)
        self.zero("Z3-10", 2, "06-10 21:00", D1)
        self.operation("P2", "甲一社区", "06-10 21:10", "06-10 21:00", 5, 1)
        self.update("O2u2", "O2", "06-10 22:05", "06-10 22:00", out=(40, 2))                    # out again
        self.volume("V2", "P1", "06-11 05:00", "06-10 16:00", "06-11 04:00", (1200, False))    # adjacent to V1
        self.compile(D1)
        # late for the 10th, all stamped on the 11th after its cut-off (the first a second past it)
        self.update("L1", "O1", "06-11 08:00:01", "06-10 23:00", back=(150, 8))
        self.disinfect("L2", "乙二社区", "06-11 09:00", "06-10 19:00", {"street": (7, False)}, (10, False))
        self.outage("L4", "丙村", "06-11 09:30", "06-10 23:30", 30, 1)       # 丙镇 had sent a zero report for the 10th
        self.debris("L3", "甲二社区", "06-11 10:00", "06-10 12:00", "06-10 13:00", "1.2", 1200, 2, 3, 1)
        # corrections and a retraction of what the brief of the 10th counted, after its cut-off
        self.fix("O1", {"households_affected": 220}, households=220)
        self.retract("O3")
        self.fix("V2", {"volume_m3": 1500}, m3=(1500, False))
        self.fix("DSa", {"counts": {"street": [12, False]}}, counts={"street": (12, False)})
        self.fix("P1", {"ended_at": iso(at("06-11 12:00"))}, end=at("06-11 12:00"))          # the operation ended

        # ---- 11 June
        self.update("O2u3", "O2", "06-11 09:05", "06-11 09:00", out=(15, 1))
        self.update("O1u3", "O1", "06-11 10:05", "06-11 10:00", full=True)
        self.disinfect("DSc", "甲一社区", "06-11 10:10", "06-11 10:00", {"street": (3, True)}, None)  # no person-times
        self.outage("O5", "乙二社区", "06-11 07:10", "06-11 07:00", 60, 2)
        self.update("O5u1", "O5", "06-11 11:05", "06-11 11:00", out=(25, 1))
        self.disinfect("DSd", "乙一社区", "06-11 12:10", "06-11 12:00", {"street": (20, False)}, (30, False),
                       cumulative=True)                                                          # 截至目前
        self.volume("V4", "P1", "06-11 12:30", "06-11 04:00", "06-11 12:00", (800, False))    # adjacent to V2
        self.update("O1u4", "O1", "06-11 15:10", "06-11 15:00", out=(30, 1))                   # out again
        self.activity("act2", "乙一社区", "06-11 16:10", "06-11 16:00", "转移安置群众")
        self.update("O2u4", "O2", "06-11 17:05", "06-11 17:00", full=True)
        self.debris("DB2", "甲一社区", "06-12 06:30", "06-11 06:00", "06-12 06:00", "10", 10000, 9, 4, 3)
        self.zero("Z3-11", 2, "06-11 20:00", D2)
        self.activity("act-last", "乙二社区", "06-12 00:10", "06-11 23:59:59", "夜间巡查", micro=999999)
        # an operation ended at 24:00 exactly, with a volume up to it: at work on the 11th, not still pumping
        self.operation("P3", "丙村", "06-12 07:00", "06-11 18:00", 3, 1, end="06-12 00:00")
        self.volume("V7", "P3", "06-12 07:00", "06-11 18:00", "06-12 00:00", (240, False))
        # "still out" edited to "fully restored" before the brief of the 11th
        self.fix("O5u1", {"fully_restored": True, "households_out": None, "buildings_out": None},
                 full=True, households_out=None, buildings_out=None)
        # a round at the very instant of a total to date, sent after it: inside the total; one stamped at the cut-off
        self.disinfect("DSg", "乙一社区", "06-11 12:20", "06-11 12:00", {"street": (2, False)}, (4, False))
        self.disinfect("DSf", "乙二社区", "06-12 08:00:00", "06-11 22:00", {"compound": (6, False)}, (12, False))
        self.compile(D2)
        # late for the 11th
        self.outage("L6", "甲二社区", "06-12 08:30", "06-11 16:00", 80, 4)
        self.volume("L5", "P2", "06-12 09:00", "06-11 20:00", "06-12 02:00", (300, True))
        self.activity("L7", "乙二社区", "06-12 10:00", "06-11 16:00", "巡查排水设施")
        self.debris("L8", "乙二社区", "06-12 11:00", "06-10 06:00", "06-10 07:00", "0.5", 500, 1, 2, 1)  # two days late
        self.zero("Z4-11", 3, "06-12 09:00", D2)       # 丁镇's zero report for the 11th, late: still 未报送 there
        # sent before P2 is retracted
        self.volume("V6", "P2", "06-12 10:10", "06-12 08:00", "06-12 10:00", (100, False))
        # and back to "still out"; a volume, a clearance and a round the briefs counted retracted; a total lowered
        self.fix("O5u1", {"fully_restored": False, "households_out": 25, "buildings_out": 1},
                 full=False, households_out=25, buildings_out=1)
        self.retract("V1")
        self.retract("L3")
        self.retract("DSb")
        self.fix("DSd", {"counts": {"street": [18, False]}}, counts={"street": (18, False)})

        self.fix("P1", {"people": 10}, people=(10, False))       # the operation's people, after the 11th's brief
        self.retract("P2")                                       # an operation retracted: its volumes leave with it
        self.retract("O2u4")                                     # a full restoration retracted (restored later)
        self.retract("Z3-10")                                    # a zero report the 10th's brief counted
        self.retract("O2")                                       # the outage the peak stood on (restored later)

        # ---- 12 June
        self.update("L4u1", "L4", "06-12 07:30", "06-12 00:00", out=(10, 1))      # at 00:00 exactly: the 12th's
        self.update("L6u1", "L6", "06-12 09:05", "06-12 09:00", full=True)
        self.disinfect("DSe", "乙二社区", "06-12 10:10", "06-12 10:00", {"street": (4, False),
                                                                      "drain_grate": (30, True)}, (8, False))
        self.update("O1u5", "O1", "06-12 11:05", "06-12 11:00", full=True)
        self.activity("act3", "甲二社区", "06-12 14:10", "06-12 14:00", "清淤消杀")
        self.send_back("DSe")                           # sent back before the brief: counts nowhere, listed
        self.zero("Z1-12", 0, "06-12 18:00", D3)        # 甲街道 says nothing happened, though its outage came back
        # outages that gave no count: one fully back in the day, one still out at its end
        self.outage("O8", "丙村", "06-12 06:10", "06-12 06:00", None, None)
        self.update("O8u1", "O8", "06-12 09:05", "06-12 09:00", full=True)
        self.outage("O9", "甲二社区", "06-12 13:10", "06-12 13:00", None, None)
        # an outage whose update states a grown total beside a count back (docs/domain.md: says it anew)
        self.outage("O7", "乙一社区", "06-12 08:10", "06-12 08:00", 100, 4)
        self.update("O7u1", "O7", "06-12 10:05", "06-12 10:00", back=(20, 1), aff=(150, 6))
        self.update("O7u2", "L4", "06-12 12:05", "06-12 12:00", full=True)   # filed against the wrong outage
        # a total to date after "more than" rounds (15余 streets, 20余 person-times): the day's change is "at most"
        self.disinfect("DSh", "甲一社区", "06-12 12:10", "06-12 12:00", {"street": (20, False)}, (50, False),
                       cumulative=True)
        self.debris("DB3", "乙二社区", "06-12 11:10", "06-12 09:00", "06-12 11:00", "2余", 2000, 3, 2, None)
        self.compile(D3)
        self.restore("P2")
        self.restore("O2")
        self.restore("O2u4")
        # the misfiled restoration moved onto its outage; an activity sent back
        o7 = self.w.recs["O7"]
        self.fix("O7u2", {"outage_id": o7.id}, outage="O7")
        self.w.recs["O7u2"].place = o7.place
        self.send_back("act3")
        self.fix("DSe", {"person_times": 9}, person_times=(9, False))   # corrected: back up for review, counted

        # revisions of the 10th and the 11th, compiled now: every report known
        for d in (D1, D2, D3):
            self.recompile(d)

        if self.reader is not None:
            self.documents(self.reader)
        return self.report()

    def documents(self, reader: Reader) -> None:
        """Every brief's Markdown, text, DOCX and page, zh and en, held to its JSON (awkward_documents.py)."""
        problems, counts = check_all(reader, self.brief_ids)
        for fmt in FORMATS:
            print(f"documents, {fmt}: " + ", ".join(f"{lang} {counts[f'{fmt} {lang}']}" for lang in ("zh", "en"))
                  + f" figures over {len(self.brief_ids)} briefs")
        self.problems += problems

    def report(self) -> int:
        for d in DAYS:
            revs = self.briefs[d]
            if len(revs) > 1:
                q = revs[-1]["quality"]
                got = tuple(q.get(f"{e}_since_previous_revision", 0) for e in
                            ("added", "corrected", "retracted", "returned", "restored"))
                want = revision_counts(self.w, d, self.first_phase[d])
                print(f"revision of {d}: added/corrected/retracted/returned/restored since the first: {got}")
                if want != got:
                    self.problems.append(f"{d} revision: added/corrected/retracted/returned/restored expected {want},"
                                         f" got {got}")
        for p in self.problems:
            print("MISMATCH", p)
        print(f"{len(self.problems)} mismatches")
        return 1 if self.problems else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--base", default="http://127.0.0.1:51100")
    ap.add_argument("--token", required=True)
    ap.add_argument("--dump", help="write each brief's JSON content into this directory")
    ap.add_argument("--catchup", action="store_true",
                    help="no scheduler on the 11th: the briefs of the 10th and 11th made by one catch-up")
    ap.add_argument("--user", help="the coordinator's username: the brief's page is read through a login")
    ap.add_argument("--password", help="and its password")
    a = ap.parse_args()
    replay = Replay(a.base, a.token, a.catchup, Reader(a.base, a.token, a.user, a.password) if a.user else None)
    status = replay.run()
    if a.dump:
        os.makedirs(a.dump, exist_ok=True)
        for d, revs in replay.briefs.items():
            for c in revs:
                with open(os.path.join(a.dump, f"{d}-rev{c['header']['revision']}.json"), "w") as fh:
                    json.dump(c, fh, ensure_ascii=False, indent=1)
    sys.exit(status)
