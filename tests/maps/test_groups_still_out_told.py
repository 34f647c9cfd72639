"""The map's by-subdistrict table says what is still out by the timeline's rule (timelines/curves.told).

A subdistrict with one open outage of 50 households and one that gave no count said 50余 on the map (the silent
outage made the sum "more than") while the timeline's group and the brief said 50 with 1 not reported beside it;
a subdistrict whose every open outage gave no count says 未报, never 0.
"""

from __future__ import annotations

import re

from tests.api.conftest import TokenClient, coordinator_api, new_token, token_client  # noqa: F401
from tests.briefs.conftest import local, make_builder

AT = "?at=2021-07-03T00:00:00%2B08:00"


def _group_cell(client, event_id: int, name: str) -> str:  # noqa: ANN001
    html = client.get(f"/events/{event_id}/map{AT}").get_data(as_text=True)
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    row = next(r for r in table.split("</tr>") if name in r)
    cell = re.findall(r'<td class="n"[^>]*>(.*?)</td>', row)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()


def test_a_subdistrict_s_still_out_follows_the_rule(database, client, auth, make_user,
                                                     coordinator_api: TokenClient):  # noqa: F811
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    for area, word in (("site-a", {"households_affected": 50}), ("site-a", {}), ("site-b", {})):
        made = api.post(url, json={"kind": "outage", "area_id": b.areas[area], "started_at": "2021-07-02 11:00",
                                   "reported_at": "2021-07-02 11:10", **word})
        assert made.status_code == 201, made.json
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    timeline = api.get(f"/api/v1/events/{b.event_id}/timeline", query_string={"as_of": "2021-07-03 00:00"}).json
    groups = {g["subdistrict_name"]: g for g in timeline["groups"]}
    assert (groups["甲街道"]["households_out"], groups["甲街道"]["households_out_lb"]) == (50, False)
    assert groups["甲街道"]["households_not_reported"] == 1
    assert groups["乙街道"]["households_out"] is None
    a, b_cell = _group_cell(client, b.event_id, "甲街道"), _group_cell(client, b.event_id, "乙街道")
    assert a == "50 （另有1处未报）", a
    assert b_cell == "未报", b_cell  # under 仍停电户数: 户数未报 said households twice
