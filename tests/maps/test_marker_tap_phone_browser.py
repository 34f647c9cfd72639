"""A map marker is a thumb's target on a phone: a tap beside its dot opens its site's reports.

Found at 360 px: the map's links were the dots alone, 17 px across (a 5-unit circle of a 400-unit map drawn
314 px wide); a tap a few pixels off the dot did nothing.
"""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_a_tap_beside_a_marker_opens_its_reports(phone, live_server, placed, rainstorm_id, make_user):
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    phone.goto(f"{live_server}/events/{rainstorm_id}/map")
    links = phone.locator("svg.site-map a")
    assert links.count() >= 2
    screenshot(phone, "map-markers-phone")
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box is not None and box["width"] >= 40 and box["height"] >= 40, (i, box)
    links.first.scroll_into_view_if_needed()  # a tap lands only within the screen
    dot = links.first.locator("g.site > circle").last.bounding_box()
    assert dot is not None
    href = links.first.get_attribute("href")
    # 15 px below the dot's centre: off the dot, on the marker's target.
    with phone.expect_navigation():
        phone.touchscreen.tap(dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2 + 15)
    assert phone.url.endswith(href), (phone.url, href)
