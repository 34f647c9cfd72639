"""A district total is "more than" when a report in another subdistrict gave no figure for it.

Found by replaying a flood through the API: a clearance of 12.5 t with no truckload count in one
subdistrict, beside one of 3 truckloads in another, gave the district "约1车" (exact), although the
same two reports in one subdistrict gave "1余车": a subdistrict whose reports gave no figure at all
had its lower-bound flag dropped with its empty sum when the subdistricts were added up.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import local, make_builder


@pytest.mark.parametrize("second_site", ["site-a", "site-b"])
def test_a_clearance_without_truckloads_makes_the_total_a_lower_bound(database, coordinator_api: TokenClient,
                                                                       second_site: str):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    for site, loads in (("site-a", 3), (second_site, None)):
        body = {"kind": "debris", "area_id": b.areas[site], "mass_kg": 1000, "period_start": "2021-07-01 08:00",
                "period_end": "2021-07-01 12:00", "reported_at": "2021-07-01 13:00"}
        if loads is not None:
            body["truckloads"] = loads
        made = api.post(url, json=body)
        assert made.status_code == 201, made.get_data(as_text=True)
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    loads = api.get(brief["formats"]["json"]).json["content"]["debris"]["truckloads"]
    assert (loads["period"]["value"], loads["period"]["lb"]) == (3, True)
    assert (loads["to_date"]["value"], loads["to_date"]["lb"]) == (3, True)
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert "3余车" in text, text


@pytest.mark.parametrize("second_site", ["site-a", "site-b"])
def test_a_disinfection_without_person_times_makes_the_total_a_lower_bound(database, coordinator_api: TokenClient,
                                                                           second_site: str):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    for site, people in (("site-a", 30), (second_site, None)):
        body = {"kind": "disinfection", "area_id": b.areas[site], "observed_at": "2021-07-01 10:00",
                "counts": {"street": [1, False]}, "reported_at": "2021-07-01 13:00"}
        if people is not None:
            body["person_times"] = people
        made = api.post(url, json=body)
        assert made.status_code == 201, made.get_data(as_text=True)
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    people = api.get(brief["formats"]["json"]).json["content"]["disinfection"]["person_times"]
    assert (people["period"]["value"], people["period"]["lb"]) == (30, True)
    assert (people["to_date"]["value"], people["to_date"]["lb"]) == (30, True)
