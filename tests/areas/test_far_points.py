"""A point far from its place — a longitude typed without its sign (114.35 W for 114.35 E), a latitude's sign, the two
numbers swapped — is refused naming the coordinates and the likely slip, on the API, the form and the areas import
alike; one stored before is listed beside the event's map as 位置可疑, not drawn (an audit, 7 December, early morning).

Found: 0, 0 was refused the night before, but 36.1041, -114.3555 was stored and stretched the event's map around the
globe as 0, 0 had, the district's sites one dot at its edge.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.areas.far import FAR_KM, SWAPPED, slip
from incidents.areas.models import Area
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload
from tests.maps.conftest import place, placed, rainstorm_id  # noqa: F401


def _area(session, name: str) -> Area:  # noqa: ANN001
    return session.scalar(sa.select(Area).where(Area.name == name))


def test_the_api_refuses_a_point_far_from_its_place_naming_the_slip(coordinator_api, seeded, session):  # noqa: F811
    lane = _area(session, "西钟楼巷")
    for body, key, said in (({"coordinates": "36.1041, -114.3555"}, "coordinates", "经度的正负号"),
                            ({"latitude": 36.1041, "longitude": -114.3555}, "longitude", "经度的正负号"),
                            ({"coordinates": "-36.1041, 114.3555"}, "coordinates", "纬度的正负号"),
                            ({"coordinates": "51.5, -0.12"}, "coordinates", f"超过 {int(FAR_KM)} 公里")):
        refused = coordinator_api.patch(f"/api/v1/areas/{lane.id}", json={**body, "version": lane.version})
        assert refused.status_code == 422, refused.json
        assert list(refused.json["errors"]) == [key] and said in refused.json["errors"][key], refused.json
    assert coordinator_api.get(f"/api/v1/areas/{lane.id}").json["latitude"] is None
    taken = coordinator_api.patch(f"/api/v1/areas/{lane.id}",
                                  json={"coordinates": "36.1041, 114.3555", "version": lane.version})
    assert taken.status_code == 200, taken.json


def test_swapped_numbers_are_said_as_swapped():
    # Anyang's swap (114, 36) is out of range and parse_point says so; a place at 10.5 N 40.2 E is not.
    assert slip((40.2, 10.5), (10.5, 40.2)) == SWAPPED


def test_the_form_and_the_import_refuse_it(client, auth, make_user, seeded, session):
    make_user("wang", "admin")
    auth.login("wang")
    bdj = _area(session, "北大街街道")
    refused = auth.post("/areas/new", {"parent_id": str(bdj.id), "level": "site", "name": "一号院",
                                       "coordinates": "36.1041, -114.3555"}, form_url="/areas/new")
    assert refused.status_code == 422
    assert "坐标" in refused.get_data(as_text=True) and "经度的正负号" in refused.get_data(as_text=True)
    rows = [["路径", "坐标"], ["文峰区/北大街街道/二号院", "36.1041, -114.3555"]]
    _token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    assert preview.status_code == 422
    assert "经度的正负号" in preview.get_data(as_text=True)
    assert _area(session, "一号院") is None and _area(session, "二号院") is None


def test_a_far_point_stored_before_is_listed_as_doubtful_not_drawn(placed, rainstorm_id, database,  # noqa: F811
                                                                   coordinator_api, client, auth,  # noqa: F811
                                                                   make_user):
    with database.transaction() as s:
        place(s, "文峰区/北大街街道/彰德路64号院", (36.1032, -114.3498))
    answer = coordinator_api.get(f"/api/v1/events/{rainstorm_id}/map")
    assert answer.status_code == 200, answer.json
    drawn = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in answer.json["features"]}
    assert "彰德路64号院" not in drawn and all(lon > 114 for lon, _lat in drawn.values()), drawn
    assert [(p["name"], p["coordinates"]) for p in answer.json["doubtful"]] == [("彰德路64号院", [-114.3498, 36.1032])]
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = client.get(f"/events/{rainstorm_id}/map").get_data(as_text=True)
    doubtful = html.split('id="doubtful-h"')[1]
    assert "位置可疑" in doubtful and "彰德路64号院" in doubtful and "-114.3498" in doubtful
    # The figures above the map count it as doubtful, linking to its list, not among the places with no
    # coordinates (whose list leaves it out): each figure is its list's length.
    figures = html.split('class="map-totals"')[1].split("</ul>")[0]
    unplaced = html.split('id="unplaced-h"')[1].split("</section>")[0].count('class="name"')
    assert re.search(rf'<strong>{unplaced}</strong> (<a href="#unplaced-h">)?个无坐标', figures), figures
    assert re.search(r'<strong>1</strong> <a href="#doubtful-h">个位置可疑</a>', figures), figures
    svg = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="site-map"')[1].split("</svg>")[0]
    # Framed on the sites drawn, the district's, not across the globe to reach it.
    assert "彰德路64号院" not in svg and svg.count('<g class="site ') == len(drawn) > 1
