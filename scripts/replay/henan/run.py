"""The rainstorm replayed: areas made, reports sent and corrected in time order, each brief compiled and compared."""

from __future__ import annotations

import os
import random
import subprocess
from datetime import date, datetime, timedelta
from typing import Any

from replay.client import INCIDENTS, Api, recompiled
from replay.compare import revised
from replay.corrections import stale_then_current
from replay.henan.calendar import DAYS, FAR, SUBS, ZONE, bounds, due, spell
from replay.henan.checks import compare, formats, outages_api
from replay.henan.model import Brief
from replay.henan.scenario import Scenario
from replay.model import CHANGES, revision_counts
from replay.records import Rec, World


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
    extra = sc.corrections()
    acts = sorted(sc.actions + [(t, 10_000 + i, w, kw) for i, (t, _, w, kw) in enumerate(extra)],
                  key=lambda a: (a[0], a[1]))
    sched_env = dict(os.environ)
    briefs: dict[date, dict[str, Any]] = {}
    counter = 0
    replays = 0
    stale_refused = [0, 0]  # refused on an earlier version's tag, on one not reached
    prev_cutoff: dict[date, datetime] = {}

    def send(kw: dict[str, Any], kind: str, body: dict[str, Any], t: datetime) -> Rec:
        nonlocal counter, replays
        counter += 1
        body = {"kind": kind, "reported_at": spell(t, counter), **body}
        key = f"{kw['key']}-{counter}"
        r = api.call("POST", f"/events/{event}/reports", body, headers={"Idempotency-Key": key})
        rec = Rec(kw["key"], kind, kw["sub"], kw.get("place", ""), t, {}, r.json()["id"])
        if counter % 11 == 0:  # the phone's retry: the same key, the same body
            again = api.call("POST", f"/events/{event}/reports", body, want=(200,), headers={"Idempotency-Key": key})
            if again.json()["id"] != rec.id or again.headers.get("Idempotent-Replayed") != "true":
                problems.append(f"replay of {key} gave {again.json()} {dict(again.headers)}")
            replays += 1
        if counter == 50:  # the same key with another body: refused, nothing saved
            other = api.call("POST", f"/events/{event}/reports", {**body, "note": "另一份"}, want=(422,),
                             headers={"Idempotency-Key": key})
            if "idempotency_key" not in other.json().get("errors", {}):
                problems.append(f"key reused with another body: {other.json()}")
        world.recs[kw["key"]] = rec
        return rec

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
            # a bulk fix means "whatever is current" (If-Match: *); the others send the ETag they read
            found, older = stale_then_current(api, rec.id, body, any_version=what == "fix-update")
            problems += found
            stale_refused[0 if older else 1] += 1
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
    job = recompiled(api, briefs[DAYS[0]]["id"])
    if job["status"] != "done":
        problems.append(f"recompile: {job}")
    else:
        b2 = api.call("GET", job["brief_url"]).json()
        c2 = api.call("GET", f"/briefs/{b2['id']}/json").json()["content"]
        problems += compare(c2, Brief(world, DAYS[0], FAR, None, True), world, DAYS[0], late=False)
        want, got = revision_counts(world, DAYS[0], due(DAYS[0]), *bounds(DAYS[0])), revised(c2)
        print(f"revision 2 of {DAYS[0]}: {', '.join(CHANGES)} since the first: {got}")
        if want != got:
            problems.append(f"revision 2 of {DAYS[0]}: {'/'.join(CHANGES)} since model {want}, brief {got}")
    api.call("POST", f"/events/{event}/close", {"ends_at": "2021-07-23T23:00+08:00"})
    late_zero = api.call("POST", f"/events/{event}/reports", {"kind": "zero_report", "area_id": subs[0]}, want=(422,))
    if "period_day" not in late_zero.json().get("errors", {}):
        problems.append(f"a zero report after the event's last brief without a day: {late_zero.json()}")
    n = len([r for r in world.recs.values()])
    print(f"reports sent: {n} (idempotent replays {replays}, stale If-Match refused {sum(stale_refused)}:"
          f" {stale_refused[0]} an earlier version, {stale_refused[1]} one not reached),"
          f" corrections {sum(1 for e in extra if e[2].startswith('fix'))},"
          f" retractions {sum(1 for e in extra if e[2] == 'retract') + 1}")
    for p in problems:
        print("MISMATCH", p)
    print(f"{len(problems)} mismatches")
    return 1 if problems else 0

