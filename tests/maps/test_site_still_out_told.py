"""A site's line under the map says what is still out by the timeline's rule (timelines/curves.told), as the
by-subdistrict table above it and the brief do.

Its own wording said 未报 at a site whose one outage was all back but for the word (0 still out) beside another
outage that gave no count, where the timeline said 0 with 1 not reported; and beside a counted outage the silent one
made the count 50余 with nothing said of it.
"""

from __future__ import annotations

import re

from tests.api.conftest import TokenClient, coordinator_api, new_token, token_client  # noqa: F401
from tests.briefs.conftest import local, make_builder
from tests.conftest import unspanned

AT = "?at=2021-07-03T00:00:00%2B08:00"


def _site_facts(client, event_id: int, name: str) -> str:  # noqa: ANN001
    html = unspanned(client.get(f"/events/{event_id}/map{AT}").get_data(as_text=True))
    item = next(li for li in html.split("<li") if name in li and 'class="facts"' in li)
    facts = item.split('class="facts">', 1)[1].split("</span></li>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", facts)).strip()


def _outage(api: TokenClient, b, area: str, **word) -> int:  # noqa: ANN001
    made = api.post(
        f"/api/v1/events/{b.event_id}/reports",
        json={
            "kind": "outage",
            "area_id": b.areas[area],
            "started_at": "2021-07-02 11:00",
            "reported_at": "2021-07-02 11:10",
            **word,
        },
    )
    assert made.status_code == 201, made.json
    return made.json["id"]


def _timeline_group(api: TokenClient, b, name: str) -> dict:  # noqa: ANN001
    timeline = api.get(f"/api/v1/events/{b.event_id}/timeline", query_string={"as_of": "2021-07-03 00:00"}).json
    return next(g for g in timeline["groups"] if g["subdistrict_name"] == name)


def test_a_site_s_still_out_beside_a_silent_outage_reads_as_the_timeline(
    database,
    client,
    auth,
    make_user,
    coordinator_api: TokenClient,  # noqa: F811
):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    counted = _outage(api, b, "site-a", households_affected=50, buildings_affected=2)
    _outage(api, b, "site-a")
    _outage(api, b, "site-b", households_affected=30)
    _outage(api, b, "site-b")
    # All 50 households back at site-a, its 2 buildings not: the outage is open, 0 households known out there.
    back = api.post(
        f"/api/v1/events/{b.event_id}/reports",
        json={
            "kind": "outage_update",
            "outage_id": counted,
            "observed_at": "2021-07-02 15:00",
            "reported_at": "2021-07-02 15:10",
            "households_restored": 50,
        },
    )
    assert back.status_code == 201, back.json
    a, other = _timeline_group(api, b, "甲街道"), _timeline_group(api, b, "乙街道")
    assert (a["households_out"], a["households_not_reported"]) == (0, 1)
    assert (other["households_out"], other["households_out_lb"], other["households_not_reported"]) == (30, False, 1)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    site_a, site_b = _site_facts(client, b.event_id, "甲小区"), _site_facts(client, b.event_id, "乙小区")
    assert "仍停电0户 （另有1处未报） ·" in site_a, site_a
    assert "仍停电30户 （另有1处未报） ·" in site_b, site_b
