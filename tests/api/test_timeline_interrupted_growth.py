"""Units restored at a point that also reports growth count in the timeline's statistics.

Found by replaying a flood through the API: an update "affected now 250, 50 restored" on a
200-household outage leaves 200 still out. The brief counted the 50 restored (`falls.py`: what
was out, plus growth, less what is out), but the timeline's statistics counted only the fall in
what is out (none), so its households interrupted (restored so far plus still out) said 200 where
the brief's affected said 250, and the 50 restored were missing from the mean and median hours.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder


def test_growth_with_restoration_counts_the_restored_units(database, coordinator_api: TokenClient):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = coordinator_api.post(url, json={
        "kind": "outage", "area_id": b.areas["site-a"], "started_at": "2021-07-01 08:00",
        "households_affected": 200, "reported_at": "2021-07-01 08:10"})
    assert outage.status_code == 201, outage.json
    update = coordinator_api.post(url, json={
        "kind": "outage_update", "outage_id": outage.json["id"], "observed_at": "2021-07-01 18:00",
        "households_affected": 250, "households_restored": 50, "reported_at": "2021-07-01 18:10"})
    assert update.status_code == 201, update.json

    timeline = coordinator_api.get(f"/api/v1/events/{b.event_id}/timeline",
                                   query_string={"as_of": "2021-07-02 08:00"})
    assert timeline.status_code == 200, timeline.json
    assert timeline.json["curve"]["households"]["current"] == 200
    households = timeline.json["stats"]["households"]
    # 50 restored after 10 hours, 200 still out after 24: interrupted 250, mean (500 + 4800) / 250.
    assert (households["interrupted"], households["still_out"]) == (250, 200)
    assert households["mean_hours"] == 21.2
