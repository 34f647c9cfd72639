"""An outsider's replay of a typhoon's landfall over a coastal district (4 days, September 1991) over the HTTP API.

Reads only docs/ (api.md, api-reports.md, domain.md, briefs.md). 台风“9117号” comes ashore over 东礁区 on the night of
14 September 1991, the night China's summer time ended (02:00 on the 15th back to 01:00): the brief of the 15th covers
25 hours and 01:00–02:00 that night happened twice. The district's duty office (a coordinator's token) files what the
subdistricts phone in with its real `reported_at`; two subdistrict reporters send their own with their own tokens
(stamped by the server's clock, so after every brief: the late phase a revision counts). Corrections, retractions and a
restoration, late reports, outages spanning midnight restored in steps, "still out" updates, m³ (and a volume in
tonnes, refused), disinfected areas in 平方米 and ㎡, a replayed Idempotency-Key, a zero report, reports at the cut-off
second and one past it, times with and without offsets, and one ambiguous local time (refused naming the field). Every
brief figure is worked out here from the list of what was sent (nothing of the product imported) and compared with
each compiled brief's JSON and its Markdown. Run through scripts/typhoon-replay (gunicorn, SQLite or PostgreSQL).

    python scripts/typhoon_replay.py --base http://127.0.0.1:51400 --token il_...   [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests

ZONE = ZoneInfo("Asia/Shanghai")
DAYS = [date(1991, 9, 13) + timedelta(days=i) for i in range(4)]
FAR = datetime(2999, 1, 1, tzinfo=UTC)
INCIDENTS = os.path.join(os.path.dirname(sys.executable), "incidents")
DISTRICT = "东礁区"
SUBS = [  # name, code, communities (households, buildings)
    ("渔港街道", "331099001", {"渔港社区": (2400, 60), "东沙社区": (1500, 40), "新港社区": (900, 25)}),
    ("滨海街道", "331099002", {"海滨社区": (3000, 80), "望潮社区": (1800, 45), "银滩社区": (1200, 30)}),
    ("石塘镇", "331099101", {"石塘村": (1600, 50), "后沙村": (700, 20), "箬山村": (900, 28)}),
    ("鹤浦镇", "331099102", {"鹤浦村": (1100, 35), "大岙村": (600, 18)}),
]
SUB_OF = {c: i for i, (_, _, cs) in enumerate(SUBS) for c in cs}


def at(text: str, fold: int = 0) -> datetime:
    """A local wall time "09-15 01:30" of 1991 (fold=1: its second occurrence), as UTC."""
    day, clock = text.split()
    m, d = (int(x) for x in day.split("-"))
    hh, mm = (int(x) for x in clock.split(":")[:2])
    ss = int(clock.split(":")[2]) if clock.count(":") == 2 else 0
    local = datetime(1991, m, d, hh % 24, mm, ss, fold=fold, tzinfo=ZONE)  # (adding a timedelta would drop fold)
    return (local + timedelta(days=1) if hh == 24 else local).astimezone(UTC)


def day_start(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=ZONE).astimezone(UTC)


def bounds(d: date) -> tuple[datetime, datetime]:
    """The local day's bounds in UTC (25 hours on 15 September 1991)."""
    return day_start(d), day_start(d + timedelta(days=1))


def due(d: date) -> datetime:
    """A day's brief is due at 08:00 the next day."""
    n = d + timedelta(days=1)
    return datetime(n.year, n.month, n.day, 8, tzinfo=ZONE).astimezone(UTC)


def local_day(t: datetime) -> date:
    return t.astimezone(ZONE).date()


def ambiguous(t: datetime) -> bool:
    w = t.astimezone(ZONE).replace(tzinfo=None)
    return (w.replace(tzinfo=ZONE, fold=0).utcoffset() != w.replace(tzinfo=ZONE, fold=1).utcoffset())


def spell(t: datetime, i: int) -> str:
    """A time as a sender writes it, in turn: its offset, Z, local with a space, local with a T (a local time
    the clocks showed twice is always sent with its offset: the one ambiguous time is sent on purpose)."""
    lt = t.astimezone(ZONE)
    secs = ":%S" if lt.second else ""
    forms = [lt.strftime(f"%Y-%m-%dT%H:%M{secs}%z"), t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
             lt.strftime(f"%Y-%m-%d %H:%M{secs}"), lt.strftime(f"%Y-%m-%dT%H:%M{secs}")]
    return forms[0 if ambiguous(t) else i % 4]


# ---------------------------------------------------------------- quantities
Q = tuple[int, bool]          # value, "more than"
M = tuple[int, str]           # value, mark: exact, lb, ub, approx


def qsum(qs: list[Q | None]) -> Q | None:
    """A sum: None when nobody gave a figure; "more than" when one is, or one gave none."""
    given = [q for q in qs if q is not None]
    if not given:
        return None
    return sum(q[0] for q in given), any(q[1] for q in given) or len(given) < len(qs)


def marks_sum(ms: list[str]) -> str:
    """docs/domain.md: exact + at most is at most; at most + more than is about; about stays about."""
    s = set(ms)
    if "approx" in s or {"lb", "ub"} <= s:
        return "approx"
    return "lb" if "lb" in s else "ub" if "ub" in s else "exact"


# ---------------------------------------------------------------- what was sent
@dataclass
class Rec:
    """One report as sent, and as it stands now."""
    key: str
    kind: str
    place: str               # a community, or a subdistrict's name (zero reports)
    reported: datetime
    data: dict[str, Any]
    id: int = 0
    live: bool = True
    by: str = "office"
    changes: list[tuple[datetime, str]] = field(default_factory=list)  # (moment, fix / retract / restore)

    @property
    def sub(self) -> int:
        return SUB_OF.get(self.place, next((i for i, s in enumerate(SUBS) if s[0] == self.place), -1))

    def observed(self) -> datetime:
        return self.data.get("at") or self.data["start"]


class World:
    def __init__(self) -> None:
        self.recs: dict[str, Rec] = {}

    def known(self, cutoff: datetime, kind: str) -> list[Rec]:
        return [r for r in self.recs.values() if r.kind == kind and r.live and r.reported <= cutoff]


def share(v: int, s: datetime, t: datetime, x: datetime) -> int:
    """docs/domain.md: F(x) = floor(V (x - s) / (t - s)), in real seconds (a 25-hour day is 25 hours)."""
    x = min(max(x, s), t)
    return v * int((x - s).total_seconds()) // int((t - s).total_seconds())


class Brief:
    """Every figure docs/briefs.md says the brief of day d compiled at cutoff holds."""

    def __init__(self, w: World, d: date, cutoff: datetime):
        self.w, self.d, self.cutoff = w, d, cutoff
        self.a, self.b = bounds(d)

    # -- power
    def ups(self, o: Rec) -> list[Rec]:
        return sorted((u for u in self.w.known(self.cutoff, "outage_update") if u.data["outage"] == o.key),
                      key=lambda u: u.data["at"])

    def out(self, o: Rec, t: datetime, unit: str) -> tuple[int, str, str] | None | str:
        """What of o is out at t in unit: 'no' before it began; (value, mark, read off 'aff' or 'told')."""
        if o.data["start"] > t:
            return "no"
        last = None
        for u in self.ups(o):
            if u.data["at"] <= t and (u.data.get("full") or u.data.get(unit + "_out") is not None
                                      or u.data.get(unit + "_back") is not None):
                last = u
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

    def outages(self, sub: int | None = None) -> list[Rec]:
        return [o for o in self.w.known(self.cutoff, "outage") if o.data["start"] < self.b
                and (sub is None or o.sub == sub)]

    def full_at(self, o: Rec) -> datetime | None:
        return min((u.data["at"] for u in self.ups(o) if u.data.get("full")), default=None)

    def power(self, unit: str = "households", sub: int | None = None) -> dict[str, Any]:
        outs = self.outages(sub)
        f: dict[str, Any] = {"outages_to_date": len(outs), "new_in_period": 0, "restored_in_period": 0}
        still: list[tuple[int, str]] = []
        falls: list[tuple[int, str]] = []
        open_keys: list[str] = []
        for o in outs:
            end = self.out(o, self.b, unit)
            full = self.full_at(o)
            f["new_in_period"] += self.a <= o.data["start"]
            f["restored_in_period"] += full is not None and self.a <= full < self.b
            if full is None or full >= self.b:
                open_keys.append(o.key)
                if isinstance(end, tuple):
                    still.append((end[0], end[1]))
            first = self.out(o, max(self.a, o.data["start"]), unit)
            if isinstance(first, tuple) and isinstance(end, tuple) and first[0] > end[0]:
                pair = (first[1], end[1])
                mark = ("exact" if first[2] == end[2] == "aff" else "approx") if pair == ("lb", "lb") else {
                    ("exact", "exact"): "exact", ("lb", "exact"): "lb", ("exact", "lb"): "ub"}[pair]
                falls.append((first[0] - end[0], mark))
        f["open_outages"] = len(open_keys)
        f["open"] = sorted(open_keys)
        f["out"] = (sum(v for v, _ in still), marks_sum([m for _, m in still])) if still else (
            None if open_keys else (0, "exact"))
        f["restored"] = (sum(v for v, _ in falls), marks_sum([m for _, m in falls])) if falls else None
        # the peak: the largest sum out at any instant so far ("more than" if so at any instant it was reached)
        best: M | None = None
        instants = sorted({o.data["start"] for o in outs} | {u.data["at"] for o in outs for u in self.ups(o)})
        for t in (x for x in instants if x < self.b):
            told = [q for q in (self.out(o, t, unit) for o in outs) if isinstance(q, tuple)]
            if told:
                total = (sum(q[0] for q in told), marks_sum([q[1] for q in told]))
                if best is None or total[0] > best[0]:
                    best = total
                elif total[0] == best[0] and total[1] == "lb":
                    best = (best[0], "lb")
        f["peak"] = best
        return f

    # -- intervals
    def intervals(self, recs: list[Rec], fld: str) -> tuple[Q | None, Q | None]:
        period: list[Q | None] = []
        to_date: list[Q | None] = []
        for r in recs:
            s, t, q = r.data["start"], r.data["end"], r.data.get(fld)
            if s >= self.b:
                continue
            if q is None:
                to_date.append(None)
                if t > self.a:
                    period.append(None)
                continue
            to_date.append((share(q[0], s, t, self.b), q[1]))
            if t > self.a:
                period.append((share(q[0], s, t, self.b) - share(q[0], s, t, self.a), q[1]))
        return qsum(period), qsum(to_date)

    def volumes(self, sub: int | None = None) -> tuple[Q | None, Q | None]:
        vols = [v for v in self.w.known(self.cutoff, "pumping_volume")
                if self.w.recs[v.data["op"]].live and (sub is None or v.sub == sub)]
        return self.intervals(vols, "m3")

    def debris(self, fld: str) -> tuple[Q | None, Q | None]:
        return self.intervals(self.w.known(self.cutoff, "debris"), fld)

    # -- disinfection
    def disinfection(self) -> dict[tuple[str, str], Q | None]:
        """Rounds add up; totals to date (cumulative) replace their place's count; a place that sent one in
        the period has for its period the change of its total over the day."""
        recs = sorted((r for r in self.w.known(self.cutoff, "disinfection") if r.data["at"] < self.b),
                      key=lambda r: r.data["at"])

        def fig(r: Rec, cat: str) -> Q | None:
            return r.data["person_times"] if cat == "person_times" else r.data["counts"].get(cat)

        def to_date(rs: list[Rec], cat: str) -> dict[str, Q]:
            per: dict[str, Q] = {}
            for r in rs:
                q = fig(r, cat)
                if q is None:
                    continue
                per[r.place] = q if r.data["cumulative"] or r.place not in per else (
                    per[r.place][0] + q[0], per[r.place][1] or q[1])
            return per

        out: dict[tuple[str, str], Q | None] = {}
        for cat in sorted({c for r in recs for c in r.data["counts"]} | {"person_times"}):
            end = to_date(recs, cat)
            out[(cat, "to_date")] = qsum(list(end.values())) if end else None
            start = to_date([r for r in recs if r.data["at"] < self.a], cat)
            now = [r for r in recs if r.data["at"] >= self.a and fig(r, cat) is not None]
            cum = {r.place for r in now if r.data["cumulative"]}
            if not now:
                out[(cat, "period")] = None
                continue
            told = [(r.place, q) for r in now if (q := fig(r, cat)) is not None]
            value = 0
            for place in {p for p, _ in told}:
                if place in cum:
                    value += end[place][0] - (start[place][0] if place in start else 0)
                else:
                    value += sum(q[0] for p, q in told if p == place)
            out[(cat, "period")] = (value, any(q[1] for _, q in told))
        return out

    # -- the board, the rows' counts, the late list
    def with_data(self, sub: int | None = None) -> list[Rec]:
        found = []
        for r in self.w.recs.values():
            if not r.live or r.reported > self.cutoff or r.kind == "zero_report" or (sub is not None and r.sub != sub):
                continue
            if r.kind == "outage_update" and not self.w.recs[r.data["outage"]].live:
                continue
            if r.kind == "pumping_volume" and not self.w.recs[r.data["op"]].live:
                continue
            if r.kind in ("pumping_volume", "debris"):
                touches = r.data["start"] < self.b and r.data["end"] > self.a
            else:
                touches = self.a <= r.observed() < self.b
            if touches or self.a <= r.reported < self.b:
                found.append(r)
        return found

    def board(self) -> tuple[list[str], list[str]]:
        data = {r.sub for r in self.with_data()}
        zero = {r.sub for r in self.w.known(self.cutoff, "zero_report") if r.data["day"] == self.d}
        return ([SUBS[i][0] for i in sorted(zero - data)],
                [SUBS[i][0] for i in sorted(set(range(len(SUBS))) - data - zero)])

    def late(self) -> list[str]:
        """Received after the day before's first brief and by this cut-off, observed before this day."""
        if self.d == DAYS[0]:
            return []
        prev = due(self.d - timedelta(days=1))
        keys = []
        for r in self.w.recs.values():
            day = r.data["day"] if r.kind == "zero_report" else local_day(r.observed())
            if r.live and prev < r.reported <= self.cutoff and day < self.d:
                keys.append(r.key)
        return sorted(keys)


# ---------------------------------------------------------------- the scenario: (reported, key, kind, data)
def scenario() -> list[tuple[datetime, str, str, dict[str, Any]]]:
    """What the duty office files, each with the moment it learned it (a local wall time of 1991)."""
    s: list[tuple[datetime, str, str, dict[str, Any]]] = []

    def add(rep: str, key: str, kind: str, **data: Any) -> None:
        s.append((at(rep, data.pop("rep_fold", 0)), key, kind, data))

    # 9-13: the typhoon is forecast; pumps placed, residents moved; 石塘镇 sends 零报告, 鹤浦镇 nothing (late)
    add("09-13 15:20", "a-yg-1", "activity", place="渔港社区", at=at("09-13 15:00"), title="预置抽水泵12台")
    add("09-13 17:10", "a-bh-1", "activity", place="海滨社区", at=at("09-13 16:30"), title="转移安置海边群众")
    add("09-13 20:00", "z-st-13", "zero_report", place="石塘镇", day=DAYS[0])
    add("09-14 09:00", "z-hp-13", "zero_report", place="鹤浦镇", day=DAYS[0])          # late: after the 13th's brief
    # 9-14: landfall in the evening; outages through midnight and the clocks going back
    add("09-14 10:00", "a-st-1", "activity", place="石塘村", at=at("09-14 09:30"), title="渔船回港避风")
    add("09-14 20:05", "o1", "outage", place="渔港社区", start=at("09-14 19:40"), households=(600, False),
        buildings=(12, False))
    add("09-14 20:30", "o5", "outage", place="石塘村", start=at("09-14 20:00"), households=(800, False),
        buildings=(20, False), replay=True)                                               # sent twice, one key
    add("09-14 21:30", "p1", "pumping", place="渔港社区", start=at("09-14 21:00"), team="消防救援大队",
        people=20, pumps=4)
    add("09-14 22:40", "o2", "outage", place="东沙社区", start=at("09-14 22:10"), households=(300, True),
        buildings=(8, False))
    add("09-14 23:50", "o1u1", "outage_update", outage="o1", at=at("09-14 23:30"), households_back=200,
        buildings_back=4)
    add("09-15 00:20", "o3", "outage", place="海滨社区", start=at("09-14 23:50"), households=(1200, False),
        buildings=(30, False))
    # 01:30 on the 15th happened twice: the second time (after the clocks went back) the office logs 望潮社区
    add("09-15 01:35", "o4", "outage", place="望潮社区", start=at("09-15 01:20", fold=1), households=(500, False),
        buildings=(10, False), rep_fold=1, ambiguous=True)
    # 01:40 before the clocks went back, then partly back at 01:10 after: later, though its wall time is earlier
    add("09-15 01:45", "o10", "outage", place="新港社区", start=at("09-15 01:40"), households=(90, False),
        buildings=(3, False))
    add("09-15 01:15", "o10u1", "outage_update", outage="o10", at=at("09-15 01:10", fold=1), households_back=50,
        buildings_back=1, rep_fold=1)
    add("09-15 01:20", "p1v0", "pumping_volume", op="p1", start=at("09-15 01:00"), end=at("09-15 01:00", fold=1),
        m3=(600, False), text="600方", rep_fold=1)                                       # a second pump's hour
    add("09-15 06:40", "o9", "outage", place="箬山村", start=at("09-15 03:00"), said="1991-09-15 凌晨",
        households=(200, False), buildings=(5, False))                                   # stored at 03:00
    add("09-15 07:20", "o10u2", "outage_update", outage="o10", at=at("09-15 07:00"), full=True)
    add("09-15 03:00", "fix-o3", "fix", target="o3", households=(1350, False))            # more out than first said
    add("09-15 05:00", "fix-o3b", "fix", target="o3", households=(1400, False))          # and more again
    add("09-15 03:40", "p1v1", "pumping_volume", op="p1", start=at("09-14 21:00"), end=at("09-15 03:00"),
        m3=(3600, False), text="3600立方米")                                               # 7 real hours, not 6
    add("09-15 04:10", "o6", "outage", place="后沙村", start=at("09-15 03:00"), households=(250, False),
        buildings=(6, False))
    add("09-15 06:30", "o3u1", "outage_update", outage="o3", at=at("09-15 06:00"), households_back=400,
        buildings_back=10)
    add("09-15 07:10", "p2", "pumping", place="海滨社区", start=at("09-15 06:00"), team="市政排水",
        people=12, pumps=3)
    add("09-15 07:30", "z-hp-14", "zero_report", place="鹤浦镇", day=DAYS[1])
    # the 14th's brief is due at 08:00 on the 15th; then news of the 14th arrives late
    add("09-15 10:00", "o7", "outage", place="新港社区", start=at("09-14 17:00"), households=(180, False),
        buildings=(5, False))                                                 # late: missed the 14th's brief
    add("09-15 10:20", "o1u2", "outage_update", outage="o1", at=at("09-15 10:00"), households_out=(150, True))
    add("09-15 12:30", "o5u1", "outage_update", outage="o5", at=at("09-15 12:00"), households_back=300,
        buildings_back=8)
    add("09-15 14:20", "o3u2", "outage_update", outage="o3", at=at("09-15 14:00"), households_back=900,
        buildings_back=22)
    add("09-15 15:30", "p1v2", "pumping_volume", op="p1", start=at("09-15 03:00"), end=at("09-15 15:00"),
        m3=(12000, False), text="1.2万方")
    add("09-15 15:40", "p1v2-t", "pumping_volume", op="p1", start=at("09-15 15:00"), end=at("09-15 15:30"),
        m3=(100, False), text="100吨", refused="volume_m3")                               # tonnes: no pumped volume
    add("09-15 16:00", "fix-p1v2", "fix", target="p1v2", m3=(13000, False))              # the meter's figure
    add("09-15 16:30", "d-st-1", "disinfection", place="石塘村", at=at("09-15 16:00"),
        counts={"surface": (5000, False)}, person_times=(30, False), cumulative=False)
    add("09-15 18:20", "o1u3", "outage_update", outage="o1", at=at("09-15 18:00"), full=True)
    add("09-15 18:40", "p2v1", "pumping_volume", op="p2", start=at("09-15 06:00"), end=at("09-15 18:00"),
        m3=(5000, False), text="5000方")
    add("09-15 19:00", "o7u1", "outage_update", outage="o7", at=at("09-15 18:30"), full=True)
    add("09-15 21:00", "z-hp-15", "zero_report", place="鹤浦镇", day=DAYS[2])
    add("09-15 22:10", "a-hp-1", "activity", place="鹤浦村", at=at("09-15 22:00"), title="排查危房")  # after 零报告
    add("09-16 18:30", "b-st-1", "debris", place="石塘村", start=at("09-15 08:00"), end=at("09-16 18:00"),
        kg=(45000, False), t_text="45吨", loads=(12, False))                               # late for the 15th
    add("09-16 03:20", "p1v3", "pumping_volume", op="p1", start=at("09-15 15:00"), end=at("09-16 03:00"),
        m3=(8000, True), text="8000余方")
    add("09-16 05:00", "o8", "outage", place="银滩社区", start=at("09-16 02:00"), households=(300, False),
        buildings=(7, False))
    # the cut-off of the 15th's brief (09-16 08:00:00): one update stamped at that second counts, one a second later not
    add("09-16 08:00:00", "o5u2", "outage_update", outage="o5", at=at("09-15 23:00"), households_back=500,
        buildings_back=12)
    add("09-16 08:00:01", "o3u3", "outage_update", outage="o3", at=at("09-15 23:30"), households_back=1000,
        buildings_back=25)                                                                # late by a second
    add("09-16 09:00", "retract-o6", "retract", target="o6")                  # a double, the brief showed it
    add("09-16 09:30", "o2u1", "outage_update", outage="o2", at=at("09-16 09:00"), full=True)
    add("09-16 10:00", "restore-o6", "restore", target="o6")                              # not a double after all
    add("09-16 10:30", "d-yg-1", "disinfection", place="渔港社区", at=at("09-16 10:00"),
        counts={"surface": (15000, False), "street": (12, False)}, person_times=(60, False), cumulative=False,
        texts={"surface": "1.5万平方米", "street": "12条"})
    add("09-16 11:00", "retract-p1v3", "retract", target="p1v3")                          # the 余 figure was a guess
    add("09-16 11:30", "p1v3b", "pumping_volume", op="p1", start=at("09-15 15:00"), end=at("09-16 03:00"),
        m3=(7600, False), text="7,600")
    add("09-16 12:20", "o8u1", "outage_update", outage="o8", at=at("09-16 12:00"), households_back=100,
        buildings_back=2)
    add("09-16 15:30", "d-bh-1", "disinfection", place="海滨社区", at=at("09-16 15:00"),
        counts={"surface": (3000, False)}, person_times=(40, True), cumulative=False,
        texts={"surface": "3000㎡"}, pt_text="40余人次")
    add("09-16 16:30", "d-st-2", "disinfection", place="石塘村", at=at("09-16 16:00"),
        counts={"surface": (12000, False)}, person_times=(70, False), cumulative=True)   # 截至目前
    add("09-16 16:40", "o5u3", "outage_update", outage="o5", at=at("09-16 16:00"), full=True)
    add("09-16 17:00", "o3u4", "outage_update", outage="o3", at=at("09-16 09:00"), full=True)
    add("09-16 18:30", "p2v2", "pumping_volume", op="p2", start=at("09-15 18:00"), end=at("09-16 06:00"),
        m3=(6000, False), text="6000立方米")
    add("09-16 19:00", "fix-o5u2", "fix", target="o5u2", households_back=480)              # fewer back than said
    add("09-16 20:00", "b-bh-1", "debris", place="海滨社区", start=at("09-16 09:00"), end=at("09-16 17:00"),
        kg=(30000, True), t_text="30余吨", loads=(9, False))
    add("09-16 21:00", "o6u1", "outage_update", outage="o6", at=at("09-16 20:30"), households_back=150,
        buildings_back=3)
    # the 16th's brief is due at 08:00 on the 17th; a late clearance of the 16th after it
    add("09-17 09:30", "b-yg-1", "debris", place="渔港社区", start=at("09-16 08:00"), end=at("09-16 12:00"),
        kg=(8000, False), t_text="8000公斤", loads=(3, False))
    return sorted(s, key=lambda x: x[0])


# the reporters' own reports, after every brief (their reported_at is the server's clock)
REPORTERS = {"渔港街道": "yg-reporter", "石塘镇": "st-reporter", "鹤浦镇": "hp-reporter"}
LATE_PHASE: list[tuple[str, str, str, dict[str, Any]]] = [
    ("渔港街道", "r-yg-act", "activity", {"place": "东沙社区", "at": at("09-15 09:00"), "title": "清理海堤杂物"}),
    ("渔港街道", "r-yg-vol", "pumping_volume", {"op": "p1", "start": at("09-16 03:00"), "end": at("09-16 12:00"),
                                              "m3": (2400, False), "text": "2400"}),
    ("石塘镇", "r-st-dis", "disinfection", {"place": "箬山村", "at": at("09-15 17:00"),
                                          "counts": {"surface": (2000, False)}, "person_times": (16, False),
                                          "cumulative": False}),
    ("鹤浦镇", "r-hp-zero", "zero_report", {"place": "鹤浦镇", "day": DAYS[3]}),  # 零报告 for the 16th, late
    ("石塘镇", "r-st-out", "outage", {"place": "箬山村", "start": at("09-15 05:00"), "households": (120, False),
                                    "buildings": (3, False)}),
]


# ---------------------------------------------------------------- the client
class Api:
    def __init__(self, base: str, token: str):
        self.root = base.rstrip("/")
        self.s = requests.Session()
        self.s.headers.update({"Authorization": f"Bearer {token}", "Accept-Language": "zh"})

    def call(self, method: str, path: str, body: Any = None, want: tuple[int, ...] = (200, 201),
             params: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> requests.Response:
        url = self.root + path if path.startswith("/api/") else self.root + "/api/v1" + path
        r = self.s.request(method, url, json=body, params=params, headers=headers)
        if r.status_code not in want:
            raise SystemExit(f"{method} {path} {body!r} -> {r.status_code} {r.text[:600]}")
        return r


def body_of(kind: str, d: dict[str, Any], w: World, places: dict[str, int], i: int) -> dict[str, Any]:
    """The JSON a sender writes for one report."""
    if kind == "outage":
        h, b = d["households"], d["buildings"]
        return {"area_id": places[d["place"]], "started_at": d.get("said") or spell(d["start"], i),
                "households_affected": f"{h[0]}余户" if h[1] else h[0], "buildings_affected": f"{b[0]}栋"}
    if kind == "outage_update":
        body: dict[str, Any] = {"outage_id": w.recs[d["outage"]].id, "observed_at": spell(d["at"], i)}
        if d.get("full"):
            body["fully_restored"] = True
        elif d.get("households_out"):
            q = d["households_out"]
            body["households_out"] = f"{q[0]}余户" if q[1] else q[0]
        else:
            body |= {"households_restored": d["households_back"], "buildings_restored": d["buildings_back"]}
        return body
    if kind == "pumping":
        return {"area_id": places[d["place"]], "team": d["team"], "observed_at": spell(d["start"], i),
                "people": f"{d['people']}人", "pumps": d["pumps"]}
    if kind == "pumping_volume":
        return {"operation_id": w.recs[d["op"]].id, "period_start": spell(d["start"], i),
                "period_end": spell(d["end"], i + 1), "volume_m3": d["text"]}
    if kind == "disinfection":
        texts = d.get("texts", {})
        pt = d["person_times"]
        return {"area_id": places[d["place"]], "observed_at": spell(d["at"], i), "cumulative": d["cumulative"],
                "counts": {c: texts.get(c, f"{q[0]}余" if q[1] else q[0]) for c, q in d["counts"].items()},
                "person_times": d.get("pt_text", pt[0])}
    if kind == "debris":
        unit = {"mass_kg": d["t_text"]} if "公斤" in d["t_text"] else {"mass_t": d["t_text"]}
        return {"area_id": places[d["place"]], "period_start": spell(d["start"], i),
                "period_end": spell(d["end"], i + 2), "truckloads": f"{d['loads'][0]}车次", **unit}
    if kind == "activity":
        return {"area_id": places[d["place"]], "observed_at": spell(d["at"], i), "title": d["title"]}
    if kind == "zero_report":
        return {"area_id": places[d["place"]], "period_day": d["day"].isoformat()}
    raise ValueError(kind)


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def run(base: str, token: str, quick: bool = False) -> int:
    api = Api(base, token)
    problems: list[str] = []
    counts = {"sent": 0, "replayed": 0, "refused": 0, "stale": 0}
    ev = api.call("POST", "/events", {"code": "dongjiao-9117", "kind": "typhoon", "name": "台风“9117号”登陆",
                                      "starts_at": "1991-09-13T00:00+09:00", "brief_time": "08:00"}).json()
    event = ev["id"]
    places: dict[str, int] = {}
    dist = api.call("POST", "/areas", {"level": "district", "name": DISTRICT, "code": "331099"}).json()["id"]
    for name, code, comms in SUBS:
        places[name] = api.call("POST", "/areas", {"level": "subdistrict", "name": name, "code": code,
                                                   "parent_id": dist}).json()["id"]
        for c, (hh, bb) in comms.items():
            places[c] = api.call("POST", "/areas", {"level": "community", "name": c, "parent_id": places[name],
                                                    "households": hh, "buildings": bb}).json()["id"]
    w = World()
    actions: list[tuple[datetime, str, str, dict[str, Any]]] = scenario()
    actions += [(due(d), f"compile-{d}", "compile", {"day": d}) for d in DAYS]
    actions.sort(key=lambda a: (a[0], a[2] == "compile"))  # a report stamped at the cut-off second comes first
    compiled: dict[date, dict[str, Any]] = {}

    def create(key: str, kind: str, d: dict[str, Any], rep: datetime | None, client: Api, by: str) -> Rec | None:
        counts["sent"] += 1
        body = {"kind": kind, **body_of(kind, d, w, places, counts["sent"])}
        if rep is not None:
            body["reported_at"] = spell(rep, counts["sent"] + 1)
        if d.get("ambiguous"):  # first as the duty officer typed it: 01:35 local, which happened twice
            wrong = {**body, "reported_at": rep.astimezone(ZONE).strftime("%Y-%m-%d %H:%M")}  # type: ignore[union-attr]
            r = client.call("POST", f"/events/{event}/reports", wrong, want=(422,))
            errs, both = r.json().get("errors", {}), (r.json().get("candidates") or {}).get("reported_at") or []
            if "reported_at" not in errs or sorted(x[-6:] for x in both) != ["+08:00", "+09:00"]:
                problems.append(f"an ambiguous reported_at: {r.json()}")
            counts["refused"] += 1
        want = (422,) if d.get("refused") else (201,)
        r = client.call("POST", f"/events/{event}/reports", body, want=want, headers={"Idempotency-Key": f"dj-{key}"})
        if d.get("refused"):
            if d["refused"] not in r.json().get("errors", {}):
                problems.append(f"{key}: refused without naming {d['refused']}: {r.json()}")
            counts["refused"] += 1
            return None
        j = r.json()
        if d.get("replay"):  # the phone's retry: the same key and body, one report
            again = client.call("POST", f"/events/{event}/reports", body, want=(200,),
                                headers={"Idempotency-Key": f"dj-{key}"})
            if again.json()["id"] != j["id"] or again.headers.get("Idempotent-Replayed") != "true":
                problems.append(f"replay of {key}: {again.status_code} {again.json()}")
            counts["replayed"] += 1
        data = {k: v for k, v in d.items()
                if k not in ("replay", "ambiguous", "said", "texts", "pt_text", "text", "t_text")}
        place = d.get("place") or w.recs[d.get("outage") or d["op"]].place
        rec = Rec(key, kind, place, parse_utc(j["reported_at"]), data, j["id"], by=by)
        if d.get("said"):  # a vague time is stored at the middle of its window (docs/domain.md)
            stored = parse_utc(client.call("GET", f"/reports/{rec.id}").json()["started_at"])
            if stored != d["start"]:
                problems.append(f"{key}: {d['said']} stored at {stored}, not {d['start']}")
        if rep is not None and rec.reported != rep:
            problems.append(f"{key}: reported_at stored {rec.reported}, sent {rep}")
        w.recs[key] = rec
        return rec

    for rep, key, kind, d in actions:
        if kind == "compile":
            day = d["day"]
            subprocess.run([INCIDENTS, "scheduler", "--once", "--as-of", due(day).isoformat()],
                           check=True, capture_output=True)
            listing = api.call("GET", f"/events/{event}/briefs").json()
            b = next(x for x in listing["days"] if x["day"] == day.isoformat())["briefs"][-1]
            c = api.call("GET", f"/briefs/{b['id']}/json").json()["content"]
            compiled[day] = b
            problems += compare(c, Brief(w, day, due(day)), w)
            problems += outages_api(api, event, Brief(w, day, due(day)), w)
            print(summary(c))
            problems += markdown(api, b, c)
        elif kind in ("retract", "restore"):
            rec = w.recs[d["target"]]
            api.call("POST", f"/reports/{rec.id}/{kind}", {})
            rec.live = kind == "restore"
            rec.changes.append((rep, kind))
        elif kind == "fix":
            rec = w.recs[d["target"]]
            etag = api.call("GET", f"/reports/{rec.id}").headers["ETag"]
            if "households" in d:
                body = {"households_affected": d["households"][0]}
                rec.data["households"] = d["households"]
            elif "m3" in d:
                body = {"volume_m3": f"{d['m3'][0]}立方米"}
                rec.data["m3"] = d["m3"]
            else:
                body = {"households_restored": d["households_back"]}
                rec.data["households_back"] = d["households_back"]
            version = int(etag.strip('"'))
            if version > 1:  # a version read before the last change: refused (412), nothing saved
                api.call("PATCH", f"/reports/{rec.id}", body, want=(412,), headers={"If-Match": f'"{version - 1}"'})
                counts["stale"] += 1
            after = api.call("PATCH", f"/reports/{rec.id}", body, headers={"If-Match": etag}).json()
            if after["version"] != version + 1:
                problems.append(f"{key}: a correction made version {after['version']} from {etag}")
            rec.changes.append((rep, "fix"))
        else:
            create(key, kind, d, rep, api, "office")

    # the late phase: the subdistrict reporters' own tokens; their reports are stamped with the server's clock
    reporters: dict[str, Api] = {}
    for sub, user in REPORTERS.items():
        subprocess.run([INCIDENTS, "create-user", user, "--role", "reporter", "--scope", f"{DISTRICT}/{sub}",
                        "--password", f"landfall-{len(user)}-night-shift"], check=True, capture_output=True)
        tok = subprocess.run([INCIDENTS, "tokens", "create", user, "--name", "replay"], check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        reporters[sub] = Api(base, tok)
    yg = reporters["渔港街道"]
    # outside its scope: refused (403), nothing stored; a reported_at of its own: refused naming it (422)
    r = yg.call("POST", f"/events/{event}/reports", {"kind": "activity", "area_id": places["石塘村"],
                                                       "observed_at": "1991-09-15 09:00", "title": "越界"}, want=(403,))
    counts["refused"] += 1
    r = yg.call("POST", f"/events/{event}/reports", {"kind": "activity", "area_id": places["渔港社区"],
                                                       "observed_at": "1991-09-15 09:00", "title": "补报",
                                                       "reported_at": "1991-09-15 10:00"}, want=(422,))
    if "reported_at" not in r.json().get("errors", {}):
        problems.append(f"a reporter's reported_at: {r.json()}")
    counts["refused"] += 1
    for sub, key, kind, d in LATE_PHASE:
        create(key, kind, dict(d), None, reporters[sub], sub)
    # a reporter corrects its own report: a new version, the newer figure counts
    mine = w.recs["r-yg-vol"]
    etag = yg.call("GET", f"/reports/{mine.id}").headers["ETag"]
    yg.call("PATCH", f"/reports/{mine.id}", {"volume_m3": "2600方"}, headers={"If-Match": etag})
    mine.data["m3"] = (2600, False)
    mine.changes.append((datetime.now(UTC), "fix"))
    # nor another subdistrict's report
    yg.call("PATCH", f"/reports/{w.recs['r-st-dis'].id}", {"person_times": 20}, want=(403,))

    # the event is closed; the office recompiles the 15th: the revision counts every report known now
    api.call("POST", f"/events/{event}/close", {"ends_at": "1991-09-16T23:00+08:00"})
    for day in ([DAYS[2]] if quick else DAYS[1:]):
        first = compiled[day]
        r = api.call("POST", f"/briefs/{first['id']}/recompile", {}, want=(202,))
        subprocess.run([INCIDENTS, "scheduler", "--once"], check=True, capture_output=True)
        job = api.call("GET", r.headers["Location"]).json()
        if job["status"] != "done":
            problems.append(f"recompile of {day}: {job}")
            continue
        b2 = api.call("GET", job["brief_url"]).json()
        c2 = api.call("GET", f"/briefs/{b2['id']}/json").json()["content"]
        problems += compare(c2, Brief(w, day, FAR), w)
        print(summary(c2))
        problems += markdown(api, b2, c2)
        want = revision_counts(w, day)
        got = tuple(c2["quality"].get(f"{e}_since_previous_revision", 0) for e in CHANGES)
        print(f"revision {c2['header']['revision']} of {day}: {'/'.join(CHANGES)} since the first: {got}")
        if want != got:
            problems.append(f"revision of {day}: {'/'.join(CHANGES)} model {want}, brief {got}")
    print(f"reports stored {len(w.recs)}; sent {counts['sent']}, idempotent replays {counts['replayed']}, "
          f"refused as meant {counts['refused']}, stale If-Match refused {counts['stale']}")
    for p in problems:
        print("MISMATCH", p)
    print(f"{len(problems)} mismatches")
    return 1 if problems else 0


CHANGES = ("added", "corrected", "retracted", "restored")


def revision_counts(w: World, day: date) -> tuple[int, ...]:
    """docs/briefs.md: a revision counts the reports received since the first's cut-off that bear on the day, then
    the earlier ones corrected, retracted or restored since, each once, by where it stands now."""
    first_cut = due(day)
    start, end = bounds(day)

    def bears(r: Rec) -> bool:  # figures up to the day's end, the day's activity, zero reports answering it
        if r.kind == "zero_report":
            return bool(r.data["day"] == day)
        return (start <= r.observed() if r.kind == "activity" else True) and r.observed() < end

    def effect(r: Rec) -> str:
        acts = {a for t, a in r.changes if t > first_cut}
        return "retracted" if not r.live else "restored" if "restore" in acts else "corrected"

    added = [r for r in w.recs.values() if r.live and r.reported > first_cut and bears(r)]
    earlier = [effect(r) for r in w.recs.values() if r.reported <= first_cut and bears(r)
               and any(t > first_cut for t, _ in r.changes)]
    return (len(added), *(earlier.count(e) for e in CHANGES[1:]))


# ---------------------------------------------------------------- comparing
def qty(j: dict[str, Any] | None) -> Q | None:
    if j is None or j.get("value") is None:
        return None
    return j["value"], bool(j.get("lb"))


def marked(j: dict[str, Any] | None) -> M | None:
    if j is None or j.get("value") is None:
        return None
    mark = ("approx" if j.get("approx") and not j.get("lb") and not j.get("ub") else "lb" if j.get("lb")
            else "ub" if j.get("ub") else "exact")
    return j["value"], mark


def compare(c: dict[str, Any], m: Brief, w: World) -> list[str]:
    """Every figure where the brief and the model differ."""
    found: list[str] = []
    keys = {r.id: r.key for r in w.recs.values()}

    def check(what: str, want: Any, got: Any) -> None:
        if want != got:
            found.append(f"{m.d} rev{c['header']['revision']} {what}: model {want!r}, brief {got!r}")

    hours = int((m.b - m.a).total_seconds() // 3600)
    check("header.period_hours", hours, c["header"]["period_hours"])
    p = c["power"]
    for unit in ("households", "buildings"):
        f = m.power(unit)
        check(f"power.{unit}_out", f["out"], marked(p[f"{unit}_out"]))
        check(f"power.{unit}_restored", f["restored"], marked(p[f"{unit}_restored"]))
        check(f"power.peak_{unit}", f["peak"], marked(p[f"peak_{unit}"]))
    f = m.power()
    for k in ("open_outages", "new_in_period", "restored_in_period", "outages_to_date"):
        check(f"power.{k}", f[k], p.get(k, 0))
    check("power.open", f["open"], sorted(keys.get(o["outage_id"], "?") for o in p["open"]))
    rows = {r["name"]: r for r in c["subdistricts"]}
    for i, (name, _, _) in enumerate(SUBS):
        row = rows.get(name)
        if row is None:
            found.append(f"{m.d} 二、分街道 has no row for {name}")
            continue
        fs = m.power(sub=i)
        check(f"{name}.open_outages", fs["open_outages"], row["open_outages"])
        check(f"{name}.restored_in_period", fs["restored_in_period"], row["restored_in_period"])
        check(f"{name}.households_out", fs["out"], marked(row["households_out"]))
        check(f"{name}.households_restored", fs["restored"], marked(row["households_restored"]))
        period, to_date = m.volumes(i)
        check(f"{name}.volume.period", period, qty(row["volume_m3"]["period"]))
        check(f"{name}.volume.to_date", to_date, qty(row["volume_m3"]["to_date"]))
        check(f"{name}.reports", len(m.with_data(i)), row["reports"])
    period, to_date = m.volumes()
    check("pumping.period", period, qty(c["pumping"]["volume_m3"]["period"]))
    check("pumping.to_date", to_date, qty(c["pumping"]["volume_m3"]["to_date"]))
    for fld, j in (("kg", "mass_kg"), ("loads", "truckloads")):
        period, to_date = m.debris(fld)
        check(f"debris.{j}.period", period, qty(c["debris"][j]["period"]))
        check(f"debris.{j}.to_date", to_date, qty(c["debris"][j]["to_date"]))
    di, dj = m.disinfection(), c["disinfection"]
    for label in ("period", "to_date"):
        check(f"disinfection.person_times.{label}", di.get(("person_times", label)), qty(dj["person_times"][label]))
        got = {x["code"]: qty(x["figure"][label]) for x in dj["categories"] if qty(x["figure"][label])}
        want = {cat: q for (cat, lab), q in di.items() if lab == label and cat != "person_times" and q}
        check(f"disinfection.{label}", want, got)
    zero, silent = m.board()
    names = [x if isinstance(x, str) else x.get("name") for x in c["quality"]["zero_reported"]]
    check("quality.zero_reported", zero, names)
    check("quality.silent", silent, [x if isinstance(x, str) else x.get("name") for x in c["quality"]["silent"]])
    check("quality.late", m.late(), sorted(keys.get(x["report_id"], "?") for x in c["quality"]["late"]))
    return found


def outages_api(api: Api, event: int, m: Brief, w: World) -> list[str]:
    """Each outage "as of" the day's start, its end (and on the 15th, 01:30 twice) "as known at" the cut-off."""
    found = []
    keys = {r.id: r.key for r in w.recs.values()}
    moments = [m.a, m.b] + ([at("09-15 01:30"), at("09-15 01:30", fold=1)] if m.d == DAYS[2] else [])
    for as_of in moments:
        got = api.call("GET", f"/events/{event}/outages", params={
            "as_of": spell(as_of, 0), "known_at": m.cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")}).json()
        listed = {keys.get(o["outage_id"], "?"): o for o in got["outages"]}
        for o in w.known(m.cutoff, "outage"):
            want = m.out(o, as_of, "households")
            j = listed.get(o.key)
            if want == "no":
                if j is not None:
                    found.append(f"outages as of {as_of}: {o.key} listed before it began")
                continue
            if j is None:
                found.append(f"outages as of {as_of} known at {m.cutoff}: {o.key} missing")
                continue
            mark = ("approx" if j["households_out_approx"] else "lb" if j["households_out_lb"]
                    else "ub" if j["households_out_ub"] else "exact")
            have = None if j["households_out"] is None else (j["households_out"], mark)
            if (None if not isinstance(want, tuple) else want[:2]) != have:
                found.append(f"outages as of {as_of} known at {m.cutoff}: {o.key} model {want}, api {have}")
    if m.d == DAYS[2]:  # 01:30 local that night, without an offset: refused naming as_of, both readings offered
        r = api.call("GET", f"/events/{event}/outages", params={"as_of": "1991-09-15 01:30"}, want=(400,))
        if "as_of" not in r.json().get("errors", {}):
            found.append(f"an ambiguous as_of: {r.json()}")
    return found


def summary(c: dict[str, Any]) -> str:
    """One line of a brief's headline figures."""
    p, h = c["power"], c["header"]

    def q(j: dict[str, Any]) -> str:
        m = marked(j)
        return "未报" if m is None else f"{m[0]}{'' if m[1] == 'exact' else m[1]}"

    return (f"{h['day']} 第{h['number']}期 rev{h['revision']} {h['period_hours']}h: out {q(p['households_out'])}户 "
            f"{q(p['buildings_out'])}栋, back {q(p['households_restored'])}, peak {q(p['peak_households'])}, "
            f"open {p['open_outages']}, m³ {q(c['pumping']['volume_m3']['period'])}/"
            f"{q(c['pumping']['volume_m3']['to_date'])}, t {q(c['debris']['mass_kg']['period'])}kg, "
            f"late {len(c['quality']['late'])}, 零报告 {[x['name'] for x in c['quality']['zero_reported']]}, "
            f"未报送 {[x['name'] for x in c['quality']['silent']]}")


def markdown(api: Api, b: dict[str, Any], c: dict[str, Any]) -> list[str]:
    """The Markdown says the number, the households still out and the day's m³ as the JSON has them."""
    md = api.call("GET", b["formats"]["md"]).content.decode()
    want = [f"第{c['header']['number']}期"]
    out = marked(c["power"]["households_out"])
    if out and out[0]:
        want.append({"lb": f"{out[0]:,}余户", "ub": f"不超过{out[0]:,}户", "approx": f"约{out[0]:,}户"}.get(
            out[1], f"{out[0]:,}户"))
    vol = c["pumping"]["volume_m3"]["period"]
    if vol.get("value"):
        v = f"{vol['value']:,}"
        want.append(f"{v}余（估）" if vol["lb"] and vol["approx"] else f"约{v}" if vol["approx"]
                    else f"{v}余" if vol["lb"] else v)
    return [f"{c['header']['day']} markdown lacks {x!r}" for x in want if x not in md]


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--base", default="http://127.0.0.1:51400")
    ap.add_argument("--token", required=True)
    ap.add_argument("--quick", action="store_true", help="recompile one day only")
    a = ap.parse_args()
    sys.exit(run(a.base, a.token, a.quick))
