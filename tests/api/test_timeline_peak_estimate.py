"""The timeline's peak where "more than" and "at most" counts meet is about (约), not "more than".

Found by an outside replay of a three-day rainstorm (tests/api/test_rainstorm_outsider.py): the peak
point summed 50余户 with 不超过20户 still out; the point itself said `households_out_approx`, but the
measure said `peak_lb: true` and the page 峰值70余户. It now says `peak_approx` and 约70.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, created
from tests.briefs.conftest import local, make_builder


def test_the_timeline_peak_is_about_where_more_than_meets_at_most(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"

    def post(body: dict) -> int:
        return created(api, url, body)  # asserts the 201

    a = post({"kind": "outage", "area_id": b.areas["site-a"], "started_at": "2021-07-01 16:00",
              "households_affected": 60, "reported_at": "2021-07-01 16:10"})
    post({"kind": "outage_update", "outage_id": a, "observed_at": "2021-07-01 22:00", "households_restored": "40+",
          "reported_at": "2021-07-01 22:10"})
    post({"kind": "outage", "area_id": b.areas["site-b"], "started_at": "2021-07-01 23:00",
          "households_affected": "50+", "reported_at": "2021-07-01 23:10"})
    timeline = api.get(f"/api/v1/events/{b.event_id}/timeline", query_string={"as_of": "2021-07-02 00:00"})
    assert timeline.status_code == 200, timeline.json
    households = timeline.json["curve"]["households"]
    assert (households["peak"], households["peak_lb"], households["peak_approx"]) == (70, False, True)
    assert timeline.json["curve"]["points"][-1]["households_out_approx"] is True
    page = api.page(f"/events/{b.event_id}/timeline", query_string={"as_of": "2021-07-02 00:00"})
    assert page.status_code == 200
    assert "70余" not in page.get_data(as_text=True) and "约70" in page.get_data(as_text=True)
