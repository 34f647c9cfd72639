"""The event map over /api/v1 (issue 15): GeoJSON per event as of a moment, as known at another."""

from __future__ import annotations

import pytest

from tests.maps.conftest import POINTS, placed, rainstorm_id  # noqa: F401 - fixtures

PROBLEM = "application/problem+json"
ACJY2 = "文峰区/银杏大街街道/安彩嘉园社区/安彩嘉园二期"


def test_the_map_is_a_feature_collection_of_sites_by_status(viewer_api, placed, rainstorm_id):  # noqa: F811
    url = f"/api/v1/events/{rainstorm_id}/map"
    response = viewer_api.get(url, query_string={"as_of": "2021-07-24 12:00"})
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    body = response.get_json(force=True)
    assert body["type"] == "FeatureCollection"
    assert (body["as_of"], body["known_at"], body["period_start"]) == (
        "2021-07-24T04:00:00Z", "2021-07-24T04:00:00Z", "2021-07-23T16:00:00Z")
    features = {f["properties"]["name"]: f for f in body["features"]}
    acjy2 = features["安彩嘉园二期"]
    lat, lon = POINTS[ACJY2]
    # RFC 7946: a Point's coordinates are [longitude, latitude], WGS-84.
    assert acjy2["geometry"] == {"type": "Point", "coordinates": [lon, lat]}
    assert acjy2["type"] == "Feature" and acjy2["id"] == placed[ACJY2]
    props = acjy2["properties"]
    assert (props["status"], props["statuses"], props["open_outages"], props["pumping"]) == (
        "out", ["out", "pumping"], 1, 1)
    assert props["households_affected"] is None  # not reported: never a 0
    # The site's reports, by the link given.
    reports = viewer_api.get(props["reports_url"]).get_json()
    assert {r["area_id"] for r in reports["reports"]} == {placed[ACJY2]} and reports["reports"]
    # Known later: restored at 00:45 on the 25th, heard of by 02:00.
    later = viewer_api.get(url, query_string={"as_of": "2021-07-25 01:00", "known_at": "2021-07-25T02:00+08:00"})
    statuses = {f["properties"]["name"]: f["properties"]["statuses"] for f in later.get_json(force=True)["features"]}
    assert statuses["安彩嘉园二期"][0] == "restored"


def test_places_without_coordinates_are_listed_not_dropped(viewer_api, placed, rainstorm_id):  # noqa: F811
    body = viewer_api.get(f"/api/v1/events/{rainstorm_id}/map").get_json(force=True)
    unplaced = {p["name"] for p in body["unplaced"]}
    assert "官园社区" in unplaced
    assert not unplaced & {f["properties"]["name"] for f in body["features"]}


@pytest.mark.parametrize("query, field", [({"as_of": "yesterday"}, "as_of"), ({"known_at": "2099-01-01 00:00"},
                                                                              "known_at")])
def test_a_bad_moment_is_a_problem_naming_it(viewer_api, rainstorm_id, query, field):  # noqa: F811
    response = viewer_api.get(f"/api/v1/events/{rainstorm_id}/map", query_string=query)
    assert response.status_code == 400 and response.mimetype == PROBLEM
    assert field in response.get_json()["errors"]


def test_unknown_event_and_no_token(viewer_api, app, rainstorm_id):  # noqa: F811
    assert viewer_api.get("/api/v1/events/999999/map").status_code == 404
    assert app.test_client().get(f"/api/v1/events/{rainstorm_id}/map").status_code == 401


def test_the_map_is_in_the_openapi_document(viewer_api):
    spec = viewer_api.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/events/{event_id}/map"]["get"]
    assert {p["name"] for p in operation["parameters"] if p["in"] == "query"} == {"as_of", "known_at"}
    assert "schema" in operation["responses"]["200"]["content"]["application/geo+json"]
    assert {"400", "401", "403", "404"} <= set(operation["responses"])
