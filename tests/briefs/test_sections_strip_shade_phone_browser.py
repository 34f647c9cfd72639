"""A brief's sections strip (一、总体情况 二、… 五、数据质量) on a phone: it scrolls sideways, and says so.

Found at 360 px: the strip showed 一、总体情况 二、分街道（镇）情况 三、待办与| cut at the screen's edge, with no
sign that 四、工作动态 and 五、数据质量 lay past it. It now has the shadow the app's wide tables have at an edge with
more behind it.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Brief
from tests import seedcopy
from tests.conftest import browser_language, browser_login, darkening, screenshot

from .conftest import local

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sections_strip_shows_there_is_more_to_the_side(live_server, phone, make_user, database, rainstorm,
                                                             lang):
    seedcopy.compiled(database, rainstorm.id, local("2021-07-31 09:00"), 30)
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.event_id == rainstorm.id).order_by(Brief.day).limit(1))
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    browser_language(phone, live_server, lang, f"/briefs/{brief_id}")
    strip = phone.locator("nav.brief-toc")
    assert strip.locator("a").count() == 5
    assert strip.evaluate("n => n.scrollWidth > n.clientWidth")  # the five do not fit a phone's width
    screenshot(phone, f"brief-sections-strip-{lang}-phone")
    box = strip.bounding_box()
    assert box is not None
    left, right = box["x"], box["x"] + box["width"]
    # At its start: a shadow at the right edge, none at the left.
    assert darkening(phone, box, right - 2, right - 40) >= 25
    assert abs(darkening(phone, box, left + 2, left + 40)) <= 4
    # Scrolled to its end: the shadow moves to the left edge.
    strip.evaluate("n => { n.scrollLeft = n.scrollWidth; }")
    assert darkening(phone, box, left + 2, left + 40) >= 25
    assert abs(darkening(phone, box, right - 2, right - 40)) <= 4
