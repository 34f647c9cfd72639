"""A volume's period_end corrected past the moment the report was made: an end learned later, taken.

Found by the henan replay: a pumped volume reported at 18:10 for 14:00–17:30, its end corrected to 19:30 by an edit
the next day (the pump ran on), was refused as "reported_at: is before the time it happened" — the observed_at
derived from the end followed it past reported_at (docs/domain.md: an end is added by an edit, up to the edit's
own moment).
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, created
from tests.briefs.conftest import local, make_builder


def test_a_volume_end_corrected_past_its_report_is_taken(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    op = created(api, url, {"kind": "pumping", "area_id": b.areas["site-a"], "team": "一队", "people": 6, "pumps": 2,
                          "observed_at": "2021-07-01 14:00", "reported_at": "2021-07-01 14:10"})
    vol = created(api, url, {"kind": "pumping_volume", "operation_id": op, "volume_m3": 900,
                           "period_start": "2021-07-01 14:00", "period_end": "2021-07-01 17:30",
                           "reported_at": "2021-07-01 18:10"})
    done = api.patch(f"/api/v1/reports/{vol}", json={"period_end": "2021-07-01 19:30"}, headers={"If-Match": '"1"'})
    assert done.status_code == 200, done.get_json()
    assert done.json["period_end"].startswith("2021-07-01T11:30")
    assert done.json["observed_at"].startswith("2021-07-01T11:30")  # derived, it follows the end
    assert done.json["reported_at"].startswith("2021-07-01T10:10")


def test_a_given_observed_time_still_may_not_pass_the_report(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    told = created(api, url, {"kind": "activity", "area_id": b.areas["site-a"], "title": "巡查",
                            "observed_at": "2021-07-01 14:00", "reported_at": "2021-07-01 14:10"})
    moved = api.patch(f"/api/v1/reports/{told}", json={"observed_at": "2021-07-01 15:00"}, headers={"If-Match": '"1"'})
    assert moved.status_code == 422, moved.get_json()
    assert "reported_at" in moved.json["errors"] or "observed_at" in moved.json["errors"]
