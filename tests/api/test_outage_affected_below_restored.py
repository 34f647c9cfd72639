"""An outage's households corrected below what an update of it already said was back: refused, naming the update.

Found replaying a typhoon through the API: 新华社区 out for 77 households, 30 back at 18:00; the outage corrected
to 20 households was taken, and the outage left the still-out figures (20 − 30 read as none out) with nobody
saying power was back.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder


def test_affected_below_an_updates_restored_is_refused(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 77,
                                 "buildings_affected": 6, "started_at": "2021-07-01 10:00",
                                 "reported_at": "2021-07-01 10:30"}).json
    update = api.post(url, json={"kind": "outage_update", "outage_id": outage["id"], "observed_at": "2021-07-01 18:00",
                                 "reported_at": "2021-07-01 18:10", "households_restored": 30,
                                 "buildings_out": 4}).json
    current = api.get(f"/api/v1/reports/{outage['id']}")
    etag = current.headers["ETag"]

    refused = api.patch(f"/api/v1/reports/{outage['id']}", json={"households_affected": 20},
                        headers={"If-Match": etag, "Accept-Language": "en"})
    assert refused.status_code == 422, refused.get_data(as_text=True)
    assert f"#{update['id']}" in refused.json["errors"]["households_affected"], refused.json
    refused = api.patch(f"/api/v1/reports/{outage['id']}", json={"buildings_affected": 3}, headers={"If-Match": etag})
    assert refused.status_code == 422 and "buildings_affected" in refused.json["errors"], refused.json
    assert api.get(f"/api/v1/reports/{outage['id']}").json["households_affected"] == 77  # nothing saved

    state = api.get(f"/api/v1/events/{b.event_id}/outages", query_string={"as_of": "2021-07-01 20:00"}).json
    assert [o["households_out"] for o in state["outages"]] == [47]
    # As many as were back, or a note fixed on the outage, is taken.
    assert api.patch(f"/api/v1/reports/{outage['id']}", json={"households_affected": 30},
                     headers={"If-Match": etag}).status_code == 200


def test_a_lower_bound_below_an_updates_figure_is_taken(database, coordinator_api: TokenClient):
    # "10余栋" is more than 10: an update's 15 buildings back does not contradict it.
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "buildings_affected": 18,
                                 "started_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:30"}).json
    assert "id" in outage, outage
    assert api.post(url, json={"kind": "outage_update", "outage_id": outage["id"], "observed_at": "2021-07-01 18:00",
                               "reported_at": "2021-07-01 18:10", "buildings_restored": 15}).status_code == 201
    etag = api.get(f"/api/v1/reports/{outage['id']}").headers["ETag"]
    taken = api.patch(f"/api/v1/reports/{outage['id']}", json={"buildings_affected": "10+"}, headers={"If-Match": etag})
    assert taken.status_code == 200, taken.json
    assert (taken.json["buildings_affected"], taken.json["buildings_affected_lb"]) == (10, True)
