"""The map's figures say 0 个无坐标 as plain text, as they say 0 停电: a link led to an empty list
(无坐标的地点（0）)."""

from __future__ import annotations

import re

from tests.conftest import switch_language
from tests.maps.conftest import UNPLACED, place


def _unplaced_item(html: str) -> str:
    totals = html.split('class="map-totals"')[1].split("</ul>")[0]
    return next(li for li in totals.split("<li>") if "without coordinates" in li or "无坐标" in li)


def test_none_without_coordinates_is_said_without_a_link(placed, rainstorm_id, database, client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    url = f"/events/{rainstorm_id}/map"
    # 官园社区 has reports and no coordinates: the figure is the way to it.
    some = _unplaced_item(client.get(url).get_data(as_text=True))
    assert re.search(r'<strong>1</strong> <a href="#unplaced-h">个无坐标</a>', some), some
    with database.transaction() as s:
        for i, path in enumerate(UNPLACED):
            place(s, path, (36.09 + i / 100, 114.35))
    none = client.get(url).get_data(as_text=True)
    item = _unplaced_item(none)
    assert "<a" not in item and re.sub(r"<[^>]+>", "", item).split() == ["0", "个无坐标"], item
    assert "有报告的地点都有坐标。" in none  # the section below says why its list is empty
    switch_language(client, "en")
    item = _unplaced_item(client.get(url).get_data(as_text=True))
    assert "<a" not in item and re.sub(r"<[^>]+>", "", item).split() == ["0", "without", "coordinates"], item
