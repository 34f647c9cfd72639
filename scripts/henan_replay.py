"""An outsider's replay of a "7·20"-style rainstorm (Henan, July 2021) over the HTTP API.

Reads only docs/ (api.md, api-reports.md, domain.md, briefs.md): a district of 5 subdistricts/towns and
30 communities, 4 days, ~400 reports sent with a coordinator's token and their real `reported_at`, the
scheduler run as `incidents scheduler --once --as-of <due>` before each brief, then every brief's JSON
held against figures worked out here from the docs' rules (nothing of the product imported), and its
Markdown and DOCX read for the same figures. Run through scripts/henan-replay (gunicorn, SQLite or PostgreSQL).

    python scripts/henan_replay.py --base http://127.0.0.1:5150 --token il_...
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests

ZONE = ZoneInfo("Asia/Shanghai")
DAYS = [date(2021, 7, 20) + timedelta(days=i) for i in range(4)]
FAR = datetime(2100, 1, 1, tzinfo=UTC)
INCIDENTS = os.path.join(os.path.dirname(sys.executable), "incidents")

SUBS = [  # name, code, communities
    ("东风路街道", "410105001", ["东风社区", "文博社区", "丰庆社区", "经三社区", "农科社区", "索克社区"]),
    ("文化路街道", "410105002", ["沙门社区", "天明社区", "红专社区", "宋寨社区", "园田社区", "北林社区"]),
    ("丰产路街道", "410105003", ["黄河社区", "顺河社区", "省委社区", "纬五社区", "政七社区", "金杯社区"]),
    ("南阳路街道", "410105004", ["杓袁社区", "老鸦陈社区", "张家村", "陈寨社区", "庙李社区", "南阳新村社区"]),
    ("柳林镇", "410105100", ["柳林村", "毛庄村", "刘庄村", "杨君刘村", "黑朱庄村", "宋庄村"]),
]


def local(d: date, hh: int, mm: int = 0) -> datetime:
    """A local wall time on day d (hh may reach 24+)."""
    return datetime(d.year, d.month, d.day, tzinfo=ZONE) + timedelta(hours=hh, minutes=mm)


def spell(t: datetime, i: int) -> str:
    """A time as an outsider sends it, in turn: +08:00, Z, naive local with a space, naive local with a T."""
    lt = t.astimezone(ZONE)
    return [lt.strftime("%Y-%m-%dT%H:%M+08:00"), t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            lt.strftime("%Y-%m-%d %H:%M"), lt.strftime("%Y-%m-%dT%H:%M")][i % 4]


def due(d: date) -> datetime:
    """The brief of day d is due at 08:00 the next day."""
    return local(d, 32)


def bounds(d: date) -> tuple[datetime, datetime]:
    """The local day's bounds."""
    return local(d, 0), local(d, 24)


# ---------------------------------------------------------------- quantities: (value, more-than)
Q = tuple[int, bool]


def qsum(qs: list[Q | None]) -> Q | None:
    """A sum of "more than" quantities; None when none gave a figure; "more than" when one did not."""
    given = [q for q in qs if q is not None]
    if not given:
        return None
    return sum(q[0] for q in given), any(q[1] for q in given) or len(given) < len(qs)


def qtext(q: Q, unit: str = "") -> str:
    """How docs/briefs.md says a quantity is written: 1,234 / 1,234余."""
    return f"{q[0]:,}{'余' if q[1] else ''}{unit}"


# ---------------------------------------------------------------- the model's records
@dataclass
class Rec:
    """One report as the model knows it."""
    key: str
    kind: str
    sub: int                       # index of its subdistrict
    place: str
    reported: datetime
    data: dict[str, Any]
    id: int = 0
    live: bool = True
    version: int = 1
    changes: list[tuple[datetime, str]] = field(default_factory=list)  # (moment in the replay, fix / retract)


@dataclass
class World:
    """Every report sent so far, by key."""
    recs: dict[str, Rec] = field(default_factory=dict)

    def known(self, cutoff: datetime, kind: str) -> list[Rec]:
        return [r for r in self.recs.values() if r.kind == kind and r.live and r.reported <= cutoff]


def floor_share(v: int, s: datetime, t: datetime, x: datetime) -> int:
    """docs/domain.md: F(x) = floor(V * (x - s) / (t - s)), clamped to the interval."""
    x = min(max(x, s), t)
    num, den = int((x - s).total_seconds()), int((t - s).total_seconds())
    return v * num // den


def interval_figures(recs: list[Rec], fld: str, d: date) -> tuple[Q | None, Q | None]:
    """A day's apportioned share and the share to date of interval quantities (volumes, tonnes)."""
    a, b = bounds(d)
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
        to_date.append((floor_share(q[0], s, t, b), q[1]))
        if t > a:
            period.append((floor_share(q[0], s, t, b) - floor_share(q[0], s, t, a), q[1]))
    return qsum(period), qsum(to_date)


M = tuple[int, str, str]  # value, mark (exact, lb, ub, approx), source ("aff": read off affected, "told")


def sum_marks(marks: list[str]) -> str:
    """docs/domain.md: exact + at most is at most, at most + more than is about, about stays about."""
    ms = set(marks)
    if "approx" in ms or {"lb", "ub"} <= ms:
        return "approx"
    return "lb" if "lb" in ms else "ub" if "ub" in ms else "exact"


def outage_out(o: Rec, ups: list[Rec], t: datetime, unit: str) -> M | None | str:
    """Households (or buildings) out at t: 'no' when not begun, None when not told."""
    if o.data["start"] > t:
        return "no"
    aff = o.data.get(unit)
    last = None
    # an update that gives the other unit only leaves this one as it stood (docs/domain.md, Sums)
    for u in sorted(ups, key=lambda u: u.data["at"]):
        if u.data["at"] <= t and (u.data.get("full") or u.data.get(unit + "_out") is not None
                                  or u.data.get(unit + "_back") is not None):
            last = u
    if last is not None and last.data.get("full"):
        return 0, "exact", "told"
    if last is not None and last.data.get(unit + "_out") is not None:
        v, lb = last.data[unit + "_out"]
        return v, "lb" if lb else "exact", "told"
    if aff is None:
        return None
    back = last.data[unit + "_back"] if last is not None else 0
    return aff[0] - back, "lb" if aff[1] else "exact", "aff"


def fall_mark(first: M, end: M) -> str:
    """docs/briefs.md: what came back is first less end, marked by those two ends only."""
    pair = (first[1], end[1])
    if pair == ("lb", "lb"):
        return "exact" if first[2] == end[2] == "aff" else "approx"
    return {("exact", "exact"): "exact", ("lb", "exact"): "lb", ("exact", "lb"): "ub"}[pair]


class Brief:
    """Every figure the docs say a brief of day d at cutoff holds, worked out from the reports."""

    def __init__(self, world: World, d: date, cutoff: datetime, prev_cutoff: datetime | None, first_day: bool):
        self.w, self.d, self.cutoff = world, d, cutoff
        self.a, self.b = bounds(d)
        self.prev_cutoff = prev_cutoff
        self.first_day = first_day

    def _ups(self, o: Rec) -> list[Rec]:
        return [u for u in self.w.known(self.cutoff, "outage_update") if u.data["outage"] == o.key]

    def power(self, sub: int | None = None, unit: str = "households") -> dict[str, Any]:
        outs = [o for o in self.w.known(self.cutoff, "outage") if o.data["start"] < self.b
                and (sub is None or o.sub == sub)]
        f: dict[str, Any] = {"outages_to_date": len(outs), "new_in_period": 0, "restored_in_period": 0}
        open_h: list[M | None] = []
        falls: list[tuple[int, str]] = []
        back_unknown = 0
        open_ids = []
        for o in outs:
            ups = self._ups(o)
            end = outage_out(o, ups, self.b, unit)
            if o.data["start"] >= self.a:
                f["new_in_period"] += 1
            full_at = min((u.data["at"] for u in ups if u.data.get("full")), default=None)
            if full_at is not None and self.a <= full_at < self.b:
                f["restored_in_period"] += 1
            if full_at is None or full_at >= self.b:
                open_ids.append(o.key)
                open_h.append(end if end != "no" else None)  # type: ignore[arg-type]
            first = outage_out(o, ups, max(self.a, o.data["start"]), unit)
            if first is None:
                if full_at is not None and self.a <= full_at < self.b:
                    back_unknown += 1
                continue
            assert first != "no" and end != "no" and end is not None
            fall = first[0] - end[0]  # type: ignore[index]
            if fall > 0:
                falls.append((fall, fall_mark(first, end)))  # type: ignore[arg-type]
        f["open_outages"] = len(open_ids)
        f["open_ids"] = sorted(open_ids)
        f["households_unknown"] = sum(1 for q in open_h if q is None)
        told = [q for q in open_h if q is not None]
        f["households_out"] = (sum(q[0] for q in told), sum_marks([q[1] for q in told])) if told else (
            None if open_h else (0, "exact"))
        f["households_restored"] = (sum(q[0] for q in falls), sum_marks([q[1] for q in falls])) if falls else None
        f["households_back_unknown"] = back_unknown
        if sub is not None:
            return f
        # the peak: the largest sum out at any instant up to the day's end ("more than" if so at any such instant)
        instants = sorted({o.data["start"] for o in outs} | {u.data["at"] for o in outs for u in self._ups(o)})
        best: tuple[int, str] | None = None
        for t in (x for x in instants if x < self.b):
            qs = [outage_out(o, self._ups(o), t, unit) for o in outs]
            told2 = [q for q in qs if q not in ("no", None)]
            if not told2:
                continue
            total = (sum(q[0] for q in told2), sum_marks([q[1] for q in told2]))  # type: ignore[index]
            if best is None or total[0] > best[0]:
                best = total
            elif total[0] == best[0] and total[1] == "lb":
                best = (best[0], "lb")
        f["peak_households"] = best
        return f

    def pumping(self, sub: int | None = None) -> dict[str, Any]:
        vols = [v for v in self.w.known(self.cutoff, "pumping_volume")
                if self.w.recs[v.data["op"]].live and (sub is None or v.sub == sub)]
        period, to_date = interval_figures(vols, "m3", self.d)
        return {"period": period, "to_date": to_date}

    def debris(self) -> dict[str, Any]:
        recs = self.w.known(self.cutoff, "debris")
        return dict(zip(("kg", "kg_to_date"), interval_figures(recs, "kg", self.d), strict=True)) | dict(
            zip(("loads", "loads_to_date"), interval_figures(recs, "loads", self.d), strict=True))

    def disinfection(self) -> dict[tuple[str, str], Q | None]:
        """Per category (and person-times), the period's and to date: rounds add up; a report of totals to
        date (cumulative) replaces its place's count of each figure it gives, person-times included; a place
        that sent one in the period has for its period the change of its to-date."""
        recs = sorted((r for r in self.w.known(self.cutoff, "disinfection") if r.data["at"] < self.b),
                      key=lambda r: r.data["at"])
        out: dict[tuple[str, str], Q | None] = {}

        def figure(r: Rec, cat: str) -> Q | None:
            return r.data["person_times"] if cat == "person_times" else r.data["counts"].get(cat)

        def to_date(rs: list[Rec], cat: str) -> dict[str, Q]:
            per_place: dict[str, Q] = {}
            for r in rs:
                q = figure(r, cat)
                if q is None:
                    continue
                if r.data.get("cumulative") or r.place not in per_place:
                    per_place[r.place] = q
                else:
                    per_place[r.place] = (per_place[r.place][0] + q[0], per_place[r.place][1] or q[1])
            return per_place

        cats = sorted({c for r in recs for c in r.data["counts"]} | {"person_times"})
        for cat in cats:
            end = to_date(recs, cat)
            out[(cat, "to_date")] = qsum(list(end.values())) if end else None
            start = to_date([r for r in recs if r.data["at"] < self.a], cat)
            in_period = [r for r in recs if r.data["at"] >= self.a and figure(r, cat) is not None]
            cum_places = {r.place for r in recs if r.data["at"] >= self.a and r.data.get("cumulative")}
            if not in_period:
                out[(cat, "period")] = None
                continue
            value = 0
            for place in {r.place for r in in_period}:
                if place in cum_places:
                    value += end[place][0] - (start[place][0] if place in start else 0)
                else:
                    value += sum(figure(r, cat)[0] for r in in_period if r.place == place)  # type: ignore[index]
            out[(cat, "period")] = (value, any(figure(r, cat)[1] for r in in_period))  # type: ignore[index]
        return out

    def reports_of(self, sub: int) -> int:
        """二、分街道's count: reports with data observed in the day, reaching into it, or sent in it."""
        return len(self._with_data(sub))

    def _with_data(self, sub: int | None = None) -> list[Rec]:
        found = []
        for r in self.w.recs.values():
            if not r.live or r.reported > self.cutoff or r.kind == "zero_report" or (sub is not None and r.sub != sub):
                continue
            if r.kind == "outage_update" and not self.w.recs[r.data["outage"]].live:
                continue
            at = r.data.get("at") or r.data.get("start")
            sent_in = self.a <= r.reported < self.b
            if r.kind in ("pumping_volume", "debris") and r.data.get("end"):
                touches = r.data["start"] < self.b and r.data["end"] > self.a
            else:
                touches = at is not None and self.a <= at < self.b
            if touches or sent_in:
                found.append(r)
        return found

    def board(self) -> tuple[list[int], list[int]]:
        """(zero-reported, silent) subdistrict indexes."""
        data = {r.sub for r in self._with_data()}
        zero = {r.sub for r in self.w.known(self.cutoff, "zero_report") if r.data["day"] == self.d}
        return sorted(zero - data), sorted(set(range(len(SUBS))) - data - zero)

    def late(self) -> list[str]:
        """Reports received after the previous day's first brief and by this cut-off, seen before this day."""
        if self.prev_cutoff is None:
            return []
        keys = []
        for r in self.w.recs.values():
            if r.kind == "zero_report":
                day = r.data["day"]
            else:
                at = r.data.get("at") or r.data.get("start")
                day = at.astimezone(ZONE).date()
            if r.live and self.prev_cutoff < r.reported <= self.cutoff and day < self.d:
                keys.append(r.key)
        return sorted(keys)


# ---------------------------------------------------------------- the scenario
class Scenario:
    """Builds the actions (time, what) of the four days."""

    def __init__(self, seed: int = 720):
        self.rnd = random.Random(seed)
        self.actions: list[tuple[datetime, int, str, dict[str, Any]]] = []
        self.n = 0

    def add(self, t: datetime, what: str, **kw: Any) -> None:
        self.n += 1
        self.actions.append((t, self.n, what, kw))

    def build(self, places: dict[str, int], households: dict[str, int]) -> None:
        rnd = self.rnd
        comms = [(si, c) for si, (_, _, cs) in enumerate(SUBS) for c in cs]
        # zero reports: 柳林镇 (4) quiet on days 1-2 (silent on day 1, 零报告 on day 2, one sent late for day 1)
        self.add(local(DAYS[1], 20), "zero", sub=4, day=DAYS[1], key="z-liulin-21")
        self.add(local(DAYS[1], 11), "zero", sub=4, day=DAYS[0], key="z-liulin-20-late")
        # 丰产路街道 (2) sends a zero report for day 3 then a report with data that day
        self.add(local(DAYS[2], 9), "zero", sub=2, day=DAYS[2], key="z-fengchan-22")
        active = [c for c in comms if c[0] != 4 or True]
        # --- outages: 48, multi-day, some "more than", two of no size, one duplicate retracted
        k = 0
        for si, c in active:
            if si == 4 and rnd.random() < 0.5:
                continue
            for _ in range(1 if rnd.random() < 0.6 else 2):
                k += 1
                key = f"o{k}"
                day = DAYS[0] if rnd.random() < 0.55 else DAYS[1]
                if si == 4:
                    day = DAYS[2]
                start = local(day, rnd.choice([3, 9, 14, 17, 21]), rnd.choice([0, 10, 25, 40]))
                hh = rnd.randrange(60, 900)
                lb = rnd.random() < 0.25
                size: dict[str, Any] = {"households": (hh, lb), "buildings": (max(1, hh // 60), False)}
                if k in (7, 19):
                    size = {}
                rep = start + timedelta(minutes=rnd.choice([20, 45, 90]))
                said = None
                if rnd.random() < 0.2:  # a part of the day, stored at its middle (docs/domain.md)
                    part = {3: ("凌晨", 3, 6), 9: ("上午", 9, 12), 14: ("下午", 15, 18), 17: ("下午", 15, 18),
                            21: ("晚上", 21, 24)}[start.astimezone(ZONE).hour]
                    start, rep = local(day, part[1]), local(day, part[2], 25)
                    said = f"{day.isoformat()} {part[0]}"
                self.add(rep, "outage", key=key, sub=si, place=c, start=start, said=said, **size)
                # updates: partial then full, spread over up to three days
                t = start
                back = 0
                steps = rnd.choice([1, 2, 2, 3, 3, 4])
                for s in range(steps):
                    t = t + timedelta(hours=rnd.choice([5, 9, 14, 20, 27]))
                    full = s == steps - 1
                    if t >= local(DAYS[-1], 22):
                        break
                    urep = t + timedelta(minutes=rnd.choice([15, 40, 80]))
                    if rnd.random() < 0.08:  # learned the next morning after the brief: late
                        urep = local(t.astimezone(ZONE).date(), 34)
                    if full:
                        self.add(urep, "update", key=f"{key}u{s}", outage=key, sub=si, place=c, at=t, full=True)
                    elif size:
                        back = min(hh - 1, back + rnd.randrange(10, max(11, hh // 2)))
                        bb = min(size["buildings"][0] - 1, back // 60) if size["buildings"][0] > 1 else 0
                        told = not lb and rnd.random() < 0.3  # "200余户 still out" rather than what came back
                        self.add(urep, "update", key=f"{key}u{s}", outage=key, sub=si, place=c, at=t,
                                 households_back=back, buildings_back=bb, approx=rnd.random() < 0.2,
                                 households_out=(hh - back, True) if told else None)
        self.add(local(DAYS[0], 22, 5), "outage", key="dup", sub=0, place=comms[0][1],
                 start=local(DAYS[0], 21, 0), households=(300, False), buildings=(5, False))
        self.add(local(DAYS[1], 9, 30), "retract", key="dup")
        # --- pumping: an operation per community hit, volumes over intervals crossing midnight
        spellings = [lambda v: f"{v / 10000:g}万", lambda v: f"{v}余方", lambda v: f"{v / 10000:g}万余立方米",
                     lambda v: v, lambda v: f"{v:,}", lambda v: f"{v}立方米", lambda v: f"{v}+"]
        p = 0
        for si, c in comms:
            if si == 4 and c not in ("柳林村", "宋庄村"):
                continue
            if rnd.random() < 0.35:
                continue
            p += 1
            okey = f"p{p}"
            day0 = DAYS[2] if si == 4 else DAYS[0]
            ostart = local(day0, rnd.choice([6, 10, 16, 20]))
            self.add(ostart + timedelta(minutes=30), "pumping", key=okey, sub=si, place=c, start=ostart,
                     team=rnd.choice(["消防救援大队", "市政排水", "中铁七局抢险队", "武警支队"]),
                     people=rnd.randrange(6, 40), pumps=rnd.randrange(2, 9))
            t = ostart
            for v in range(rnd.randrange(2, 6)):
                s = t
                t = s + timedelta(hours=rnd.choice([6, 10, 12, 16, 30]))
                if t > local(DAYS[-1], 23):
                    break
                raw = rnd.choice([1200, 1800, 2500, 3600, 5000, 8000, 12000, 20000, 25000, 30000])
                sp = spellings[(p + v) % len(spellings)]
                text = sp(raw)
                lb = isinstance(text, str) and ("余" in text or "+" in text)
                rep = t + timedelta(minutes=rnd.choice([30, 60, 120]))
                self.add(rep, "volume", key=f"{okey}v{v}", op=okey, sub=si, place=c, start=s, end=t,
                         m3=(raw, lb), text=text)
        # --- disinfection: rounds from day 2, some "more than", a few cumulative (截至目前)
        cats = ["street", "compound", "drain_grate", "garbage_point", "surface"]
        dd = 0
        for day in DAYS[1:]:
            for si, c in comms:
                if rnd.random() < 0.4:
                    continue
                dd += 1
                at = local(day, rnd.choice([8, 10, 15, 19]), 30)
                counts: dict[str, Q] = {}
                for cat in rnd.sample(cats, 3):
                    n = rnd.randrange(3, 40) * (500 if cat == "surface" else 1)
                    counts[cat] = (n, rnd.random() < 0.2)
                pt = (rnd.randrange(10, 120), rnd.random() < 0.2)
                cum = dd % 9 == 0
                self.add(at + timedelta(hours=1), "disinfection", key=f"d{dd}", sub=si, place=c, at=at,
                         counts=counts, person_times=pt, cumulative=cum)
        # --- debris: clearances over intervals in tonnes ("30余吨"), truckloads
        for i in range(28):
            si, c = comms[rnd.randrange(len(comms))]
            day = DAYS[rnd.randrange(1, 4)]
            s = local(day, rnd.choice([7, 9, 12, 13]))
            e = s + timedelta(hours=rnd.choice([4, 8, 20, 26]))
            if e > local(DAYS[-1], 23):
                e = local(DAYS[-1], 22)
            tonnes = rnd.randrange(5, 80)
            lb = i % 4 == 1
            self.add(e + timedelta(minutes=45), "debris", key=f"b{i}", sub=si, place=c, start=s, end=e,
                     bare=s.astimezone(ZONE).hour == 12,
                     kg=(tonnes * 1000, lb), t_text=f"{tonnes}余吨" if lb else str(tonnes),
                     loads=(rnd.randrange(2, 30), False), people=rnd.randrange(5, 50))
        # --- activities
        for i in range(150):
            si, c = comms[rnd.randrange(len(comms))]
            if si == 4 and i % 5:
                continue
            day = DAYS[rnd.randrange(4)]
            at = local(day, rnd.randrange(6, 23), rnd.choice([0, 15, 30]))
            self.add(at + timedelta(minutes=20), "activity", key=f"a{i}", sub=si, place=c, at=at,
                     title=rnd.choice(["转移安置群众", "巡查积水点", "召开防汛调度会", "发放救灾物资", "排查危房"]))


# ---------------------------------------------------------------- the client
class Api:
    """The HTTP API through a token."""

    def __init__(self, base: str, token: str):
        self.root = base.rstrip("/")
        self.base = self.root + "/api/v1"
        self.s = requests.Session()
        self.s.headers.update({"Authorization": f"Bearer {token}", "Accept-Language": "zh"})

    def call(self, method: str, path: str, body: Any = None, want: tuple[int, ...] = (200, 201),
             params: dict[str, str] | None = None, **headers: str) -> requests.Response:
        url = self.root + path if path.startswith("/api/") else self.base + path
        r = self.s.request(method, url, json=body, params=params,
                           headers=headers)
        if r.status_code not in want:
            raise SystemExit(f"{method} {path} {body!r} -> {r.status_code} {r.text[:600]}")
        return r


def run(base: str, token: str) -> int:
    api = Api(base, token)
    sc = Scenario()
    problems: list[str] = []
    ev = api.call("POST", "/events", {"code": "henan-720", "kind": "rainstorm", "name": "“7·20”特大暴雨",
                                      "starts_at": "2021-07-20T00:00+08:00", "brief_time": "08:00"}).json()
    event = ev["id"]
    dist = api.call("POST", "/areas", {"level": "district", "name": "汴河区", "code": "410105"}).json()["id"]
    places: dict[str, int] = {}
    households: dict[str, int] = {}
    subs: list[int] = []
    rnd = random.Random(7)
    for name, code, comms in SUBS:
        sid = api.call("POST", "/areas", {"level": "subdistrict", "name": name, "code": code,
                                          "parent_id": dist}).json()["id"]
        subs.append(sid)
        for c in comms:
            hh = rnd.randrange(1500, 6000)
            places[c] = api.call("POST", "/areas", {"level": "community", "name": c, "parent_id": sid,
                                                    "households": hh}).json()["id"]
            households[c] = hh
    sc.build(places, households)
    world = World()
    for d in DAYS:
        sc.add(due(d), "compile", day=d)
    # corrections: many, through If-Match, at chosen moments
    extra: list[tuple[datetime, int, str, dict[str, Any]]] = []
    rnd2 = random.Random(99)
    outs = [a for a in sc.actions if a[2] == "outage" and "households" in a[3] and a[3]["key"] != "dup"]
    for t, _, _, kw in rnd2.sample(outs, 12):
        # a bigger count learned a little later (rounding up: the outage only grew)
        extra.append((t + timedelta(hours=2), 0, "fix-outage", {"key": kw["key"], "plus": rnd2.randrange(5, 60)}))
    vols = [a for a in sc.actions if a[2] == "volume"]
    for t, _, _, kw in rnd2.sample(vols, 10):
        extra.append((t + timedelta(hours=3), 0, "fix-volume", {"key": kw["key"]}))
    debs = [a for a in sc.actions if a[2] == "debris"]
    for t, _, _, kw in rnd2.sample(debs, 6):
        extra.append((t + timedelta(hours=1), 0, "fix-debris", {"key": kw["key"]}))
    for t, _, _, kw in rnd2.sample(vols, 3):
        extra.append((t + timedelta(hours=5), 0, "retract", {"key": kw["key"]}))
    for t, _, _, kw in rnd2.sample(vols, 5):  # the pump station's log: the interval ran two hours longer
        extra.append((t + timedelta(hours=4), 0, "fix-volume-end", {"key": kw["key"]}))
    parts = [a for a in sc.actions if a[2] == "update" and not a[3].get("full") and not a[3].get("households_out")
             and a[3]["households_back"] > 5]
    for t, _, _, kw in rnd2.sample(parts, 6):  # fewer back than first said
        extra.append((t + timedelta(hours=1), 0, "fix-update", {"key": kw["key"]}))
    exact_starts = [a for a in outs if not a[3].get("said")]
    for t, _, _, kw in rnd2.sample(exact_starts, 4):  # it went out an hour earlier than first said
        extra.append((t + timedelta(minutes=30), 0, "fix-outage-start", {"key": kw["key"]}))
    # outages found to be another's double after a brief showed them: retracted with their updates
    last_rep: dict[str, datetime] = {}
    for t, _, w, kw in sc.actions:
        if w == "update":
            last_rep[kw["outage"]] = max(last_rep.get(kw["outage"], t), t)
    gone = 0
    for t, _, _, kw in outs:
        retract_at = due(kw["start"].astimezone(ZONE).date()) + timedelta(hours=2)
        if gone < 3 and last_rep.get(kw["key"], t) < retract_at and not any(
                e[3].get("key") == kw["key"] for e in extra):
            extra.append((retract_at, 0, "retract", {"key": kw["key"]}))
            gone += 1
    dis = [a for a in sc.actions if a[2] == "disinfection"]
    for t, _, _, kw in rnd2.sample(dis, 3):
        extra.append((t + timedelta(hours=4), 0, "retract", {"key": kw["key"]}))
    acts = sorted(sc.actions + [(t, 10_000 + i, w, kw) for i, (t, _, w, kw) in enumerate(extra)],
                  key=lambda a: (a[0], a[1]))
    sched_env = dict(os.environ)
    briefs: dict[date, dict[str, Any]] = {}
    counter = 0
    replays = 0
    stale_refused = 0
    prev_cutoff: dict[date, datetime] = {}

    def send(kw: dict[str, Any], kind: str, body: dict[str, Any], t: datetime) -> None:
        nonlocal counter, replays
        counter += 1
        body = {"kind": kind, "reported_at": spell(t, counter), **body}
        key = f"{kw['key']}-{counter}"
        r = api.call("POST", f"/events/{event}/reports", body, **{"Idempotency-Key": key})
        rec = Rec(kw["key"], kind, kw["sub"], kw.get("place", ""), t, {}, r.json()["id"])
        if counter % 11 == 0:  # the phone's retry: the same key, the same body
            again = api.call("POST", f"/events/{event}/reports", body, want=(200,), **{"Idempotency-Key": key})
            if again.json()["id"] != rec.id or again.headers.get("Idempotent-Replayed") != "true":
                problems.append(f"replay of {key} gave {again.json()} {dict(again.headers)}")
            replays += 1
        if counter == 50:  # the same key with another body: refused, nothing saved
            other = api.call("POST", f"/events/{event}/reports", {**body, "note": "另一份"}, want=(422,),
                             **{"Idempotency-Key": key})
            if "idempotency_key" not in other.json().get("errors", {}):
                problems.append(f"key reused with another body: {other.json()}")
        world.recs[kw["key"]] = rec
        return rec  # type: ignore[return-value]

    for t, _, what, kw in acts:
        if what == "outage":
            body: dict[str, Any] = {"area_id": places[kw["place"]],
                                    "started_at": kw.get("said") or spell(kw["start"], counter + 1)}
            if "households" in kw:
                h = kw["households"]
                body["households_affected"] = f"{h[0]}余户" if h[1] else h[0]
                body["buildings_affected"] = kw["buildings"][0]
            rec = send(kw, "outage", body, t)
            rec.data = {"start": kw["start"], "households": kw.get("households"), "buildings": kw.get("buildings")}
        elif what == "update":
            at = kw["at"].astimezone(ZONE)
            body = {"outage_id": world.recs[kw["outage"]].id,
                    "observed_at": at.strftime("%Y-%m-%d ~%H:%M") if kw.get("approx") else spell(kw["at"], counter + 2)}
            if kw.get("full"):
                body["fully_restored"] = True
            elif kw.get("households_out"):
                body["households_out"] = f"{kw['households_out'][0]}余户"
            else:
                body["households_restored"] = kw["households_back"]
                body["buildings_restored"] = kw["buildings_back"]
            rec = send(kw, "outage_update", body, t)
            told = kw.get("households_out") is not None
            rec.data = {"outage": kw["outage"], "at": kw["at"], "full": kw.get("full", False),
                        "households_back": None if told or kw.get("full") else kw.get("households_back", 0),
                        "buildings_back": None if told or kw.get("full") else kw.get("buildings_back", 0),
                        "households_out": kw.get("households_out")}
        elif what == "pumping":
            rec = send(kw, "pumping", {"area_id": places[kw["place"]], "team": kw["team"],
                                       "observed_at": spell(kw["start"], counter + 1), "people": kw["people"],
                                       "pumps": kw["pumps"]}, t)
            rec.data = {"start": kw["start"]}
        elif what == "volume":
            rec = send(kw, "pumping_volume", {"operation_id": world.recs[kw["op"]].id,
                                              "period_start": spell(kw["start"], counter),
                                              "period_end": spell(kw["end"], counter + 1), "volume_m3": kw["text"]}, t)
            rec.data = {"op": kw["op"], "start": kw["start"], "end": kw["end"], "m3": kw["m3"]}
        elif what == "disinfection":
            counts = {c: (f"{q[0]}余" if q[1] else q[0]) for c, q in kw["counts"].items()}
            pt = kw["person_times"]
            rec = send(kw, "disinfection", {"area_id": places[kw["place"]], "observed_at": spell(kw["at"], counter),
                                            "counts": counts, "person_times": f"{pt[0]}余人次" if pt[1] else pt[0],
                                            "cumulative": kw["cumulative"]}, t)
            rec.data = {"at": kw["at"], "counts": kw["counts"], "person_times": pt, "cumulative": kw["cumulative"]}
        elif what == "debris":
            start_said = kw["start"].astimezone(ZONE).date().isoformat() if kw["bare"] else spell(kw["start"], counter)
            rec = send(kw, "debris", {"area_id": places[kw["place"]], "period_start": start_said,
                                      "period_end": spell(kw["end"], counter + 3), "mass_t": kw["t_text"],
                                      "truckloads": kw["loads"][0], "people": kw["people"]}, t)
            rec.data = {"start": kw["start"], "end": kw["end"], "kg": kw["kg"], "loads": kw["loads"]}
        elif what == "activity":
            rec = send(kw, "activity", {"area_id": places[kw["place"]], "observed_at": spell(kw["at"], counter),
                                        "title": kw["title"]}, t)
            rec.data = {"at": kw["at"]}
        elif what == "zero":
            rec = send(kw, "zero_report", {"area_id": subs[kw["sub"]], "period_day": kw["day"].isoformat()}, t)
            rec.data = {"day": kw["day"]}
        elif what == "retract":
            rec = world.recs[kw["key"]]
            api.call("POST", f"/reports/{rec.id}/retract", {})
            rec.live = False
            rec.changes.append((t, "retract"))
        elif what.startswith("fix-"):
            rec = world.recs[kw["key"]]
            cur = api.call("GET", f"/reports/{rec.id}")
            etag = cur.headers["ETag"]
            if what == "fix-outage":
                h = rec.data["households"]
                new = (h[0] + kw["plus"], h[1])
                body = {"households_affected": f"{new[0]}余" if new[1] else new[0], "households_affected_lb": new[1]}
                rec.data["households"] = new
            elif what == "fix-volume-end":
                rec.data["end"] = rec.data["end"] + timedelta(hours=2)
                body = {"period_end": spell(rec.data["end"], rec.id)}
            elif what == "fix-update":
                rec.data["households_back"] -= 3
                body = {"households_restored": rec.data["households_back"]}
            elif what == "fix-outage-start":
                rec.data["start"] = rec.data["start"] - timedelta(hours=1)
                body = {"started_at": spell(rec.data["start"], rec.id)}
            elif what == "fix-volume":
                v = rec.data["m3"]
                new = (v[0] + 700, not v[1])  # the pump station's meter: a different figure and mark
                body = {"volume_m3": f"{new[0]}余立方米" if new[1] else f"{new[0]}立方米", "volume_m3_lb": new[1]}
                rec.data["m3"] = new
            else:
                kg = rec.data["kg"]
                new = (kg[0] + 2500, kg[1])
                body = {"mass_t": f"{new[0] / 1000:g}余吨" if new[1] else f"{new[0] / 1000:g}"}
                rec.data["kg"] = new
            # a version read before the last change first: refused (412), nothing saved ("0" is no version: a 422)
            version = int(etag.strip('"'))
            if version > 1:
                api.call("PATCH", f"/reports/{rec.id}", body, want=(412,), **{"If-Match": f'"{version - 1}"'})
                stale_refused += 1
            # a bulk fix means "whatever is current" (If-Match: *); the others send the ETag they read
            api.call("PATCH", f"/reports/{rec.id}", body, **{"If-Match": "*" if what == "fix-update" else etag})
            rec.changes.append((t, "fix"))
        elif what == "compile":
            d = kw["day"]
            subprocess.run([INCIDENTS, "scheduler", "--once", "--as-of",
                            due(d).isoformat()], env=sched_env, check=True, capture_output=True)
            listing = api.call("GET", f"/events/{event}/briefs").json()
            day = next(x for x in listing["days"] if x["day"] == d.isoformat())
            b = day["briefs"][-1]
            content = api.call("GET", f"/briefs/{b['id']}/json").json()
            i = DAYS.index(d)
            prev = due(DAYS[i - 1]) if i else None
            prev_cutoff[d] = prev  # type: ignore[assignment]
            model = Brief(world, d, due(d), prev, i == 0)
            problems += compare(content["content"], model, world, d)
            problems += formats(api, b, content["content"], model)
            problems += outages_api(api, event, model, world)
            briefs[d] = b
    # the office recompiles day 1 after everything: revision 2 counts every report known now
    r = api.call("POST", f"/briefs/{briefs[DAYS[0]]['id']}/recompile", {}, want=(202,))
    subprocess.run([INCIDENTS, "scheduler", "--once"], env=sched_env, check=True,
                   capture_output=True)
    job = api.call("GET", r.headers["Location"]).json()
    if job["status"] != "done":
        problems.append(f"recompile: {job}")
    else:
        b2 = api.call("GET", job["brief_url"]).json()
        c2 = api.call("GET", f"/briefs/{b2['id']}/json").json()["content"]
        problems += compare(c2, Brief(world, DAYS[0], FAR, None, True), world, DAYS[0], late=False)
        # what the revision says changed since the first (docs/briefs.md): received since that bear on the day,
        # then the earlier ones corrected or retracted since, each once, by where it stands now
        first_cut, end = due(DAYS[0]), bounds(DAYS[0])[1]

        def bears(r: Rec) -> bool:
            if r.kind == "zero_report":
                return r.data["day"] == DAYS[0]
            return (r.data.get("at") or r.data["start"]) < end

        added = [r for r in world.recs.values() if r.live and r.reported > first_cut and bears(r)]
        earlier = [r for r in world.recs.values() if r.reported <= first_cut and bears(r)
                   and any(t > first_cut for t, _ in r.changes)]
        want = (len(added), sum(1 for r in earlier if r.live), sum(1 for r in earlier if not r.live))
        q = c2["quality"]
        got = (q["added_since_previous_revision"], q["corrected_since_previous_revision"],
               q["retracted_since_previous_revision"])
        print(f"revision 2 of {DAYS[0]}: added, corrected, retracted since the first: {got}")
        if want != got:
            problems.append(f"revision 2 of {DAYS[0]}: added/corrected/retracted since model {want}, brief {got}")
    api.call("POST", f"/events/{event}/close", {"ends_at": "2021-07-23T23:00+08:00"})
    late_zero = api.call("POST", f"/events/{event}/reports", {"kind": "zero_report", "area_id": subs[0]}, want=(422,))
    if "period_day" not in late_zero.json().get("errors", {}):
        problems.append(f"a zero report after the event's last brief without a day: {late_zero.json()}")
    n = len([r for r in world.recs.values()])
    print(f"reports sent: {n} (idempotent replays {replays}, stale If-Match refused {stale_refused}),"
          f" corrections {sum(1 for e in extra if e[2].startswith('fix'))},"
          f" retractions {sum(1 for e in extra if e[2] == 'retract') + 1}")
    for p in problems:
        print("MISMATCH", p)
    print(f"{len(problems)} mismatches")
    return 1 if problems else 0


def qty(j: dict[str, Any] | None) -> Q | None:
    """A brief's Qty as (value, more-than); None for 未报."""
    if j is None or j.get("value") is None:
        return None
    return j["value"], bool(j.get("lb"))


def marked(j: dict[str, Any] | None) -> tuple[int, str] | None:
    """A brief's Qty as (value, mark); None for 未报."""
    if j is None or j.get("value") is None:
        return None
    mark = ("approx" if j.get("approx") and not j.get("lb") and not j.get("ub") else "lb" if j.get("lb")
            else "ub" if j.get("ub") else "exact")
    return j["value"], mark


def compare(c: dict[str, Any], m: Brief, world: World, d: date, late: bool = True) -> list[str]:
    """Every figure where the brief and the model differ."""
    found: list[str] = []
    ids = {r.id: r.key for r in world.recs.values()}

    def check(what: str, want: Any, got: Any) -> None:
        if want != got:
            found.append(f"{d} rev{c['header']['revision']} {what}: model {want!r}, brief {got!r}")

    p, f = c["power"], m.power()
    for k in ("open_outages", "new_in_period", "restored_in_period", "outages_to_date", "households_unknown",
              "households_back_unknown"):
        check(f"power.{k}", f[k], p.get(k, 0))
    for k in ("households_out", "households_restored", "peak_households"):
        check(f"power.{k}", f[k], marked(p[k]))
    fb = m.power(unit="buildings")
    check("power.buildings_unknown", fb["households_unknown"], p["buildings_unknown"])
    check("power.buildings_back_unknown", fb["households_back_unknown"], p.get("buildings_back_unknown", 0))
    for k in ("out", "restored"):
        check(f"power.buildings_{k}", fb[f"households_{k}"], marked(p[f"buildings_{k}"]))
    check("power.peak_buildings", fb["peak_households"], marked(p["peak_buildings"]))
    check("power.open", f["open_ids"], sorted(ids[o["outage_id"]] for o in p["open"]))
    rows = {r["name"]: r for r in c["subdistricts"]}
    for i, (name, _, _) in enumerate(SUBS):
        row, fs = rows.get(name), m.power(i)
        if row is None:
            found.append(f"{d} 二、分街道 has no row for {name}")
            continue
        check(f"{name}.open_outages", fs["open_outages"], row["open_outages"])
        check(f"{name}.restored_in_period", fs["restored_in_period"], row["restored_in_period"])
        check(f"{name}.households_out", fs["households_out"], marked(row["households_out"]))
        ps = m.pumping(i)
        check(f"{name}.volume.period", ps["period"], qty(row["volume_m3"]["period"]))
        check(f"{name}.volume.to_date", ps["to_date"], qty(row["volume_m3"]["to_date"]))
        check(f"{name}.reports", m.reports_of(i), row["reports"])
    pu = m.pumping()
    check("pumping.period", pu["period"], qty(c["pumping"]["volume_m3"]["period"]))
    check("pumping.to_date", pu["to_date"], qty(c["pumping"]["volume_m3"]["to_date"]))
    de = m.debris()
    check("debris.kg.period", de["kg"], qty(c["debris"]["mass_kg"]["period"]))
    check("debris.kg.to_date", de["kg_to_date"], qty(c["debris"]["mass_kg"]["to_date"]))
    check("debris.loads.period", de["loads"], qty(c["debris"]["truckloads"]["period"]))
    check("debris.loads.to_date", de["loads_to_date"], qty(c["debris"]["truckloads"]["to_date"]))
    di = m.disinfection()
    dj = c["disinfection"]
    for label in ("period", "to_date"):
        check(f"disinfection.person_times.{label}", di.get(("person_times", label)), qty(dj["person_times"][label]))
        got = {x["code"]: qty(x["figure"][label]) for x in dj["categories"] if qty(x["figure"][label])}
        want = {cat: q for (cat, lab), q in di.items() if lab == label and cat != "person_times" and q}
        check(f"disinfection.{label}", want, got)
    zero, silent = m.board()
    check("quality.zero_reported", [SUBS[i][0] for i in zero], [x if isinstance(x, str) else x.get("name")
                                                                 for x in c["quality"]["zero_reported"]])
    check("quality.silent", [SUBS[i][0] for i in silent], [x if isinstance(x, str) else x.get("name")
                                                           for x in c["quality"]["silent"]])
    if late:
        check("quality.late", m.late(), sorted(ids.get(x["report_id"], "?") for x in c["quality"]["late"]))
    return found


def outages_api(api: Api, event: int, m: Brief, world: World) -> list[str]:
    """The outages "as of" the day's start and end "as known at" the brief's cut-off, outage by outage."""
    found = []
    keys = {r.id: r.key for r in world.recs.values()}
    for as_of in (m.a, m.b):
        got = api.call("GET", f"/events/{event}/outages", params={
            "as_of": as_of.isoformat(), "known_at": m.cutoff.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}).json()
        api_outs = {keys[o["outage_id"]]: o for o in got["outages"]}
        for o in world.known(m.cutoff, "outage"):
            want = outage_out(o, m._ups(o), as_of, "households")
            if want == "no":
                if o.key in api_outs:
                    found.append(f"outages as of {as_of}: {o.key} listed before it began")
                continue
            j = api_outs.get(o.key)
            if j is None:
                found.append(f"outages as of {as_of}: {o.key} (#{o.id}) missing")
                continue
            mark = ("approx" if j["households_out_approx"] else "lb" if j["households_out_lb"]
                    else "ub" if j["households_out_ub"] else "exact")
            have = None if j["households_out"] is None else (j["households_out"], mark)
            if ((want[0], want[1]) if want else None) != have:  # type: ignore[index]
                found.append(f"outages as of {as_of} known at {m.cutoff}: {o.key} (#{o.id}) model {want}, api {have}")
    return found


def formats(api: Api, b: dict[str, Any], c: dict[str, Any], m: Brief) -> list[str]:
    """The Markdown and DOCX say the JSON's headline figures."""
    found = []
    md = api.call("GET", b["formats"]["md"]).content.decode()
    import docx  # python-docx, read back only

    doc = docx.Document(io.BytesIO(api.call("GET", b["formats"]["docx"]).content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    want = [f"第{c['header']['number']}期"]
    out = qty(c["power"]["households_out"])
    if out and out[0]:
        want.append(qtext(out))
    # an apportioned day's m³ (docs/briefs.md): 约8,333 where the total was exact, 750余（估） where "more than"
    for fig in (c["pumping"]["volume_m3"]["period"], c["debris"]["truckloads"]["period"]):
        if fig.get("value"):
            v = f"{fig['value']:,}"
            want.append(f"{v}余（估）" if fig["lb"] and fig["approx"] else f"约{v}" if fig["approx"]
                        else f"{v}余" if fig["lb"] else v)
    for w in want:
        if w not in md:
            found.append(f"{m.d} markdown lacks {w!r}")
        if w not in text:
            found.append(f"{m.d} docx lacks {w!r}")
    return found


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="http://127.0.0.1:5150")
    ap.add_argument("--token", required=True)
    a = ap.parse_args()
    sys.exit(run(a.base, a.token))
