"""A place's point of 0, 0 — what a phone without a location fix, or a sheet's blank read as a number, gives — is
refused naming the coordinates, on the form, the API and the areas import (probed 7 December, night).

Kept, it drew the event's map around the globe: 西钟楼巷 at 0, 0 in the sea off West Africa, and the district's two
real sites, 0.2 km apart, became one dot at the map's edge.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload


def _area(session, name: str) -> Area:  # noqa: ANN001
    return session.scalar(sa.select(Area).where(Area.name == name))


def test_the_api_refuses_zero_zero_naming_the_coordinates(coordinator_api, seeded, session):  # noqa: F811
    lane = _area(session, "西钟楼巷")
    for body, key in (({"coordinates": "0, 0"}, "coordinates"), ({"latitude": 0, "longitude": 0}, "latitude"),
                      ({"latitude": 0.0, "longitude": -0.0}, "latitude")):
        refused = coordinator_api.patch(f"/api/v1/areas/{lane.id}", json={**body, "version": lane.version})
        assert refused.status_code == 422, refused.json
        assert list(refused.json["errors"]) == [key] and "0, 0" in refused.json["errors"][key], refused.json
    assert coordinator_api.get(f"/api/v1/areas/{lane.id}").json["latitude"] is None
    # A point on the equator or the prime meridian is not 0, 0: here it is refused only as far from the lane's
    # subdistrict (tests/areas/test_far_points.py), never as 0, 0.
    far = coordinator_api.patch(f"/api/v1/areas/{lane.id}", json={"coordinates": "0, 114.35", "version": lane.version})
    assert far.status_code == 422 and "0, 0" not in far.json["errors"]["coordinates"], far.json
    taken = coordinator_api.patch(f"/api/v1/areas/{lane.id}",
                                  json={"coordinates": "36.1041, 114.3555", "version": lane.version})
    assert taken.status_code == 200, taken.json
    # A point stored at 0, 0 before the rule: the area's other fields stay editable.
    session.rollback()
    session.execute(sa.update(Area).where(Area.id == lane.id).values(latitude=0.0, longitude=0.0))
    session.commit()
    kept = coordinator_api.patch(f"/api/v1/areas/{lane.id}", json={"households": 30, "version": taken.json["version"]})
    assert kept.status_code == 200, kept.json


def test_the_form_and_the_import_refuse_it(client, auth, make_user, seeded, session):
    make_user("wang", "admin")
    auth.login("wang")
    bdj = _area(session, "北大街街道")
    refused = auth.post("/areas/new", {"parent_id": str(bdj.id), "level": "site", "name": "一号院",
                                       "coordinates": "0,0"}, form_url="/areas/new")
    assert refused.status_code == 422
    assert "坐标" in refused.get_data(as_text=True) and "0, 0" in refused.get_data(as_text=True)
    rows = [["路径", "坐标"], ["文峰区/北大街街道/二号院", "0, 0"]]
    _token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    assert preview.status_code == 422
    assert "0, 0" in preview.get_data(as_text=True)
    assert _area(session, "一号院") is None and _area(session, "二号院") is None
