"""Two storms replayed from a seed: each report, correction, move, import and brief in time order, then revisions."""

from __future__ import annotations

import csv
import os
import subprocess
import tempfile
from datetime import date, datetime
from typing import Any

from replay.client import INCIDENTS, Api, parse_utc, recompiled
from replay.compare import revised
from replay.corrections import stale_then_current
from replay.model import CHANGES, revision_counts
from replay.records import Rec, World
from replay.storm.calendar import DISTRICT, FAR, SUBS, ZONE, Storm, bounds, local_day, spell, storms, sub_of
from replay.storm.checks import compare, outages_api, texts
from replay.storm.hard import hard
from replay.storm.midnight import midnight
from replay.storm.model import Brief
from replay.storm.scenario import S, scenario
from replay.storm.zeros import zeros

OFFICE = "storm-office"  # the coordinator scripts/storm-replay makes, whose token the replay holds


def qtext(q: tuple[int, bool], unit: str = "") -> str | int:
    """A quantity as a sender types it: 30, or 30余 with its unit."""
    return f"{q[0]}余{unit}" if q[1] else q[0]


def body_of(kind: str, d: dict[str, Any], w: World, places: dict[str, int], i: int) -> dict[str, Any]:
    """The JSON a sender writes for one report."""
    if kind == "outage":
        return {
            "area_id": places[d["place"]],
            "started_at": spell(d["start"], i),
            "households_affected": qtext(d["households"], "户"),
            "buildings_affected": d["buildings"][0],
        }
    if kind == "outage_update":
        body: dict[str, Any] = {"outage_id": w.recs[d["outage"]].id, "observed_at": spell(d["at"], i)}
        if d.get("full"):
            return body | {"fully_restored": True}
        if d.get("households_out"):
            return body | {"households_out": qtext(d["households_out"], "户")}
        return body | {"households_restored": d["households_back"], "buildings_restored": d["buildings_back"]}
    if kind == "pumping":
        return {
            "area_id": places[d["place"]],
            "team": d["team"],
            "observed_at": spell(d["start"], i),
            "people": d["people"],
            "pumps": d["pumps"],
        }
    if kind == "pumping_volume":
        return {
            "operation_id": w.recs[d["op"]].id,
            "period_start": spell(d["start"], i),
            "period_end": spell(d["end"], i + 1),
            "volume_m3": qtext(d["m3"], "方"),
        }
    if kind == "disinfection":
        return {
            "area_id": places[d["place"]],
            "observed_at": spell(d["at"], i),
            "cumulative": d["cumulative"],
            "counts": {c: qtext(q) for c, q in d["counts"].items()},
            "person_times": d["person_times"][0],
        } | ({"staff": qtext(d["staff"], "人")} if d.get("staff") else {})
    if kind == "debris":
        return {
            "area_id": places[d["place"]],
            "period_start": spell(d["start"], i),
            "period_end": spell(d["end"], i + 2),
            "mass_kg": qtext(d["kg"]),
            "truckloads": d["loads"][0],
        }
    if kind == "activity":
        return {"area_id": places[d["place"]], "observed_at": spell(d["at"], i), "title": d["title"]}
    if kind == "zero_report":  # sent without a day, it answers the period open then (docs/domain.md)
        return {"area_id": places[d["place"]]} | ({} if d.get("unsaid") else {"period_day": d["day"].isoformat()})
    raise ValueError(kind)


def csv_row(kind: str, d: dict[str, Any], w: World, key: str, rep: datetime) -> dict[str, Any]:
    """One row of a clerk's sheet (the import template's English headers), local times without an offset."""

    def local(t: datetime) -> str:
        return spell(t, 2)

    path = {c: f"{DISTRICT}/{SUBS[sub_of(c)][0]}/{c}" for c in (d.get("place"),) if c}
    row: dict[str, Any] = {"note": key, "reported_at": local(rep)}
    if kind == "zero_report":  # a whole subdistrict, the day it answers
        return row | {"area": f"{DISTRICT}/{d['place']}", "period_day": d["day"].isoformat()}
    if kind == "activity":
        return row | {"area": path[d["place"]], "title": d["title"], "observed_at": local(d["at"])}
    if kind == "disinfection":
        return row | {
            "area": path[d["place"]],
            "person_times": d["person_times"][0],
            "observed_at": local(d["at"]),
            "cumulative": "yes" if d["cumulative"] else "no",
            **{f"count_{c}": qtext(q) for c, q in d["counts"].items()},
        } | ({"staff": qtext(d["staff"], "人")} if d.get("staff") else {})
    row |= {"outage_id": w.recs[d["outage"]].id, "observed_at": local(d["at"])}
    if d.get("full"):
        return row | {"fully_restored": "yes"}
    if d.get("households_out"):
        return row | {"households_out": qtext(d["households_out"])}
    return row | {"households_restored": d["households_back"], "buildings_restored": d["buildings_back"]}


def imported(rows: list[dict[str, Any]], event: str, what: str) -> subprocess.CompletedProcess[str]:
    """A clerk's sheet of rows (the template's English headers) through `incidents import`."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=list(dict.fromkeys(f for r in rows for f in r)))
        out.writeheader()
        out.writerows(rows)
    try:
        return subprocess.run([INCIDENTS, "import", fh.name, "--event", event, "--kind", what, "--as", OFFICE],
                              capture_output=True, text=True)
    finally:
        os.unlink(fh.name)


def zero_day(j: dict[str, Any], day: date) -> list[str]:
    """A zero report as the API gives it answers day, its observed time in that day (docs/domain.md: the whole day)."""
    seen = parse_utc(j["observed_at"])
    if j["period_day"] != day.isoformat() or local_day(seen) != day or j.get("observed_precision") != "day":
        return [f"zero report #{j['id']} answers {j['period_day']} observed {j['observed_at']}"
                f" ({j.get('observed_precision')}), model {day}"]
    return []


def run(base: str, token: str, seed: int, quick: bool = False) -> int:
    api = Api(base, token)
    problems: list[str] = []
    counts = {"sent": 0, "imported": 0, "fixes": 0, "moves": 0, "retracted": 0, "restored": 0, "refused": 0,
              "briefs": 0}
    places: dict[str, int] = {}
    dist = api.call("POST", "/areas", {"level": "district", "name": DISTRICT, "code": "330199"}).json()["id"]
    for name, code, comms in SUBS:
        places[name] = api.call(
            "POST", "/areas", {"level": "subdistrict", "name": name, "code": code, "parent_id": dist}
        ).json()["id"]
        for comm, (hh, bb) in comms.items():
            places[comm] = api.call(
                "POST",
                "/areas",
                {"level": "community", "name": comm, "parent_id": places[name], "households": hh, "buildings": bb},
            ).json()["id"]
    evs: dict[str, Storm] = {s.key: s for s in storms(seed)}
    ids: dict[str, int] = {}
    worlds: dict[str, World] = {k: World() for k in evs}
    for s in evs.values():
        ids[s.key] = api.call(
            "POST",
            "/events",
            {
                "code": s.code,
                "kind": "rainstorm" if s.key == "A" else "flood",
                "name": s.name,
                "starts_at": bounds(s.days[0])[0].astimezone(ZONE).isoformat(),
                "brief_time": s.brief_time.strftime("%H:%M"),
                **({"area_id": places[SUBS[s.subs[0]][0]]} if len(s.subs) == 1 else {}),
            },
        ).json()["id"]
    dues = sorted(s.due(d) for s in evs.values() for d in s.days)
    actions: list[tuple[datetime, str, str, dict[str, Any]]] = []
    for s in evs.values():
        drawn = scenario(s, seed, dues)
        actions += drawn + hard(s, seed) + midnight(s, seed) + zeros(s, seed, drawn)
        actions += [(s.due(d), f"compile-{s.key}-{d}", "compile", {"ev": s.key, "day": d}) for d in s.days]
    # a report stamped at the cut-off's second comes first; one stamped a second after it, `ahead`, is sent before the
    # brief is compiled too (a scheduler a moment late finds it stored), so only its reported_at keeps it out
    actions.sort(key=lambda a: (a[0] - S if a[3].get("ahead") else a[0], a[2] == "compile"))
    compiled: dict[tuple[str, date], dict[str, Any]] = {}

    def record(key: str, kind: str, d: dict[str, Any], w: World, rid: int, reported: datetime) -> None:
        place = d.get("place") or w.recs[d.get("outage") or d["op"]].place
        w.recs[key] = Rec(key, kind, sub_of(place), place, reported, d, rid)

    def brief_of(s: Storm, day: date, b: dict[str, Any], cutoff: datetime) -> dict[str, Any]:
        c = api.call("GET", f"/briefs/{b['id']}/json").json()["content"]
        m = Brief(s, worlds[s.key], day, cutoff)
        problems.extend(compare(c, m, worlds[s.key]))
        problems.extend(texts(api, b, c, m))
        counts["briefs"] += 1
        return c

    for rep, key, kind, d in actions:
        s = evs[d["ev"]]
        w, event = worlds[s.key], ids[s.key]
        if kind == "compile":
            day = d["day"]
            subprocess.run(
                [INCIDENTS, "scheduler", "--once", "--as-of", rep.isoformat()], check=True, capture_output=True
            )
            listing = api.call("GET", f"/events/{event}/briefs").json()
            b = next(x for x in listing["days"] if x["day"] == day.isoformat())["briefs"][-1]
            compiled[(s.key, day)] = b
            c = brief_of(s, day, b, rep)
            if c["header"]["cutoff"] and parse_utc(c["header"]["cutoff"]) != rep:
                problems.append(f"{s.key} {day}: cut-off {c['header']['cutoff']}, due {rep}")
            problems.extend(outages_api(api, event, Brief(s, w, day, rep), w))
        elif kind in ("retract", "restore"):
            rec = w.recs[d["target"]]
            api.call("POST", f"/reports/{rec.id}/{kind}", {})
            rec.live = kind == "restore"
            rec.changes.append((rep, kind))
            counts["restored" if kind == "restore" else "retracted"] += 1
        elif kind == "fix":
            rec = w.recs[d["target"]]
            body: dict[str, Any] = {}
            if "households" in d:
                body = {"households_affected": d["households"][0]}
            elif "households_back" in d:
                body = {"households_restored": d["households_back"]}
            elif "m3" in d:
                body = {"volume_m3": d["m3"][0]}
            elif "at" in d:  # an update's or a round's time corrected (to the other side of a midnight)
                body = {"observed_at": spell(d["at"], counts["fixes"])}
            elif "end" in d:  # a volume's or a debris report's period moved across a midnight
                body = {"period_start": spell(d["start"], counts["fixes"]),
                        "period_end": spell(d["end"], counts["fixes"] + 1)}
            elif "start" in d:  # an outage's start corrected across a midnight
                body = {"started_at": spell(d["start"], counts["fixes"])}
            elif "day" in d:  # a zero report's day corrected
                body = {"period_day": d["day"].isoformat()}
            else:
                body = {"counts": {c: qtext(q) for c, q in d["counts"].items()}, "person_times": d["person_times"][0]}
            found, _ = stale_then_current(api, rec.id, body, any_version=False)
            problems.extend(f"{key}: {f}" for f in found)
            rec.before.append((rep, dict(rec.data)))
            rec.data.update({k: v for k, v in d.items() if k not in ("ev", "target")})
            rec.changes.append((rep, "fix"))
            counts["fixes"] += 1
            if rec.kind == "zero_report":
                problems.extend(f"{key}: {f}" for f in zero_day(api.call("GET", f"/reports/{rec.id}").json(), d["day"]))
        elif kind == "refused":  # docs/domain.md: news of a retracted outage is refused, naming outage_id
            said = api.call("POST", f"/events/{event}/reports", {
                "kind": "outage_update", "note": key, "reported_at": spell(rep, 0),
                "outage_id": w.recs[d["outage"]].id, "observed_at": spell(d["at"], 0), "fully_restored": True,
            }, want=(422,)).json()
            if "outage_id" not in str(said):
                problems.append(f"{key}: news of a retracted outage refused without naming outage_id: {said}")
            counts["refused"] += 1
        elif kind == "zero-refused":  # docs/domain.md: one live zero report per subdistrict and period, none ahead
            day = {"period_day": d["day"].isoformat()} if "day" in d else {}
            if d["how"] == "create":
                said = api.call("POST", f"/events/{event}/reports", {
                    "kind": "zero_report", "note": key, "reported_at": spell(rep, 0), "area_id": places[d["place"]],
                    **day}, want=(422,)).json()
            else:
                rid = w.recs[d["target"]].id
                etag = api.call("GET", f"/reports/{rid}").headers["ETag"]
                said = (api.call("PATCH", f"/reports/{rid}", day, want=(422,), headers={"If-Match": etag})
                        if d["how"] == "fix" else api.call("POST", f"/reports/{rid}/restore", {}, want=(422,))).json()
            named = (said.get("errors") or {}).get("period_day")
            if named is None or "twin" in d and f"#{w.recs[d['twin']].id}" not in str(named):
                problems.append(f"{key}: refused without naming period_day (or the live one of that day): {said}")
            counts["refused"] += 1
        elif kind == "zero-sheet":  # docs/imports.md: a row refused stores nothing of the file, named by line, column
            rows = d["rows"]
            line = 2 + next(j for j, r in enumerate(rows) if r[1] == d["refused"])  # the header is line 1
            twin = w.recs[next(r[3]["twin"] for r in rows if r[1] == d["refused"])].id
            done = imported([csv_row("zero_report", d2, w, k, r2) for r2, k, _, d2 in rows], s.code, "zero_report")
            said = [x for x in done.stderr.splitlines() if x.startswith("line ")]  # each error, `line N, column C: …`
            if not done.returncode or len(said) != 1 or not said[0].startswith(f"line {line}, column period_day:") \
                    or f"#{twin}" not in said[0]:
                problems.append(f"{key}: a sheet with line {line} for a day answered (#{twin}) imported or refused "
                                f"otherwise: rc {done.returncode} {done.stderr[-800:]}")
            notes = {r.get("note") for r in api.call("GET", f"/events/{event}/reports", params={
                "kind": "zero_report", "limit": "1000", "status": "all"}).json()["reports"]}
            problems.extend(f"{key}: {k} stored from a refused sheet" for _, k, _, _ in rows if k in notes)
            counts["refused"] += 1
            rest = [r for r in rows if r[1] != d["refused"]]  # the clerk strikes the row named and imports again
            done = imported([csv_row("zero_report", d2, w, k, r2) for r2, k, _, d2 in rest], s.code, "zero_report")
            if done.returncode:
                problems.append(f"{key}: the sheet without its refused row refused: {done.stderr[-800:]}")
                continue
            listed = {r.get("note"): r for r in api.call("GET", f"/events/{event}/reports", params={
                "kind": "zero_report", "limit": "1000", "status": "all"}).json()["reports"]}
            if d["refused"] in listed:
                problems.append(f"{key}: {d['refused']} stored")
            for r2, k, _, d2 in rest:
                if (got := listed.get(k)) is None:
                    problems.append(f"{key}: row {k} not stored")
                    continue
                record(k, "zero_report", d2, w, got["id"], parse_utc(got["reported_at"]))
                if parse_utc(got["reported_at"]) != r2:
                    problems.append(f"{key}: row {k} reported_at stored {got['reported_at']}, sent {r2}")
                problems.extend(f"{k}: {f}" for f in zero_day(api.call("GET", f"/reports/{got['id']}").json(),
                                                              d2["day"]))
                counts["imported"] += 1
        elif kind == "move":  # a coordinator moves an outage: its updates go with it (docs/domain.md)
            rec = w.recs[d["target"]]
            etag = api.call("GET", f"/reports/{rec.id}").headers["ETag"]
            api.call("PATCH", f"/reports/{rec.id}", {"area_id": places[d["place"]]}, headers={"If-Match": etag})
            for moved in [rec] + [
                u for u in w.recs.values() if u.kind == "outage_update" and u.data["outage"] == rec.key
            ]:
                moved.place, moved.sub = d["place"], sub_of(d["place"])
                moved.changes.append((rep, "fix"))
            counts["moves"] += 1
        elif kind == "import":
            what = d["what"]
            done = imported([csv_row(k2, d2, w, k, r2) for r2, k, k2, d2 in d["rows"]], s.code, what)
            if done.returncode:
                problems.append(f"{key}: import refused: {done.stdout[-800:]} {done.stderr[-800:]}")
                continue
            listed = api.call(
                "GET", f"/events/{event}/reports", params={"kind": what, "limit": "1000", "status": "all"}
            ).json()["reports"]
            by_note = {r.get("note"): r for r in listed}
            for r2, k, _, d2 in d["rows"]:
                got = by_note.get(k)
                if got is None:
                    problems.append(f"{key}: row {k} not stored")
                    continue
                record(k, what, d2, w, got["id"], parse_utc(got["reported_at"]))
                if parse_utc(got["reported_at"]) != r2:
                    problems.append(f"{key}: row {k} reported_at stored {got['reported_at']}, sent {r2}")
                counts["imported"] += 1
        else:
            counts["sent"] += 1
            body = {
                "kind": kind,
                "note": key,
                "reported_at": spell(rep, counts["sent"] + 1),
                **body_of(kind, d, w, places, counts["sent"]),
            }
            j = api.call("POST", f"/events/{event}/reports", body, headers={"Idempotency-Key": f"{seed}-{key}"}).json()
            record(key, kind, d, w, j["id"], parse_utc(j["reported_at"]))
            if parse_utc(j["reported_at"]) != rep:
                problems.append(f"{key}: reported_at stored {j['reported_at']}, sent {rep}")
            if kind == "zero_report":
                stored = api.call("GET", f"/reports/{j['id']}").json()
                problems.extend(f"{key}: {f}" for f in zero_day(stored, d["day"]))

    # both events closed; revisions recompiled now count every report known (the late ones, every correction)
    for s in evs.values():
        api.call("POST", f"/events/{ids[s.key]}/close", {"ends_at": bounds(s.days[-1])[1].isoformat()})
    for s in evs.values():
        for day in [s.days[1]] if quick else s.days:
            job = recompiled(api, compiled[(s.key, day)]["id"])
            if job["status"] != "done":
                problems.append(f"{s.key} recompile of {day}: {job}")
                continue
            b2 = api.call("GET", job["brief_url"]).json()
            c2 = brief_of(s, day, b2, FAR)
            want, got = revision_counts(worlds[s.key], day, s.due(day), *bounds(day)), revised(c2)
            if want != got:
                problems.append(f"{s.key} revision of {day}: {'/'.join(CHANGES)} model {want}, brief {got}")
    print(f"seed {seed}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for p in problems:
        print("MISMATCH", p)
    print(f"seed {seed}: {len(problems)} mismatches")
    return 1 if problems else 0
