"""An area page's "nearby" says how many places with an outage still open (or pumping) have no coordinates and
so were not measured: 北大街街道's page said 3 公里内没有未恢复的停电 while 文峰汇·十二府, under it and without
coordinates, was still out, as the map page and the timeline said."""

from __future__ import annotations

from tests.conftest import switch_language
from tests.maps.conftest import place

WFH = "文峰区/北大街街道/文峰汇·十二府"
ZDL64 = "文峰区/北大街街道/彰德路64号院"


def _nearby(client, url: str) -> str:
    return client.get(url).get_data(as_text=True).split('id="nearby"')[1].split("</section>")[0]


def test_nearby_names_what_it_could_not_measure(placed, rainstorm_id, database, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    url = f"/areas/{placed[ZDL64]}?event={rainstorm_id}"
    assert "没有坐标" not in _nearby(auth.client, url)  # 文峰汇·十二府 is placed and listed: nothing to add
    with database.transaction() as s:
        place(s, WFH, None)  # the one outage still open at the event's end, now without coordinates
    nearby = _nearby(auth.client, url)
    assert "3 公里内没有未恢复的停电，也没有正在进行的排涝。" in nearby
    assert "另有1个有未恢复停电或正在排涝的地点没有坐标，未计入" in nearby
    assert f'href="/events/{rainstorm_id}/map#unplaced-h"' in nearby
    switch_language(auth.client, "en")
    assert "1 more place with an outage still open or pumping has no coordinates and was not measured" in _nearby(
        auth.client, url)


def test_with_every_event_over_nearby_looks_at_the_one_that_ended_last(placed, rainstorm_id, auth, make_user):
    """With both demo events over, an area page's nearby looked at the typhoon (begun last, over on 29 July) and said
    3 公里内没有未恢复的停电; the rainstorm, over on 31 July with 文峰汇·十二府 still out, is the latest word."""
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    page = auth.client.get(f"/areas/{placed[ZDL64]}").get_data(as_text=True)
    chosen = page.split('id="nearby"')[1].split("</select>")[0]
    assert f'<option value="{rainstorm_id}" selected' in chosen, chosen
    assert "文峰汇·十二府" in _nearby(auth.client, f"/areas/{placed[ZDL64]}")


def test_an_event_still_going_is_looked_at_before_any_over(placed, live, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    page = auth.client.get(f"/areas/{placed[ZDL64]}").get_data(as_text=True)
    assert f'<option value="{live.id}" selected' in page.split('id="nearby"')[1].split("</select>")[0]
