"""At 360 px a site with a long name (安阳市第二人民医院家属院南区地下停车场及配电室) filled the still-out list's first
column on one line: every row showed the name alone, its since, hours out and households off screen to the right."""

import pytest

from incidents.areas.services import create_area
from incidents.models import Area
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

LONG = "北大街街道彰德路与文峰中路交叉口东北角安阳市第二人民医院家属院南区地下停车场及配电室"


def test_a_long_place_name_wraps_and_the_row_s_figures_stay_on_screen(phone, live_server, build, database,
                                                                       make_user):
    with database.transaction() as s:
        site = create_area(s, name=LONG, level="site", parent=s.get(Area, build.areas["sub-a"]))
        build.areas["long"] = site.id
    build.outage("long", households_affected=5)
    make_user("viewer1", "viewer")
    page = phone
    browser_login(page, live_server, "viewer1")
    page.goto(f"{live_server}/events/{build.event_id}/timeline")
    row = page.locator("table.tl-outstanding tbody tr").first
    assert LONG in row.inner_text()
    since = row.locator("td").first.bounding_box()
    assert since["x"] + since["width"] <= page.viewport_size["width"], since
    screenshot(page, "timeline-long-name-still-out-phone")
