"""In Chromium with JavaScript off at 360 px: a worker at 20:00 picks 下午 and leaves the clock the page filled in.

The clock input stays shown without JavaScript, and is sent; the page's own "now" is no clock the worker gave, so
the report is saved at the afternoon's placement, not refused naming 20:00 (test_prefilled_clock_beside_a_part.py).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import ActivityEntry
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_afternoon_picked_beside_the_prefilled_clock_saves(browser, live_server, live, make_user, area_id, database,
                                                            at_eight_yesterday):
    make_user("li", "reporter")
    context = browser.new_context(viewport={"width": 360, "height": 780}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        browser_login(page, live_server, "li")
        page.goto(f"{live_server}/events/{live.id}/reports/new/activity")
        assert page.input_value("input[name=observed_at-time]") == "20:00"
        assert page.is_visible("input[name=observed_at-time]")  # no script hides it beside a part of the day
        page.select_option("#area_id", str(area_id("西钟楼巷")))
        page.fill("input[name=title]", "午后巡查")
        page.select_option("select[name=observed_at-precision]", "afternoon")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(page, "nojs-prefilled-clock-afternoon")
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        assert "/reports/" in page.url and "/new/" not in page.url, page.inner_text("main")[:500]
        assert "下午" in page.inner_text("main")
        with database.read_session() as s:
            entry = s.scalar(sa.select(ActivityEntry).where(ActivityEntry.title == "午后巡查"))
        assert entry is not None and entry.observed_precision == "afternoon"
        assert entry.observed_at.astimezone(live.tz) == at_eight_yesterday.replace(hour=15)
    finally:
        context.close()
