"""The four days' actions: outages and updates, pumping, disinfection, debris, activities, from a seed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from replay.figures import Q
from replay.henan.calendar import DAYS, SUBS, ZONE, due, local


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
                for step in range(steps):
                    t = t + timedelta(hours=rnd.choice([5, 9, 14, 20, 27]))
                    full = step == steps - 1
                    if t >= local(DAYS[-1], 22):
                        break
                    urep = t + timedelta(minutes=rnd.choice([15, 40, 80]))
                    if rnd.random() < 0.08:  # learned the next morning after the brief: late
                        urep = local(t.astimezone(ZONE).date(), 34)
                    if full:
                        self.add(urep, "update", key=f"{key}u{step}", outage=key, sub=si, place=c, at=t, full=True)
                    elif size:
                        back = min(hh - 1, back + rnd.randrange(10, max(11, hh // 2)))
                        bb = min(size["buildings"][0] - 1, back // 60) if size["buildings"][0] > 1 else 0
                        told = not lb and rnd.random() < 0.3  # "200余户 still out" rather than what came back
                        self.add(urep, "update", key=f"{key}u{step}", outage=key, sub=si, place=c, at=t,
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

    def corrections(self) -> list[tuple[datetime, int, str, dict[str, Any]]]:
        """Corrections through If-Match and retractions, at chosen moments (a seed of their own)."""
        extra: list[tuple[datetime, int, str, dict[str, Any]]] = []
        rnd2 = random.Random(99)
        outs = [a for a in self.actions if a[2] == "outage" and "households" in a[3] and a[3]["key"] != "dup"]
        for t, _, _, kw in rnd2.sample(outs, 12):
            # a bigger count learned a little later (rounding up: the outage only grew)
            extra.append((t + timedelta(hours=2), 0, "fix-outage", {"key": kw["key"], "plus": rnd2.randrange(5, 60)}))
        vols = [a for a in self.actions if a[2] == "volume"]
        for t, _, _, kw in rnd2.sample(vols, 10):
            extra.append((t + timedelta(hours=3), 0, "fix-volume", {"key": kw["key"]}))
        debs = [a for a in self.actions if a[2] == "debris"]
        for t, _, _, kw in rnd2.sample(debs, 6):
            extra.append((t + timedelta(hours=1), 0, "fix-debris", {"key": kw["key"]}))
        for t, _, _, kw in rnd2.sample(vols, 3):
            extra.append((t + timedelta(hours=5), 0, "retract", {"key": kw["key"]}))
        for t, _, _, kw in rnd2.sample(vols, 5):  # the pump station's log: the interval ran two hours longer
            extra.append((t + timedelta(hours=4), 0, "fix-volume-end", {"key": kw["key"]}))
        parts = [a for a in self.actions if a[2] == "update" and not a[3].get("full") and not a[3].get("households_out")
                 and a[3]["households_back"] > 5]
        for t, _, _, kw in rnd2.sample(parts, 6):  # fewer back than first said
            extra.append((t + timedelta(hours=1), 0, "fix-update", {"key": kw["key"]}))
        exact_starts = [a for a in outs if not a[3].get("said")]
        for t, _, _, kw in rnd2.sample(exact_starts, 4):  # it went out an hour earlier than first said
            extra.append((t + timedelta(minutes=30), 0, "fix-outage-start", {"key": kw["key"]}))
        # outages found to be another's double after a brief showed them: retracted with their updates
        last_rep: dict[str, datetime] = {}
        for t, _, w, kw in self.actions:
            if w == "update":
                last_rep[kw["outage"]] = max(last_rep.get(kw["outage"], t), t)
        gone = 0
        for t, _, _, kw in outs:
            retract_at = due(kw["start"].astimezone(ZONE).date()) + timedelta(hours=2)
            if gone < 3 and last_rep.get(kw["key"], t) < retract_at and not any(
                    e[3].get("key") == kw["key"] for e in extra):
                extra.append((retract_at, 0, "retract", {"key": kw["key"]}))
                gone += 1
        dis = [a for a in self.actions if a[2] == "disinfection"]
        for t, _, _, kw in rnd2.sample(dis, 3):
            extra.append((t + timedelta(hours=4), 0, "retract", {"key": kw["key"]}))
        return extra
