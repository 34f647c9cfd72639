"""The typhoon replayed: the office's reports and each brief in time order, the reporters' late phase, revisions."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from typing import Any

from replay.client import INCIDENTS, Api, parse_utc, recompiled
from replay.compare import revised
from replay.corrections import stale_then_current
from replay.model import CHANGES, revision_counts
from replay.records import Rec, World
from replay.typhoon.calendar import DAYS, DISTRICT, FAR, SUBS, ZONE, bounds, due, spell, sub_of
from replay.typhoon.checks import compare, markdown, outages_api, summary
from replay.typhoon.model import Brief
from replay.typhoon.scenario import LATE_PHASE, REPORTERS, body_of, scenario


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
        rec = Rec(key, kind, sub_of(place), place, parse_utc(j["reported_at"]), data, j["id"], by=by)
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
            if "households" in d:
                body = {"households_affected": d["households"][0]}
                rec.data["households"] = d["households"]
            elif "m3" in d:
                body = {"volume_m3": f"{d['m3'][0]}立方米"}
                rec.data["m3"] = d["m3"]
            else:
                body = {"households_restored": d["households_back"]}
                rec.data["households_back"] = d["households_back"]
            # Every correction on a stale version first (412, the report unchanged), then on the ETag read.
            found, _ = stale_then_current(api, rec.id, body, any_version=False)
            problems += [f"{key}: {f}" for f in found]
            counts["stale"] += 1
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
        job = recompiled(api, first["id"])
        if job["status"] != "done":
            problems.append(f"recompile of {day}: {job}")
            continue
        b2 = api.call("GET", job["brief_url"]).json()
        c2 = api.call("GET", f"/briefs/{b2['id']}/json").json()["content"]
        problems += compare(c2, Brief(w, day, FAR), w)
        print(summary(c2))
        problems += markdown(api, b2, c2)
        want, got = revision_counts(w, day, due(day), *bounds(day)), revised(c2)
        print(f"revision {c2['header']['revision']} of {day}: {'/'.join(CHANGES)} since the first: {got}")
        if want != got:
            problems.append(f"revision of {day}: {'/'.join(CHANGES)} model {want}, brief {got}")
    print(f"reports stored {len(w.recs)}; sent {counts['sent']}, idempotent replays {counts['replayed']}, "
          f"refused as meant {counts['refused']}, stale If-Match refused {counts['stale']}")
    for p in problems:
        print("MISMATCH", p)
    print(f"{len(problems)} mismatches")
    return 1 if problems else 0
