"""A report whose observed time is its own start or period follows it when that is corrected.

Found by the storm replay: an outage begun 23:19, its started_at corrected to 01:01 the next day, kept observed_at
23:19, so the brief of the day before still counted it among its subdistrict's reports (and the day it now begins
did not); a volume's and a clearance's observed_at kept the end of their period as first sent.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief, created
from tests.briefs.conftest import local, make_builder


def _fix(api: TokenClient, rid: int, body: dict) -> dict:
    done = api.patch(f"/api/v1/reports/{rid}", json=body, headers={"If-Match": '"1"'})
    assert done.status_code == 200, done.get_json()
    return done.json


def test_an_outage_start_corrected_past_midnight_leaves_the_day_before(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    out = created(api, url, {"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 200,
                           "started_at": "2021-07-01 23:30", "reported_at": "2021-07-02 00:40"})
    into = created(api, url, {"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 100,
                            "started_at": "2021-07-02 00:20", "reported_at": "2021-07-02 00:45"})
    assert _fix(api, out, {"started_at": "2021-07-02 00:30"})["observed_at"].startswith("2021-07-01T16:30")
    assert _fix(api, into, {"started_at": "2021-07-01 23:50"})["observed_at"].startswith("2021-07-01T15:50")
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    content = api.get(brief["formats"]["json"]).json["content"]
    assert content["power"]["new_in_period"] == 1
    assert content["quality"]["reports_used"] == 1  # the one begun 23:50 now, not the one begun 00:30


def test_a_given_observed_time_is_kept_and_a_period_carries_its_own(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    debris = created(api, url, {"kind": "debris", "area_id": b.areas["site-a"], "mass_kg": 500,
                              "period_start": "2021-07-01 20:00", "period_end": "2021-07-01 23:00",
                              "reported_at": "2021-07-02 06:00"})
    moved = _fix(api, debris, {"period_start": "2021-07-02 01:00", "period_end": "2021-07-02 04:00"})
    assert moved["observed_at"].startswith("2021-07-01T20:00")  # 04:00 local, the period's new end
    told = created(api, url, {"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 20,
                            "started_at": "2021-07-01 10:00", "observed_at": "2021-07-01 11:00",
                            "reported_at": "2021-07-01 11:05"})
    kept = _fix(api, told, {"started_at": "2021-07-01 09:00"})
    assert kept["observed_at"].startswith("2021-07-01T03:00")  # 11:00 local, as given
