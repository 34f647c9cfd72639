"""An office moving to a new server: an event's reports read out of one instance and sent into another.

The report list's downloads (CSV, XLSX, JSON) are for reading: the import refuses them as a whole
(docs/exports.md, "A download is for reading, not for importing back"). What carries every field is the
API: the list's pages (`GET /api/v1/events/<id>/reports?status=all`) give each report as the create takes
it back (times with their precisions, quantities with 余, counts by category code, the parent by id). This
test moves the demo, with an outage restored in steps (余, 约 and a part of the day), a pumping volume across
midnight, disinfection by category, a zero report, a correction, a retraction and a report sent back, into
an empty instance with the same areas (the area list's download imported as it is), and holds every brief's
figures and the restoration timeline of every day of both against each other.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from incidents.briefs import queue
from tests import seedcopy
from tests.api.test_replay_api import differences
from tests.conftest import empty_tables
from tests.imports.test_area_list_round_trip import _import

CATCH_UP = ["incidents", "scheduler", "--once", "--as-of", "2021-07-27T09:00+08:00", "--catchup-days", "30"]
# Members the server writes about its own copy: who sent it and when it was stored, not what was reported.
SERVERS_OWN = {"id", "event_id", "area", "status", "status_reason", "version", "reporter", "verified_by_id",
               "verified_at", "created_at", "updated_at", "url"}
LEARNED_LATER = {"pumping": ("ended_at",)}
NOT_COMPARED = {"compiled_at", "generated_at", "url", "brief_url", "reports_url"}


def precision(name: str) -> str:
    """The key of a time's precision (ended_at: ended_precision)."""
    return name.removesuffix("_at") + "_precision"


def pages(api, event_id: int) -> list[dict[str, Any]]:
    """Every report of an event, every status, walking the list's cursor."""
    found: list[dict[str, Any]] = []
    cursor = ""
    while True:
        answer = api.get(f"/api/v1/events/{event_id}/reports?status=all&limit=7{cursor}")
        assert answer.status_code == 200, answer.get_json()
        found += answer.get_json()["reports"]
        if not answer.get_json()["next_cursor"]:
            return found
        cursor = f"&cursor={answer.get_json()['next_cursor']}"


def named(value: Any, names: dict[str, dict[int, str]]) -> Any:
    """A JSON answer with each id as what it names (a report by its first instance's id, a place by name)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in NOT_COMPARED:
                continue
            if key in ("report_id", "outage_id", "operation_id", "longest_outage_id") and isinstance(item, int):
                item = names["reports"][item]
            elif key in ("area_id", "place_id", "subdistrict_id", "district_id") and isinstance(item, int):
                item = names["areas"][item]
            elif key == "event_id" and isinstance(item, int):
                item = names["events"][item]
            elif key in ("report_ids", "outage_ids") and isinstance(item, list):
                item = [names["reports"][i] for i in item]
            else:
                item = named(item, names)
            out[key] = item
        return out
    if isinstance(value, list):
        return [named(v, names) for v in value]
    return value


def figures(api, events: dict[str, int], names: dict[str, dict[int, str]]) -> dict[tuple[str, str, str], Any]:
    """Every brief's JSON content and each brief day's timeline (its last instant, known at the cut-off)."""
    out: dict[tuple[str, str, str], Any] = {}
    for code, event_id in events.items():
        days = api.get(f"/api/v1/events/{event_id}/briefs").get_json()["days"]
        for item in (b for day in days for b in day["briefs"]):
            brief = api.get(f"/api/v1/briefs/{item['id']}").get_json()
            body = api.get(brief["formats"]["json"]).get_json()
            out[(code, brief["day"], f"brief r{brief['revision']}")] = named(body["content"], names)
            cutoff = body["content"]["header"]["cutoff"]
            moment = f"as_of={brief['day']}T23:59:59.999999%2B08:00&known_at={cutoff.replace('+', '%2B')}"
            timeline = api.get(f"/api/v1/events/{event_id}/timeline?{moment}")
            assert timeline.status_code == 200, timeline.get_json()
            out[(code, brief["day"], "timeline")] = named(timeline.get_json(), names)
    return out


def created(api, url: str, body: dict[str, Any]) -> int:
    answer = api.post(url, json=body)
    assert answer.status_code == 201, (body, answer.get_json())
    return answer.get_json()["id"]


def more_reports(api, event_id: int, areas: dict[str, int]) -> None:
    """What the demo lacks: an outage restored in steps, a volume across midnight, a zero report, a correction,
    a retraction and a report sent back, each with when the office learned it."""
    url = f"/api/v1/events/{event_id}/reports"
    site, town = areas["彰德路64号院"], areas["东关街道"]
    outage = created(api, url, {"kind": "outage", "area_id": site, "started_at": "2021-07-24 ~21:00",
                                "households_affected": "120余", "buildings_affected": 6,
                                "source": "供电公司", "reported_at": "2021-07-24 22:10"})
    created(api, url, {"kind": "outage_update", "outage_id": outage, "observed_at": "2021-07-25 morning",
                       "households_restored": "40余", "etr_at": "2021-07-25T10:30:00Z",
                       "reported_at": "2021-07-25T04:05:06.123456Z"})
    created(api, url, {"kind": "outage_update", "outage_id": outage, "observed_at": "2021-07-26 14:00",
                       "fully_restored": True, "reported_at": "2021-07-26 14:30"})
    operation = created(api, url, {"kind": "pumping", "area_id": site, "team": "市政抢险队", "people": "30余",
                                   "pumps": 4, "observed_at": "2021-07-24 19:00", "reported_at": "2021-07-24 19:30"})
    created(api, url, {"kind": "pumping_volume", "operation_id": operation, "period_start": "2021-07-24 20:00",
                       "period_end": "2021-07-25 06:00", "volume_m3": "1200余", "reported_at": "2021-07-25 06:30"})
    created(api, url, {"kind": "zero_report", "area_id": town, "period_day": "2021-07-25",
                       "reported_at": "2021-07-25 20:00"})
    wrong = created(api, url, {"kind": "debris", "area_id": site, "period_start": "2021-07-25 afternoon",
                               "period_end": "2021-07-25 18:00", "mass_t": "12.5", "truckloads": "5余",
                               "reported_at": "2021-07-25 19:00"})
    sent_back = created(api, url, {"kind": "activity", "area_id": town, "observed_at": "2021-07-25",
                                   "title": "排查危房", "reported_at": "2021-07-25 21:00"})
    fixed = created(api, url, {"kind": "disinfection", "area_id": town, "observed_at": "2021-07-25 evening",
                               "person_times": "80余", "counts": {"street": [3, False], "garbage_point": [20, True]},
                               "reported_at": "2021-07-25 21:30"})
    version = api.get(f"/api/v1/reports/{fixed}").get_json()["version"]
    assert api.patch(f"/api/v1/reports/{fixed}", json={"person_times": "90余", "version": version}).status_code == 200
    assert api.post(f"/api/v1/reports/{wrong}/retract", json={"reason": "重复"}).status_code == 200
    assert api.post(f"/api/v1/reports/{sent_back}/return", json={"reason": "地点不对"}).status_code == 200


def area_ids(api) -> dict[str, int]:
    """Each area's id by its name (the demo's names are unique)."""
    text = api.page("/areas/export.csv").get_data().decode("utf-8-sig")
    return {row["名称"]: int(row["编号"]) for row in csv.DictReader(io.StringIO(text))}


def test_an_events_reports_sent_to_another_instance_give_the_same_briefs(app, database, runner, seeded,
                                                                         token_client, make_user, client, auth):
    api = token_client("district-office", "coordinator")
    events = {e["code"]: e["id"] for e in api.get("/api/v1/events").get_json()["events"]}
    areas = area_ids(api)
    more_reports(api, events["wenfeng-2021-07-rainstorm"], areas)
    assert runner.invoke(args=CATCH_UP).exit_code == 0
    queue.run_queued(database)

    # Out: the area list's download, each event as the API gives it, and every report of every status.
    area_file = api.page("/areas/export.csv").get_data()
    event_bodies = {code: api.get(f"/api/v1/events/{i}").get_json() for code, i in events.items()}
    reports = {code: pages(api, i) for code, i in events.items()}
    first = {"reports": {r["id"]: f"report {r['id']}" for rs in reports.values() for r in rs},
             "areas": {i: name for name, i in areas.items()}, "events": {i: code for code, i in events.items()}}
    before = figures(api, events, first)
    assert sum(1 for key in before if key[2].startswith("brief")) == 6  # 22–26 July, and In-Fa's 26th

    # In: an empty instance with the same areas (their list imported as downloaded) and events.
    empty_tables(database.engine)
    seedcopy.reference(database)
    make_user("root", "admin")
    auth.login("root")
    _import(client, area_file, "areas.csv")
    api = token_client("new-office", "coordinator")
    areas_now = area_ids(api)
    assert set(areas_now) == set(areas)
    moved: dict[int, int] = {}
    events_now: dict[str, int] = {}
    for code, body in event_bodies.items():
        sent = {k: body[k] for k in ("code", "name", "name_en", "kind", "timezone", "issuer", "issuer_en",
                                     "description", "starts_at", "ends_at") if body.get(k) is not None}
        sent["area_id"] = areas_now[first["areas"][body["area_id"]]]
        events_now[code] = created(api, "/api/v1/events", sent)
    for code, rows in reports.items():
        for row in rows:
            body = {k: v for k, v in row.items() if k not in SERVERS_OWN and v is not None}
            body["area_id"] = areas_now[first["areas"][row["area_id"]]]
            if row["kind"] == "outage":  # made by its updates: refused on a create, by name
                body.pop("restored_at", None), body.pop("restored_precision", None)
            for parent in ("outage_id", "operation_id"):
                if row.get(parent):
                    body[parent] = moved[row[parent]]
                    body.pop("area_id")  # a part takes its parent's place
            # A time learned after the report (a pumping's end, added by a correction) is later than its
            # reported_at, which a new report may not be: it is sent as the correction it was.
            later = {name: body.pop(name) for name in LEARNED_LATER.get(row["kind"], ())
                     if name in body and body[name] > row["reported_at"]}
            later.update({precision(name): body.pop(precision(name)) for name in list(later)})
            answer = api.post(f"/api/v1/events/{events_now[code]}/reports", json=body,
                              headers={"Idempotency-Key": f"moved-{row['id']}"})
            assert answer.status_code == 201, (row, answer.get_json())
            moved[row["id"]] = answer.get_json()["id"]
            if later:
                fixed = api.patch(f"/api/v1/reports/{moved[row['id']]}", json=later, headers={"If-Match": "*"})
                assert fixed.status_code == 200, (row, fixed.get_json())
            again = api.post(f"/api/v1/events/{events_now[code]}/reports", json=body,
                             headers={"Idempotency-Key": f"moved-{row['id']}"})
            assert again.status_code == 200 and again.get_json()["id"] == moved[row["id"]]
            action = {"verified": "verify", "retracted": "retract", "returned": "return"}.get(row["status"])
            if action:
                reason = {"reason": row["status_reason"] or "moved"} if action != "verify" else {}
                done = api.post(f"/api/v1/reports/{moved[row['id']]}/{action}", json=reason)
                assert done.status_code == 200, (row, done.get_json())
    assert runner.invoke(args=CATCH_UP).exit_code == 0
    queue.run_queued(database)

    # Each report as the first instance gave it, but for what the server writes of its own copy.
    for code, rows in reports.items():
        now = {r["id"]: r for r in pages(api, events_now[code])}
        for row in rows:
            there = now[moved[row["id"]]]
            assert {k: v for k, v in there.items() if k not in SERVERS_OWN | {"area_id", "outage_id", "operation_id"}
                    } == {k: v for k, v in row.items() if k not in SERVERS_OWN | {"area_id", "outage_id",
                                                                                   "operation_id"}}, row["id"]
            assert there["status"] == row["status"] and there["status_reason"] == row["status_reason"]

    second = {"reports": {b: first["reports"][a] for a, b in moved.items()},
              "areas": {i: name for name, i in areas_now.items()},
              "events": {i: code for code, i in events_now.items()}}
    after = figures(api, events_now, second)
    assert sorted(after) == sorted(before)
    assert {key: differences(before[key], after[key]) for key in sorted(before)
            if differences(before[key], after[key])} == {}
