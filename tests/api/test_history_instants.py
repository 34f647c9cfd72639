"""A report's history gives the stored record before and after each change; its instants were the audit row's
isoformat, `2021-07-24T13:00:00+00:00`, where the report itself says `2021-07-24T13:00:00Z`: a client matching
a change against the report it read saw two spellings of one instant."""

from __future__ import annotations

import re

INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z")


def test_history_spells_instants_as_the_report_does(coordinator_api, where):
    url, area = where
    made = coordinator_api.post(url, json={"kind": "outage", "area_id": area, "started_at": "2021-07-24 21:00",
                                           "households_affected": 40, "note": "2021-07-24T13:00:00+00:00"})
    report_url = f"/api/v1/reports/{made.get_json()['id']}"
    changed = coordinator_api.patch(report_url, json={"restored_at": "2021-07-25 06:00"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.get_json()
    report = changed.get_json()
    entries = coordinator_api.get(f"{report_url}/history").get_json()["entries"]
    after = entries[-1]["after"]
    for name in ("started_at", "restored_at", "reported_at", "updated_at"):
        assert after[name] == report[name], name
    for entry in entries:
        for record in (entry["before"], entry["after"]):
            for name, value in (record or {}).items():
                if name.endswith("_at") and value is not None:
                    assert INSTANT.fullmatch(value), (name, value)
    assert after["note"] == "2021-07-24T13:00:00+00:00", "text that looks like a time is text"



def test_trail_download_spells_instants_as_the_history_does(coordinator_api, where):
    """The audit trail's download said `2021-07-24T13:00:00+00:00` where the history and the report say `…Z`."""
    url, area = where
    made = coordinator_api.post(url, json={"kind": "outage", "area_id": area, "started_at": "2021-07-24 21:00",
                                           "households_affected": 40})
    report = coordinator_api.get(f"/api/v1/reports/{made.get_json()['id']}").get_json()
    trail = coordinator_api.get(f"/history/reports/{report['id']}/export.json")
    assert trail.status_code == 200, trail.get_data(as_text=True)
    created = {r["field"]: r.get("after") for r in trail.json["rows"] if r["action"] == "create"}
    for name in ("started_at", "observed_at", "reported_at", "created_at"):
        assert created[name] == report[name] and INSTANT.fullmatch(created[name]), (name, created[name])
