"""A revision counts a correction that moved a report out of its day: the day's figures changed by it.

Found by the storm replay's update whose time was corrected across a midnight after the day's cut-off: 80 households
back at 23:30 on 1 July, the time corrected to 2 July 00:30; the revision of 1 July no longer had the 80 back but said
nothing changed (更正0份), as the correction was judged by where the report stands now, on 2 July.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief, created
from tests.briefs.conftest import local, make_builder


def test_an_update_moved_past_midnight_after_the_cutoff_is_a_correction(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = created(api, url, {"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 200,
                              "started_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:05"})
    update = created(api, url, {"kind": "outage_update", "outage_id": outage, "households_restored": 80,
                              "observed_at": "2021-07-01 23:30", "reported_at": "2021-07-02 00:40"})
    first = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    assert api.get(first["formats"]["json"]).json["content"]["power"]["households_restored"]["value"] == 80

    moved = api.patch(f"/api/v1/reports/{update}", json={"observed_at": "2021-07-02 00:30"},
                      headers={"If-Match": '"1"'})
    assert moved.status_code == 200, moved.get_json()
    again = compiled_brief(api, database, f"/api/v1/briefs/{first['id']}/recompile")
    content = api.get(again["formats"]["json"]).json["content"]
    assert content["power"]["households_restored"]["value"] is None  # nothing back on 1 July now
    quality = content["quality"]
    assert (quality["added_since_previous_revision"], quality["corrected_since_previous_revision"]) == (0, 1)


def test_one_moved_into_the_day_and_one_moved_within_a_later_day(database, coordinator_api: TokenClient):
    """Into the day: it bears on it as it stands; from one later day to another: the day is not changed by it."""
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = created(api, url, {"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 200,
                              "started_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:05"})
    into = created(api, url, {"kind": "outage_update", "outage_id": outage, "households_restored": 50,
                            "observed_at": "2021-07-02 00:30", "reported_at": "2021-07-02 00:40"})
    later = created(api, url, {"kind": "outage_update", "outage_id": outage, "households_restored": 90,
                             "observed_at": "2021-07-02 06:00", "reported_at": "2021-07-02 06:10"})
    first = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    for rid, when in ((into, "2021-07-01 23:30"), (later, "2021-07-02 05:00")):
        fixed = api.patch(f"/api/v1/reports/{rid}", json={"observed_at": when}, headers={"If-Match": '"1"'})
        assert fixed.status_code == 200, fixed.get_json()
    again = compiled_brief(api, database, f"/api/v1/briefs/{first['id']}/recompile")
    content = api.get(again["formats"]["json"]).json["content"]
    assert content["power"]["households_restored"]["value"] == 50
    assert content["quality"]["corrected_since_previous_revision"] == 1
