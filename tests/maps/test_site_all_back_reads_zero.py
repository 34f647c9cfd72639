"""A site whose outages are all back has 0 households still out in the map's GeoJSON, as its subdistrict's row, the
timeline's group and the outage itself say (timelines/curves.told: 0 when none is open, null only for 未报).

Until 7 December the site said null there, which a client reads as 未报 (nobody said), beside the timeline's 0.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, coordinator_api, new_token, token_client  # noqa: F401
from tests.briefs.conftest import local, make_builder

AS_OF = {"as_of": "2021-07-03 00:00"}


def _post(api: TokenClient, event_id: int, **body) -> int:  # noqa: ANN003
    made = api.post(f"/api/v1/events/{event_id}/reports", json=body)
    assert made.status_code == 201, made.json
    return made.json["id"]


def test_a_site_all_back_reads_0_still_out_like_the_timeline(database, coordinator_api: TokenClient):  # noqa: F811
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    back = _post(api, b.event_id, kind="outage", area_id=b.areas["site-a"], started_at="2021-07-02 11:00",
                 reported_at="2021-07-02 11:10", households_affected=50, buildings_affected=2)
    _post(api, b.event_id, kind="outage_update", outage_id=back, observed_at="2021-07-02 15:00",
          reported_at="2021-07-02 15:10", fully_restored=True)
    _post(api, b.event_id, kind="outage", area_id=b.areas["site-b"], started_at="2021-07-02 12:00",
          reported_at="2021-07-02 12:10", households_affected=30)
    outages = api.get(f"/api/v1/events/{b.event_id}/outages", query_string=AS_OF).json["outages"]
    assert [(o["households_out"], o["open"]) for o in outages if o["outage_id"] == back] == [(0, False)]
    groups = {g["subdistrict_name"]: g for g in
              api.get(f"/api/v1/events/{b.event_id}/timeline", query_string=AS_OF).json["groups"]}
    assert groups["甲街道"]["households_out"] == 0
    geo = api.get(f"/api/v1/events/{b.event_id}/map", query_string=AS_OF).json
    sites = {s["area_id"]: s for s in [*geo["unplaced"], *(f["properties"] for f in geo["features"])]}
    a, other = sites[b.areas["site-a"]], sites[b.areas["site-b"]]
    assert (a["outages"], a["open_outages"], a["households_out"], a["households_out_lb"]) == (1, 0, 0, False)
    assert (other["open_outages"], other["households_out"]) == (1, 30)
