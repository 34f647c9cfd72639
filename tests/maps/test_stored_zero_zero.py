"""A point stored at 0, 0 before the rule refusing it (tests/areas/test_null_island.py) is no location on the maps:
kept, such a site was drawn in the sea off West Africa and the event's map spanned the globe. The brief's small map
takes its places from the same reading (maps.services.site_map)."""

from __future__ import annotations

from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.maps.conftest import place

LANE = "文峰区/北大街街道/彰德路64号院"


def test_a_stored_zero_zero_is_listed_without_coordinates(placed, rainstorm_id, database, coordinator_api,  # noqa: F811
                                                      client, auth, make_user):
    with database.transaction() as s:
        place(s, LANE, (0.0, 0.0))
    answer = coordinator_api.get(f"/api/v1/events/{rainstorm_id}/map")
    assert answer.status_code == 200, answer.json
    drawn = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in answer.json["features"]}
    assert "彰德路64号院" not in drawn and [0.0, 0.0] not in drawn.values(), drawn
    assert "彰德路64号院" in [p["name"] for p in answer.json["unplaced"]], answer.json["unplaced"]
    # The event's map page: the lane among the places without coordinates (官园社区 the other), named in their list.
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = client.get(f"/events/{rainstorm_id}/map").get_data(as_text=True)
    unplaced = html.split('id="unplaced-h"')[1]
    assert "<strong>2</strong>" in html.split('class="map-totals"')[1].split("</ul>")[0] and "彰德路64号院" in unplaced
