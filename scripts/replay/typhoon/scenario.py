"""What the duty office files and the subdistrict reporters send later, and the JSON a sender writes for each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from replay.records import World
from replay.typhoon.calendar import DAYS, at, spell


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

