"""An event with no reports offers ＋新报告 and 导入文件. The first was styled by reports.css, which the event page
does not load: it stood as an underlined outline with 导入文件 touching its edge, where the report list shows it
filled. It is the filled first choice, a gap from the link beside it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from incidents import demo
from incidents.db import now_utc
from incidents.events.services import create_event
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_an_empty_events_first_step_is_a_filled_button(seeded, database, make_user, live_server, phone):
    with database.transaction() as s:
        district = demo._area_by_path(s, "文峰区")
        event = create_event(s, code="quiet-storm", name="无报告暴雨", kind="rainstorm",
                             starts_at=now_utc() - timedelta(hours=3), timezone="Asia/Shanghai", area_id=district.id)
        event_id = event.id
    make_user("co", "coordinator")
    browser_login(phone, live_server, "co")
    phone.goto(f"{live_server}/events/{event_id}")
    new = phone.locator("main a", has_text="＋ 新报告")
    imp = phone.locator("main a", has_text="导入文件")
    screenshot(phone, "empty-event-phone")
    assert new.evaluate("a => getComputedStyle(a).backgroundColor") == "rgb(23, 50, 77)"
    a, b = new.bounding_box(), imp.bounding_box()
    assert b["x"] >= a["x"] + a["width"] + 8 or b["y"] >= a["y"] + a["height"], (a, b)
