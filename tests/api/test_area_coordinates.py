"""The area API reads pasted coordinates with the form's parser and says where each area's point came from."""

import sqlalchemy as sa

from incidents.areas.models import Area


def test_api_takes_pasted_coordinates_and_names_bad_ones(coordinator_api, seeded, session):
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    created = coordinator_api.post("/api/v1/areas", json={"name": "仓巷街12号院", "level": "site", "parent_id": parent,
                                                          "coordinates": "北纬36°05′26″，东经114°21′26″"})
    assert created.status_code == 201, created.json
    body = created.json
    assert round(body["latitude"], 4) == 36.0906 and body["location_state"] == "entered"
    bad = coordinator_api.patch(body["url"], json={"coordinates": "36, 190", "version": body["version"]},
                                headers={"Accept-Language": "en"})
    assert bad.status_code == 422 and "longitude 190" in str(bad.json)
    both = coordinator_api.patch(body["url"], json={"coordinates": "36, 114", "latitude": 36,
                                                    "version": body["version"]})
    assert both.status_code == 422 and "coordinates" in str(both.json)
    # Without coordinates: saved, then placed by the gazetteer, which knows 天宁寺 (approximately).
    district = session.scalar(sa.select(Area.id).where(Area.name == "文峰区"))
    cleared = coordinator_api.patch(f"/api/v1/areas/{district}", json={"coordinates": "", "version": 1})
    assert cleared.status_code == 200
    temple = session.scalar(sa.select(Area.id).where(Area.name == "天宁寺"))
    read = coordinator_api.get(f"/api/v1/areas/{temple}").json
    assert read["location_state"] == "geocoded" and read["location_approximate"] is True
    assert read["location_precision_m"] == 1500 and "安阳古城" in read["location_source"]
    assert coordinator_api.get(f"/api/v1/areas/{district}").json["location_state"] == "geocoded"
